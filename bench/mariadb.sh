#!/usr/bin/env bash
# MariaDB part of the benchmark (issue 22): loads the large demo into a throw-away MariaDB server (tables made by the
# real SQLModel library through PyMySQL, runs by LOAD DATA) and compares flowsite reading it with the mariadb client
# streaming the same four run columns to /dev/null (`--quick`: unbuffered, as flowsite reads them), side by side.
# Appends its table to bench/results.md. Not a test: figures for people.
#
#   bench/mariadb.sh     # after bench/run.sh made bench/cache/large.db (or it makes it); RUNS=3 by default
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-3}
BIN=.build/release/flowsite
CACHE=bench/cache
AS_OF=2026-11-25T00:00:00Z
PYTHON=$HOME/.cache/flowsite/venv/bin/python
mkdir -p "$CACHE"
[ -x "$PYTHON" ] && "$PYTHON" -c 'import sqlmodel, pymysql' 2>/dev/null || scripts/install-deps.sh test
[ -x "$BIN" ] || swift build -c release --product flowsite 2>&1 | tail -1
if [ ! -f "$CACHE/large.db" ]; then
    /usr/bin/time -f "%e" -o "$CACHE/demo.time" $BIN demo --db "$CACHE/large.db" --force --size large --now "$AS_OF"
fi

server=$(scripts/mariadb-test-server.sh start)
dir=$(sed -n 's/^MYTEST_DIR=//p' <<<"$server")
base=$(sed -n 's/^MYTEST_URL=//p' <<<"$server")
port=$(sed -n 's/^MYTEST_PORT=//p' <<<"$server")
password=$(sed -E 's|^mysql://root:([^@]*)@.*|\1|' <<<"$base")
trap 'scripts/mariadb-test-server.sh stop "$dir"' EXIT
URL=${base%/mysql}/bench
CLIENT=(mariadb --no-defaults -uroot -p"$password" -h127.0.0.1 -P"$port")
client() { "${CLIENT[@]}" "$@"; }

source bench/measure.sh

echo "== MariaDB: loading the large demo"
start=$(date +%s)
client -e "CREATE DATABASE bench"
# Users, workflows and integrations through the real SQLModel (which creates the tables), runs by LOAD DATA.
cp "$CACHE/large.db" "$CACHE/large-no-runs.db"
sqlite3 "$CACHE/large-no-runs.db" "DELETE FROM workflowrun"
"$PYTHON" Tests/EndToEndTests/Cases/mysql/load_into_mysql.py sqlmodel "$CACHE/large-no-runs.db" "$URL"
rm -f "$CACHE/large-no-runs.db"
sqlite3 -csv "$CACHE/large.db" "SELECT id, triggered_at, status, trigger_data, output_data, error_message, workflow_id FROM workflowrun" \
    | client --local-infile=1 bench -e "SET foreign_key_checks = 0; SET unique_checks = 0;
        LOAD DATA LOCAL INFILE '/dev/stdin' INTO TABLE workflowrun CHARACTER SET utf8mb4
        FIELDS TERMINATED BY ',' OPTIONALLY ENCLOSED BY '\"' ESCAPED BY '' LINES TERMINATED BY '\n'
        (id, triggered_at, status, @trigger_data, @output_data, @error_message, workflow_id)
        SET trigger_data = NULLIF(@trigger_data, ''), output_data = NULLIF(@output_data, ''), error_message = NULLIF(@error_message, '')"
client bench -e "ANALYZE TABLE workflowrun" > /dev/null
RUN_COUNT=$(client -N -B bench -e "SELECT count(*) FROM workflowrun")
echo "  $RUN_COUNT runs loaded in $(( $(date +%s) - start )) s"

