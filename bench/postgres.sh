#!/usr/bin/env bash
# PostgreSQL part of `make bench` (issues 12 and 21): loads the large demo into a throw-away PostgreSQL server (tables made
# by the real SQLModel library, runs by COPY) and compares flowsite reading it with psql streaming the same four
# run columns to /dev/null. Appends its table to bench/results.md. Not a test: figures for people.
#
#   bench/postgres.sh     # after bench/run.sh made bench/cache/large.db; RUNS=3 by default
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-3}
BIN=.build/release/flowsite
CACHE=bench/cache
AS_OF=2026-11-25T00:00:00Z
PYTHON=$HOME/.cache/flowsite/venv/bin/python
[ -f "$CACHE/large.db" ] || { echo "bench/postgres.sh: run bench/run.sh first (it makes $CACHE/large.db)" >&2; exit 1; }
[ -x "$PYTHON" ] || scripts/install-deps.sh test

source bench/postgres-load.sh
source bench/measure.sh

echo "== PostgreSQL: read and fold, render; medians of $RUNS, interleaved with the floor"
# Side by side: each round runs the floor, then flowsite, so both meet the same machine (two shared cores).
# inspect reads the whole snapshot and folds every run without rendering pages: the read-and-fold figure.
declare -A TIMES RSSES
once() {
    local name=$1; shift
    /usr/bin/time -f "%e %M" -o "$CACHE/time.out" "$@" > /dev/null 2> "$CACHE/stderr.out" || { cat "$CACHE/stderr.out" >&2; exit 1; }
    read -r t m < "$CACHE/time.out"
    TIMES[$name]+="$t "; RSSES[$name]+="$m "
}
median() { tr ' ' '\n' | grep . | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
for _ in $(seq "$RUNS"); do
    once pg-floor psql -X -q "$URL" -c "\\copy (SELECT workflow_id, triggered_at, status, error_message FROM workflowrun) TO '/dev/null'"
    once pg-inspect $BIN inspect --db "$URL"
    once pg-floor-2 psql -X -q "$URL" -c "\\copy (SELECT workflow_id, triggered_at, status, error_message FROM workflowrun) TO '/dev/null'"
    rm -rf "$CACHE/site-pg"
    once pg-render-cold $BIN render --db "$URL" --out "$CACHE/site-pg" --as-of $AS_OF
    once sqlite-inspect $BIN inspect --db "$CACHE/large.db"
done
for name in pg-floor pg-floor-2 pg-inspect pg-render-cold sqlite-inspect; do
    SECONDS_OF[$name]=$(echo "${TIMES[$name]}" | median)
    RSS_OF[$name]=$(echo "${RSSES[$name]}" | median | awk '{printf "%.0f", $1/1024}')
    printf '  %-34s %8.2f s  %6s MB   (runs: %s)\n' "$name" "${SECONDS_OF[$name]}" "${RSS_OF[$name]}" "${TIMES[$name]}"
done
# The floor is the median of both floor runs of every round.
SECONDS_OF[pg-floor]=$(echo "${TIMES[pg-floor]} ${TIMES[pg-floor-2]}" | median)

# The same statistics from both databases (the source line aside).
rm -rf "$CACHE/site-sqlite-md" && $BIN render --db "$CACHE/large.db" --out "$CACHE/site-sqlite-md" --format md --as-of $AS_OF > /dev/null
rm -rf "$CACHE/site-pg-md" && $BIN render --db "$URL" --out "$CACHE/site-pg-md" --format md --as-of $AS_OF > /dev/null
SAME=$(cmp -s <(grep -v '"source"' "$CACHE/site-sqlite-md/stats.json") <(grep -v '"source"' "$CACHE/site-pg-md/stats.json") && echo yes || echo NO)

FOLD=$(ratio "${SECONDS_OF[pg-inspect]}" "${SECONDS_OF[pg-floor]}")
COLD=$(ratio "${SECONDS_OF[pg-render-cold]}" "${SECONDS_OF[pg-floor]}")
{
    echo
    echo "## PostgreSQL through libpq ($RUN_COUNT runs, SQLModel layout made by SQLModel, throw-away local server, $(date -u +%Y-%m-%d), medians of $RUNS interleaved rounds)"
    echo
    echo "| measure | seconds | max RSS (MB) |"
    echo "|---|--:|--:|"
    for name in pg-floor pg-inspect pg-render-cold sqlite-inspect; do echo "| $name | ${SECONDS_OF[$name]} | ${RSS_OF[$name]} |"; done
    echo
    echo "| target | figure | verdict |"
    echo "|---|---|---|"
    echo "| read + fold (inspect) ≤ 1.5 × psql \\copy floor | $FOLD × | $(awk -v r="$FOLD" 'BEGIN { print (r <= 1.5 ? "met" : "NOT met") }') |"
    echo "| cold render ≤ 4 × psql \\copy floor | $COLD × | $(awk -v r="$COLD" 'BEGIN { print (r <= 4 ? "met" : "NOT met") }') |"
    echo "| memory as flat as SQLite (inspect) | ${RSS_OF[pg-inspect]} MB vs ${RSS_OF[sqlite-inspect]} MB | $(awk -v a="${RSS_OF[pg-inspect]}" -v b="${RSS_OF[sqlite-inspect]}" 'BEGIN { print (a <= b * 1.25 + 20 ? "met" : "NOT met") }') |"
    echo "| stats.json identical to SQLite's | $SAME | $([ "$SAME" = yes ] && echo met || echo "NOT met") |"
} | tee -a bench/results.md
