#!/usr/bin/env bash
# A throw-away MariaDB server for the tests: mariadb-install-db into a new temporary folder, started on a free loopback
# port and a socket of its own, with password authentication (root's password is random; grant tables are on, so
# privilege tests mean what they say) and TLS with a private CA made by openssl.
#   scripts/mariadb-test-server.sh start     # prints KEY=VALUE lines: MYTEST_DIR, MYTEST_PORT, MYTEST_SOCKET, MYTEST_CA,
#                                            # MYTEST_OTHER_CA, MYTEST_URL
#   scripts/mariadb-test-server.sh stop DIR  # stops the server and removes the folder
# As root the server runs as Debian's `mysql` user (mariadbd refuses to run as root without being told to).
set -euo pipefail
SERVER=$(command -v mariadbd || command -v mysqld || ls /usr/sbin/mariadbd 2>/dev/null || true)
INSTALL=$(command -v mariadb-install-db || command -v mysql_install_db || true)
CLIENT=$(command -v mariadb || command -v mysql || true)
[ -n "$SERVER" ] && [ -n "$INSTALL" ] && [ -n "$CLIENT" ] \
    || { echo "mariadb-test-server: MariaDB is not installed (Debian: apt-get install -y mariadb-server mariadb-client)" >&2; exit 1; }
owner=$(id -un)
[ "$(id -u)" -eq 0 ] && owner=mysql

case "${1:-}" in
start)
    dir=$(mktemp -d /tmp/flowsite-mariadb-XXXXXX)
    chmod 755 "$dir"
    mkdir "$dir/data" "$dir/tmp"
    [ "$(id -u)" -eq 0 ] && chown -R mysql "$dir"
    password=$(head -c 18 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 20)
    "$INSTALL" --no-defaults --datadir="$dir/data" --user="$owner" --auth-root-authentication-method=normal \
        --skip-test-db --skip-name-resolve >"$dir/install.log" 2>&1 || { cat "$dir/install.log" >&2; exit 1; }
    # TLS with a private CA (and a second CA that signed nothing of this server's, for the wrong-CA test).
    for ca in ca other-ca; do
        openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=flowsite test $ca" -keyout "$dir/$ca.key" -out "$dir/$ca.pem" >/dev/null 2>&1
    done
    openssl req -newkey rsa:2048 -nodes -subj "/CN=localhost" -keyout "$dir/server.key" -out "$dir/server.csr" >/dev/null 2>&1
    printf 'subjectAltName = DNS:localhost, IP:127.0.0.1\n' > "$dir/san.ext"
    openssl x509 -req -in "$dir/server.csr" -CA "$dir/ca.pem" -CAkey "$dir/ca.key" -CAcreateserial -days 2 \
        -extfile "$dir/san.ext" -out "$dir/server.pem" >/dev/null 2>&1 || { echo "mariadb-test-server: openssl failed" >&2; exit 1; }
    [ "$(id -u)" -eq 0 ] && chown mysql "$dir/server.key" "$dir/server.pem" "$dir/ca.pem"
    port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    # Durability off: the data is thrown away at the end.
    "$SERVER" --no-defaults --user="$owner" --datadir="$dir/data" --tmpdir="$dir/tmp" --socket="$dir/mysqld.sock" \
        --port="$port" --bind-address=127.0.0.1 --skip-name-resolve --pid-file="$dir/mysqld.pid" --log-error="$dir/server.log" \
        --innodb-buffer-pool-size=256M --innodb-flush-log-at-trx-commit=0 --innodb-doublewrite=0 --skip-log-bin \
        --character-set-server=utf8mb4 --collation-server=utf8mb4_unicode_ci \
        --ssl-ca="$dir/ca.pem" --ssl-cert="$dir/server.pem" --ssl-key="$dir/server.key" >/dev/null 2>&1 </dev/null &
    for _ in $(seq 120); do
        [ -S "$dir/mysqld.sock" ] && "$CLIENT" --no-defaults -uroot --socket="$dir/mysqld.sock" -e 'SELECT 1' >/dev/null 2>&1 && break
        kill -0 $! 2>/dev/null || break
        sleep 0.5
    done
    "$CLIENT" --no-defaults -uroot --socket="$dir/mysqld.sock" -e "
        ALTER USER root@localhost IDENTIFIED BY '$password';
        CREATE USER IF NOT EXISTS root@'127.0.0.1';
        ALTER USER root@'127.0.0.1' IDENTIFIED BY '$password';
        GRANT ALL ON *.* TO root@'127.0.0.1' WITH GRANT OPTION;
        FLUSH PRIVILEGES;" 2>"$dir/setup.log" || { cat "$dir/setup.log" "$dir/server.log" >&2; "$0" stop "$dir"; exit 1; }
    echo "MYTEST_DIR=$dir"
    echo "MYTEST_PORT=$port"
    echo "MYTEST_SOCKET=$dir/mysqld.sock"
    echo "MYTEST_CA=$dir/ca.pem"
    echo "MYTEST_OTHER_CA=$dir/other-ca.pem"
    echo "MYTEST_URL=mysql://root:$password@127.0.0.1:$port/mysql"
    ;;
stop)
    dir=${2:?usage: stop DIR}
    if [ -f "$dir/mysqld.pid" ]; then
        pid=$(cat "$dir/mysqld.pid")
        kill "$pid" 2>/dev/null || true
        for _ in $(seq 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
        kill -9 "$pid" 2>/dev/null || true
    fi
    rm -rf "$dir"
    ;;
*)
    echo "usage: $0 start | stop DIR" >&2; exit 2 ;;
esac
