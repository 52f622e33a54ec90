#!/usr/bin/env bash
# The saved fold (issue 25), side by side with the sqlite3 floor, in interleaved rounds on the large demo database:
#   floor            sqlite3 reading the run columns the fold reads
#   cold             a --full render into an empty folder (the fold is saved)
#   nothing-changed  the same render again: the saved fold continued, same as-of
#   one-more-day     ~14,000 runs of a new day appended (the runs that were running finish), rendered at as-of + 1 day
#   one-more-day-full  the same database and as-of with --full into an empty folder: its fold file must equal the
#                    continued render's, and (first round) its tree that of the same continuation into a new folder
#   quiet-night      the night after: 2,000 runs in 500 of the 10,000 workflows, rendered at as-of + 2 days into the
#                    continued site (run pages of the other 9,500 workflows are not rewritten)
# Each render's summary line says how long reading and folding took ("in X s"); that is the fold's own figure,
# apart from the pages. Prints medians; not a test.
#
#   bench/saved-fold.sh          # ROUNDS=3 by default
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${ROUNDS:-3}
BIN=$PWD/.build/release/flowsite
CACHE=$PWD/bench/cache
WORK=$CACHE/saved-fold
AS_OF=2026-11-25T00:00:00Z
NEXT_DAY=2026-11-26T00:00:00Z
QUIET_NIGHT=2026-11-27T00:00:00Z
mkdir -p "$CACHE"
command -v /usr/bin/time >/dev/null || { [ "$(id -u)" -eq 0 ] && apt-get install -y -qq time >/dev/null; }
swift build -c release --product flowsite 2>&1 | tail -1
[ -f "$CACHE/large.db" ] || "$BIN" demo --db "$CACHE/large.db" --force --size large --now "$AS_OF"

declare -A TIMES RSS READS
# run NAME CMD...: wall seconds and max RSS of one run; the read-and-fold seconds from flowsite's summary line.
run() {
    local name=$1; shift
    /usr/bin/time -f "%e %M" -o "$WORK/time.out" "$@" > /dev/null 2> "$WORK/stderr.out" || { cat "$WORK/stderr.out" >&2; exit 1; }
    read -r t m < "$WORK/time.out"
    TIMES[$name]+="$t "; RSS[$name]+="$((m / 1024)) "
    local read; read=$(grep -o 'in [0-9.]* s$' "$WORK/stderr.out" | grep -o '[0-9.]*' | tail -1 || true)
    [ -n "$read" ] && READS[$name]+="$read "
    local summary; summary=$(grep '^flowsite: [0-9]* pages' "$WORK/stderr.out" || true)
    local steps; steps=$(grep '^flowsite: seconds by step' "$WORK/stderr.out" || true)
    echo "  $name: $t s, $((m / 1024)) MB${summary:+ — ${summary#flowsite: }}${steps:+; ${steps#flowsite: }}"
}
median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{a[NR]=$1} END {print (NR ? a[int((NR+1)/2)] : "-")}'; }


for round in $(seq "$ROUNDS"); do
    echo "== round $round"
    rm -rf "$WORK" && mkdir -p "$WORK"
    cp "$CACHE/large.db" "$WORK/app.db"
    run floor sqlite3 -readonly "$WORK/app.db" "SELECT workflow_id, triggered_at, status, error_message FROM workflowrun"
    run cold "$BIN" render --db "$WORK/app.db" --out "$WORK/site" --as-of "$AS_OF" --state "$WORK/app.fold" --full --timings
    run nothing-changed "$BIN" render --db "$WORK/app.db" --out "$WORK/site" --as-of "$AS_OF" --state "$WORK/app.fold" --timings
    cp "$WORK/app.fold" "$WORK/before.fold"
    sqlite3 "$WORK/app.db" < bench/new-day.sql
    run one-more-day "$BIN" render --db "$WORK/app.db" --out "$WORK/site" --as-of "$NEXT_DAY" --state "$WORK/app.fold" --timings
    run one-more-day-full "$BIN" render --db "$WORK/app.db" --out "$WORK/full" --as-of "$NEXT_DAY" --state "$WORK/full.fold" --full --timings
    if cmp -s "$WORK/app.fold" "$WORK/full.fold"; then echo "  fold files: identical ($(stat -c %s "$WORK/app.fold") bytes)"; else echo "  fold files: DIFFER"; fi
    if [ "$round" = 1 ]; then
        # Same bytes: the continued site above was also rendered the day before (its "since the last render"
        # differs from a new folder's), so the fold it started from continues once more into a new folder.
        "$BIN" render --db "$WORK/app.db" --out "$WORK/check" --as-of "$NEXT_DAY" --state "$WORK/before.fold" 2>&1 | tail -1 | sed 's/^/  check: /'
        strip() { awk '{ $2 = ""; print }' "$1/.flowsite-manifest"; }
        if diff -rq -x .flowsite-manifest "$WORK/check" "$WORK/full" > /dev/null && diff -q <(strip "$WORK/check") <(strip "$WORK/full") > /dev/null; then
            echo "  trees: the continued render's tree equals the --full render's ($(find "$WORK/full" -type f | wc -l) files)"
        else
            echo "  trees: DIFFER"; diff -rq -x .flowsite-manifest "$WORK/check" "$WORK/full" | head -5
        fi
    fi
    sqlite3 "$WORK/app.db" < bench/quiet-night.sql
    run quiet-night "$BIN" render --db "$WORK/app.db" --out "$WORK/site" --as-of "$QUIET_NIGHT" --state "$WORK/app.fold" --timings
done

echo
printf '| measure | seconds (median of %s) | read + fold (s) | max RSS (MB) | × floor |\n|---|--:|--:|--:|--:|\n' "$ROUNDS"
FLOOR=$(echo "${TIMES[floor]}" | median)
for name in floor cold nothing-changed one-more-day one-more-day-full quiet-night; do
    t=$(echo "${TIMES[$name]}" | median)
    printf '| %s | %s | %s | %s | %s |\n' "$name" "$t" "$(echo "${READS[$name]:-}" | median)" "$(echo "${RSS[$name]}" | median)" \
        "$(awk -v a="$t" -v b="$FLOOR" 'BEGIN { printf "%.2f", a / b }')"
done
echo "read + fold of the continued renders against the floor: nothing changed $(awk -v a="$(echo "${READS[nothing-changed]:-0}" | median)" -v b="$FLOOR" 'BEGIN { printf "%.2f", a / b }') ×, one more day $(awk -v a="$(echo "${READS[one-more-day]:-0}" | median)" -v b="$FLOOR" 'BEGIN { printf "%.2f", a / b }') ×; the full fold $(awk -v a="$(echo "${READS[one-more-day-full]:-0}" | median)" -v b="$FLOOR" 'BEGIN { printf "%.2f", a / b }') ×"