echo "== MariaDB: read and fold, render; medians of $RUNS, interleaved with the floor"
# Side by side: each round runs the floor, then flowsite, so both meet the same machine (two shared cores).
# inspect reads the whole snapshot and folds every run without rendering pages: the read-and-fold figure.
FLOOR_SQL="SELECT workflow_id, triggered_at, status, error_message FROM workflowrun"
declare -A TIMES RSSES
once() {
    local name=$1; shift
    /usr/bin/time -f "%e %M" -o "$CACHE/time.out" "$@" > /dev/null 2> "$CACHE/stderr.out" || { cat "$CACHE/stderr.out" >&2; exit 1; }
    read -r t m < "$CACHE/time.out"
    TIMES[$name]+="$t "; RSSES[$name]+="$m "
}
median() { tr ' ' '\n' | grep . | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
for _ in $(seq "$RUNS"); do
    once my-floor "${CLIENT[@]}" --quick -N -B bench -e "$FLOOR_SQL"
    once my-inspect $BIN inspect --db "$URL"
    once my-floor-2 "${CLIENT[@]}" --quick -N -B bench -e "$FLOOR_SQL"
    rm -rf "$CACHE/site-my"
    once my-render-cold $BIN render --db "$URL" --out "$CACHE/site-my" --as-of $AS_OF
    once sqlite-inspect $BIN inspect --db "$CACHE/large.db"
done
for name in my-floor my-floor-2 my-inspect my-render-cold sqlite-inspect; do
    SECONDS_OF[$name]=$(echo "${TIMES[$name]}" | median)
    RSS_OF[$name]=$(echo "${RSSES[$name]}" | median | awk '{printf "%.0f", $1/1024}')
    printf '  %-34s %8.2f s  %6s MB   (runs: %s)\n' "$name" "${SECONDS_OF[$name]}" "${RSS_OF[$name]}" "${TIMES[$name]}"
done
# The floor is the median of both floor runs of every round.
SECONDS_OF[my-floor]=$(echo "${TIMES[my-floor]} ${TIMES[my-floor-2]}" | median)

# The same statistics from both databases (the source line aside). SQLModel's DATETIME keeps whole seconds, so the
# SQLite side is compared with its times cut to seconds too: the same data.
cp "$CACHE/large.db" "$CACHE/large-seconds.db"
sqlite3 "$CACHE/large-seconds.db" "UPDATE workflowrun SET triggered_at = substr(triggered_at, 1, 19);
    UPDATE workflow SET created_at = substr(created_at, 1, 19), updated_at = substr(updated_at, 1, 19);
    UPDATE integration SET created_at = substr(created_at, 1, 19); UPDATE user SET created_at = substr(created_at, 1, 19);"
rm -rf "$CACHE/site-sqlite-md" && $BIN render --db "$CACHE/large-seconds.db" --out "$CACHE/site-sqlite-md" --format md --as-of $AS_OF > /dev/null
rm -rf "$CACHE/site-my-md" && $BIN render --db "$URL" --out "$CACHE/site-my-md" --format md --as-of $AS_OF > /dev/null
rm -f "$CACHE/large-seconds.db"
SAME=$(cmp -s <(grep -v '"source"' "$CACHE/site-sqlite-md/stats.json") <(grep -v '"source"' "$CACHE/site-my-md/stats.json") && echo yes || echo NO)

FOLD=$(ratio "${SECONDS_OF[my-inspect]}" "${SECONDS_OF[my-floor]}")
COLD=$(ratio "${SECONDS_OF[my-render-cold]}" "${SECONDS_OF[my-floor]}")
{
    echo
    echo "## MariaDB $(client -N -B -e 'SELECT VERSION()') through MariaDB Connector/C ($RUN_COUNT runs, SQLModel layout made by SQLModel, throw-away local server, $(date -u +%Y-%m-%d), medians of $RUNS interleaved rounds)"
    echo
    echo "| measure | seconds | max RSS (MB) |"
    echo "|---|--:|--:|"
    for name in my-floor my-inspect my-render-cold sqlite-inspect; do echo "| $name | ${SECONDS_OF[$name]} | ${RSS_OF[$name]} |"; done
    echo
    echo "| target | figure | verdict |"
    echo "|---|---|---|"
    echo "| read + fold (inspect) ≤ 1.5 × mariadb --quick floor | $FOLD × | $(awk -v r="$FOLD" 'BEGIN { print (r <= 1.5 ? "met" : "NOT met") }') |"
    echo "| cold render ≤ 4 × mariadb --quick floor | $COLD × | $(awk -v r="$COLD" 'BEGIN { print (r <= 4 ? "met" : "NOT met") }') |"
    echo "| memory as flat as SQLite (inspect) | ${RSS_OF[my-inspect]} MB vs ${RSS_OF[sqlite-inspect]} MB | $(awk -v a="${RSS_OF[my-inspect]}" -v b="${RSS_OF[sqlite-inspect]}" 'BEGIN { print (a <= b * 1.25 + 20 ? "met" : "NOT met") }') |"
    echo "| stats.json identical to SQLite's (times in whole seconds) | $SAME | $([ "$SAME" = yes ] && echo met || echo "NOT met") |"
} | tee -a bench/results.md
