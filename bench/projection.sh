#!/usr/bin/env bash
# Issue 25's projection: how a cold render and a night grow with history. The large demo (4.9 M runs over a year)
# is made 4 years long behind the same last year (bench/cache/runs-20m.db: three copies of its runs, each a year
# further back, ids below the originals so ids keep time order as an autoincrement key does): 19.75 M runs. At
# 4.9 M and 19.75 M, side by side with each database's sqlite3 floor: a cold render (--full, the fold saved), the
# same again (nothing changed), and one more day of 14,000 runs (bench/new-day.sql). Prints figures; not a test.
#
#   bench/projection.sh       # after bench/run.sh made bench/cache/large.db
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=$PWD/.build/release/flowsite
CACHE=bench/cache
WORK=$CACHE/projection
AS_OF=2026-11-25T00:00:00Z
NEXT_DAY=2026-11-26T00:00:00Z
[ -f "$CACHE/large.db" ] || { echo "bench/projection.sh: run bench/run.sh first (it makes $CACHE/large.db)" >&2; exit 1; }
swift build -c release --product flowsite 2>&1 | tail -1

if [ ! -f "$CACHE/runs-20m.db" ]; then
    echo "== making $CACHE/runs-20m.db"
    cp "$CACHE/large.db" "$CACHE/runs-20m.db.part"
    max=$(sqlite3 "$CACHE/runs-20m.db.part" "SELECT max(id) FROM workflowrun")
    sqlite3 "$CACHE/runs-20m.db.part" <<SQL
PRAGMA journal_mode = OFF;
PRAGMA synchronous = OFF;
UPDATE workflowrun SET id = id + 3 * $max;
INSERT INTO workflowrun (id, triggered_at, status, trigger_data, output_data, error_message, workflow_id)
SELECT id - 3 * $max + copy * $max, strftime('%Y-%m-%d %H:%M:%f', julianday(triggered_at) - (3 - copy) * 365), status, trigger_data,
       output_data, error_message, workflow_id
FROM workflowrun, (SELECT 0 AS copy UNION ALL SELECT 1 UNION ALL SELECT 2) ORDER BY copy, id;
UPDATE workflow SET created_at = '2022-11-01 00:00:00.000000';
SQL
    mv "$CACHE/runs-20m.db.part" "$CACHE/runs-20m.db"
fi

rm -rf "$WORK" && mkdir -p "$WORK"
echo "| runs | floor (s) | cold (s) | cold read + fold (s) | nothing changed (s) | its read + fold (s) | one more day (s) | its read + fold (s) | max RSS (MB) |"
echo "|--:|--:|--:|--:|--:|--:|--:|--:|--:|"
for db in large runs-20m; do
    cp "$CACHE/$db.db" "$WORK/app.db"
    runs=$(sqlite3 "$WORK/app.db" "SELECT count(*) FROM workflowrun")
    declare -a row=()
    /usr/bin/time -f "%e" -o "$WORK/time.out" sqlite3 -readonly "$WORK/app.db" "SELECT workflow_id, triggered_at, status, error_message FROM workflowrun" > /dev/null
    row+=("$(cat "$WORK/time.out")")
    peak=0
    for step in cold nothing-changed one-more-day; do
        [ "$step" = one-more-day ] && sqlite3 "$WORK/app.db" < bench/new-day.sql
        asof=$AS_OF; [ "$step" = one-more-day ] && asof=$NEXT_DAY
        full=(); [ "$step" = cold ] && full=(--full)
        /usr/bin/time -f "%e %M" -o "$WORK/time.out" "$BIN" render --db "$WORK/app.db" --out "$WORK/site-$db" --as-of "$asof" --state "$WORK/$db.fold" "${full[@]}" \
            > /dev/null 2> "$WORK/stderr.out" || { cat "$WORK/stderr.out" >&2; exit 1; }
        read -r t m < "$WORK/time.out"
        echo "  $db $step: $(grep '^flowsite: [0-9]* pages' "$WORK/stderr.out" | sed 's/^flowsite: //')" >&2
        row+=("$t" "$(grep -o 'in [0-9.]* s$' "$WORK/stderr.out" | grep -o '[0-9.]*' | tail -1)")
        peak=$(( m / 1024 > peak ? m / 1024 : peak ))
    done
    printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' "$runs" "${row[@]}" "$peak"
    rm -rf "$WORK/site-$db" "$WORK/app.db"
done
