#!/usr/bin/env bash
# A throw-away PostgreSQL cluster for the tests: initdb into a new temporary folder, started on a free loopback port
# and a socket folder of its own, with password authentication over TCP (the superuser's password is random).
#   scripts/postgres-test-server.sh start     # prints KEY=VALUE lines: PGTEST_DIR, PGTEST_PORT, PGTEST_URL, PGTEST_SOCKET
#   scripts/postgres-test-server.sh stop DIR  # stops the cluster and removes the folder
# The server refuses to run as root; as root the cluster belongs to the `postgres` user (from Debian's package).
set -euo pipefail
BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -x "$BIN/initdb" ] || { echo "postgres-test-server: PostgreSQL is not installed (Debian: apt-get install -y postgresql)" >&2; exit 1; }
as_owner() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

case "${1:-}" in
start)
    dir=$(mktemp -d /tmp/flowsite-pg-XXXXXX)
    chmod 755 "$dir"
    [ "$(id -u)" -eq 0 ] && chown postgres "$dir"
    password=$(head -c 18 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 20)
    printf '%s\n' "$password" > "$dir/pwfile"
    [ "$(id -u)" -eq 0 ] && chown postgres "$dir/pwfile"
    as_owner "$BIN/initdb" -D "$dir/data" -U postgres --pwfile="$dir/pwfile" --auth-host=scram-sha-256 --auth-local=trust -E UTF8 --locale=C >"$dir/initdb.log" 2>&1 \
        || { cat "$dir/initdb.log" >&2; exit 1; }
    port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    as_owner "$BIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
        -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" start >/dev/null \
        || { cat "$dir/server.log" >&2; exit 1; }
    echo "PGTEST_DIR=$dir"
    echo "PGTEST_PORT=$port"
    echo "PGTEST_SOCKET=$dir"
    echo "PGTEST_URL=postgresql://postgres:$password@127.0.0.1:$port/postgres"
    ;;
stop)
    dir=${2:?usage: stop DIR}
    as_owner "$BIN/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$dir"
    ;;
*)
    echo "usage: $0 start | stop DIR" >&2; exit 2 ;;
esac
