#!/usr/bin/env bash
# PostgreSQL part of `make bench` (issue 12): loads the large demo into a throw-away PostgreSQL server (tables made
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

server=$(scripts/postgres-test-server.sh start)
dir=$(sed -n 's/^PGTEST_DIR=//p' <<<"$server")
base=$(sed -n 's/^PGTEST_URL=//p' <<<"$server")
trap 'scripts/postgres-test-server.sh stop "$dir"' EXIT
URL=${base%/postgres}/bench
export PGTZ=UTC

source bench/measure.sh

echo "== PostgreSQL: loading the large demo"
start=$(date +%s)
psql -X -q "$base" -c "CREATE DATABASE bench"
# Users, workflows and integrations through the real SQLModel (which creates the tables), runs by COPY.
cp "$CACHE/large.db" "$CACHE/large-no-runs.db"
sqlite3 "$CACHE/large-no-runs.db" "DELETE FROM workflowrun"
"$PYTHON" Tests/EndToEndTests/Cases/postgres/load_into_postgres.py sqlmodel "$CACHE/large-no-runs.db" "$URL"
rm -f "$CACHE/large-no-runs.db"
sqlite3 -csv "$CACHE/large.db" "SELECT id, triggered_at, status, trigger_data, output_data, error_message, workflow_id FROM workflowrun" \
    | psql -X -q "$URL" -c "\\copy workflowrun (id, triggered_at, status, trigger_data, output_data, error_message, workflow_id) FROM STDIN CSV"
psql -X -q "$URL" -c "SELECT setval(pg_get_serial_sequence('workflowrun', 'id'), (SELECT max(id) FROM workflowrun))" -c "VACUUM ANALYZE" > /dev/null
RUN_COUNT=$(psql -X -At "$URL" -c "SELECT count(*) FROM workflowrun")
echo "  $RUN_COUNT runs loaded in $(( $(date +%s) - start )) s"

echo "== PostgreSQL: read and fold, render; medians of $RUNS"
measure pg-floor psql -X -q "$URL" -c "\\copy (SELECT workflow_id, triggered_at, status, error_message FROM workflowrun) TO '/dev/null'"
# inspect reads the whole snapshot and folds every run, without rendering pages: the read-and-fold figure.
measure pg-inspect $BIN inspect --db "$URL"
BEFORE_EACH="rm -rf $CACHE/site-pg" measure pg-render-cold $BIN render --db "$URL" --out "$CACHE/site-pg" --as-of $AS_OF
BEFORE_EACH=""
measure sqlite-inspect $BIN inspect --db "$CACHE/large.db"

# The same statistics from both databases (the source line aside).
rm -rf "$CACHE/site-sqlite-md" && $BIN render --db "$CACHE/large.db" --out "$CACHE/site-sqlite-md" --format md --as-of $AS_OF > /dev/null
rm -rf "$CACHE/site-pg-md" && $BIN render --db "$URL" --out "$CACHE/site-pg-md" --format md --as-of $AS_OF > /dev/null
SAME=$(cmp -s <(grep -v '"source"' "$CACHE/site-sqlite-md/stats.json") <(grep -v '"source"' "$CACHE/site-pg-md/stats.json") && echo yes || echo NO)

FOLD=$(ratio "${SECONDS_OF[pg-inspect]}" "${SECONDS_OF[pg-floor]}")
{
    echo
    echo "## PostgreSQL ($RUN_COUNT runs, SQLModel layout made by SQLModel, throw-away local server)"
    echo
    echo "| measure | seconds | max RSS (MB) |"
    echo "|---|--:|--:|"
    for name in pg-floor pg-inspect pg-render-cold sqlite-inspect; do echo "| $name | ${SECONDS_OF[$name]} | ${RSS_OF[$name]} |"; done
    echo
    echo "| target | figure | verdict |"
    echo "|---|---|---|"
    echo "| read + fold (inspect) ≤ 1.5 × psql \\copy floor | $FOLD × | $(awk -v r="$FOLD" 'BEGIN { print (r <= 1.5 ? "met" : "NOT met") }') |"
    echo "| memory as flat as SQLite (inspect) | ${RSS_OF[pg-inspect]} MB vs ${RSS_OF[sqlite-inspect]} MB | $(awk -v a="${RSS_OF[pg-inspect]}" -v b="${RSS_OF[sqlite-inspect]}" 'BEGIN { print (a <= b * 1.25 + 20 ? "met" : "NOT met") }') |"
    echo "| stats.json identical to SQLite's | $SAME | $([ "$SAME" = yes ] && echo met || echo "NOT met") |"
} | tee -a bench/results.md
