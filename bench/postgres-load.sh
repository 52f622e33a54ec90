# Sourced by bench/postgres.sh and bench/saved-fold-postgres.sh: starts a throw-away PostgreSQL server (stopped on
# exit) and loads the large demo into its database `bench` (users, workflows and integrations through the real
# SQLModel, runs by COPY). Sets URL (the bench database), base (the server) and RUN_COUNT.
server=$(scripts/postgres-test-server.sh start)
dir=$(sed -n 's/^PGTEST_DIR=//p' <<<"$server")
base=$(sed -n 's/^PGTEST_URL=//p' <<<"$server")
trap 'scripts/postgres-test-server.sh stop "$dir"' EXIT
URL=${base%/postgres}/bench
export PGTZ=UTC

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

