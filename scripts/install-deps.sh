#!/usr/bin/env bash
# Installs the Debian packages flowsite builds with (and, with `test`, the ones its tests use: Chromium for the
# browser check, Python for the test scripts), when they are missing.
# As root it uses apt-get; otherwise it names what to install and fails.
#   scripts/install-deps.sh [test]
set -euo pipefail

packages=(libcmark-gfm-dev libcmark-gfm-extensions-dev pkg-config sqlite3)
if [ "${1:-}" = test ]; then
    packages+=(chromium fonts-dejavu-core python3 python3-pip)
fi
missing=()
for package in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
    echo "flowsite needs these Debian packages: ${missing[*]}" >&2
    echo "install them with: sudo apt-get install -y ${missing[*]}" >&2
    exit 1
fi
echo "installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
