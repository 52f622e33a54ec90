#!/usr/bin/env bash
# The saved fold (issue 25) on PostgreSQL, side by side with its floor (psql \copy of the run columns the fold reads
# to /dev/null), on the large demo loaded into a throw-away server. One pass, the floor taken before each render:
#   cold             a --full render into an empty folder (the fold is saved)
#   nothing-changed  the same render again: the saved fold continued, same as-of
#   one-more-day     ~14,000 runs of a new day inserted (the runs that were running finish), rendered at as-of + 1 day
#   one-more-day-full  the same with --full into an empty folder: its fold file must equal the continued render's
# The read-and-fold seconds come from each render's summary line. Prints figures; not a test.
#
#   bench/saved-fold-postgres.sh     # after bench/run.sh made bench/cache/large.db
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=$PWD/.build/release/flowsite
CACHE=bench/cache
WORK=$CACHE/saved-fold-pg
AS_OF=2026-11-25T00:00:00Z
NEXT_DAY=2026-11-26T00:00:00Z
PYTHON=$HOME/.cache/flowsite/venv/bin/python
[ -f "$CACHE/large.db" ] || { echo "bench/saved-fold-postgres.sh: run bench/run.sh first (it makes $CACHE/large.db)" >&2; exit 1; }
[ -x "$PYTHON" ] || scripts/install-deps.sh test
swift build -c release --product flowsite 2>&1 | tail -1
rm -rf "$WORK" && mkdir -p "$WORK"

source bench/postgres-load.sh

FLOORS="" LINES=""
floor() {
    /usr/bin/time -f "%e" -o "$WORK/time.out" psql -X -q "$URL" -c "\\copy (SELECT workflow_id, triggered_at, status, error_message FROM workflowrun) TO '/dev/null'"
    FLOORS+="$(cat "$WORK/time.out") "
}
render() {
    local name=$1; shift
    floor
    /usr/bin/time -f "%e %M" -o "$WORK/time.out" "$BIN" render --db "$URL" --timings "$@" > /dev/null 2> "$WORK/stderr.out" || { cat "$WORK/stderr.out" >&2; exit 1; }
    read -r t m < "$WORK/time.out"
    local read; read=$(grep -o 'in [0-9.]* s$' "$WORK/stderr.out" | grep -o '[0-9.]*' | tail -1)
    echo "  $name: $t s, $((m / 1024)) MB — $(grep '^flowsite: [0-9]* pages' "$WORK/stderr.out" | sed 's/^flowsite: //')"
    LINES+="$name $t $read $((m / 1024))"$'\n'
}

echo "== PostgreSQL: the saved fold"
render cold --out "$WORK/site" --as-of "$AS_OF" --state "$WORK/app.fold" --full
render nothing-changed --out "$WORK/site" --as-of "$AS_OF" --state "$WORK/app.fold"
psql -X -q "$URL" <<'SQL'
INSERT INTO workflowrun (id, triggered_at, status, trigger_data, output_data, error_message, workflow_id)
SELECT (SELECT max(id) FROM workflowrun) + i, timestamp '2026-11-25' + i * interval '1 day' / 14000,
       CASE WHEN i % 9 = 0 THEN 'failed' WHEN i > 13990 THEN 'running' ELSE 'completed' END, '{}', NULL,
       CASE WHEN i % 9 = 0 THEN 'HTTP 502 from upstream' END, 1 + (i * 7919) % 10000
FROM generate_series(1, 14000) AS i;
UPDATE workflowrun SET status = 'completed' WHERE status IN ('running', 'queued', 'pending') AND triggered_at < '2026-11-25';
SQL
render one-more-day --out "$WORK/site" --as-of "$NEXT_DAY" --state "$WORK/app.fold"
render one-more-day-full --out "$WORK/full" --as-of "$NEXT_DAY" --state "$WORK/full.fold" --full
floor
if cmp -s "$WORK/app.fold" "$WORK/full.fold"; then echo "  fold files: identical ($(stat -c %s "$WORK/app.fold") bytes)"; else echo "  fold files: DIFFER"; fi

FLOOR=$(tr ' ' '\n' <<<"$FLOORS" | grep . | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
echo
echo "psql \\copy floor: median $FLOOR s of $(wc -w <<<"$FLOORS") runs ($FLOORS)"
echo
echo "| measure | seconds | read + fold (s) | max RSS (MB) | whole × floor | read + fold × floor |"
echo "|---|--:|--:|--:|--:|--:|"
while read -r name t read rss; do
    [ -n "$name" ] || continue
    printf '| %s | %s | %s | %s | %s | %s |\n' "$name" "$t" "$read" "$rss" "$(awk -v a="$t" -v b="$FLOOR" 'BEGIN { printf "%.2f", a / b }')" \
        "$(awk -v a="$read" -v b="$FLOOR" 'BEGIN { printf "%.2f", a / b }')"
done <<<"$LINES"
