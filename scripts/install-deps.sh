#!/usr/bin/env bash
# Installs the Debian packages flowsite builds with (and, with `test`, the ones its tests use: Chromium for the
# browser check, PostgreSQL, pgbouncer, MariaDB and a venv with SQLModel, psycopg2 and PyMySQL for the PostgreSQL and
# MariaDB tests), when they are missing, then the pinned Mermaid the build embeds (scripts/fetch-mermaid.py, from PyPI
# into Vendor/).
# As root it uses apt-get; otherwise it names what to install and fails.
#   scripts/install-deps.sh [test]
set -euo pipefail

packages=(libcmark-gfm-dev libcmark-gfm-extensions-dev libpq-dev libmariadb-dev pkg-config sqlite3 python3 python3-pip)
if [ "${1:-}" = test ]; then
    packages+=(chromium fonts-dejavu-core python3-venv postgresql pgbouncer openssl mariadb-server mariadb-client)
fi

# The PostgreSQL and MariaDB tests build their databases with the real SQLModel library (through psycopg2 and PyMySQL),
# and the schema tests check exported workflow files with the reference JSON Schema validator (jsonschema), reading them with PyYAML as
# editors' YAML tools do, in a venv of our own.
python_deps() {
    [ "${1:-}" = test ] || return 0
    local venv=$HOME/.cache/flowsite/venv
    "$venv/bin/python" -c 'import sqlmodel, psycopg2, pymysql, jsonschema, yaml' 2>/dev/null && return 0
    echo "installing sqlmodel, psycopg2-binary, PyMySQL, jsonschema and PyYAML into $venv" >&2
    python3 -m venv "$venv"
    "$venv/bin/pip" install -q sqlmodel psycopg2-binary PyMySQL 'jsonschema>=4.17,<5' 'PyYAML>=6,<7'
}

missing=()
for package in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -eq 0 ]; then
    python_deps "${1:-}"
    python3 "$(dirname "$0")/fetch-mermaid.py" >/dev/null
    exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
    echo "flowsite needs these Debian packages: ${missing[*]}" >&2
    echo "install them with: sudo apt-get install -y ${missing[*]}" >&2
    exit 1
fi
echo "installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
python_deps "${1:-}"
python3 "$(dirname "$0")/fetch-mermaid.py" >/dev/null
