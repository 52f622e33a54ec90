#!/usr/bin/env bash
# Builds flowsite_<version>_<arch>.deb with dpkg-deb: the release binary linked with Swift's runtime statically
# (so a server or CI runner needs no Swift toolchain), stripped, depending on the Debian runtime packages of the
# C libraries it loads (libcmark-gfm, libsqlite3, libpq, libmariadb, libc, libstdc++), found from the binary itself.
#   scripts/make-deb.sh [OUT_DIR]     # default: the working folder; prints the .deb's path
# Install with: apt-get install ./flowsite_*.deb
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-.}
scratch=.build-static
swift build -c release --static-swift-stdlib --product flowsite --scratch-path "$scratch" >&2
binary="$scratch/release/flowsite"

release=$(sed -n 's/.*static let current = "\(.*\)".*/\1/p' Sources/Pipeline/FlowsiteVersion.swift)
[ -n "$release" ] || { echo "make-deb: no version in Sources/Pipeline/FlowsiteVersion.swift" >&2; exit 1; }
version="$release~git$(git rev-list --count HEAD).$(git rev-parse --short=10 HEAD)"
arch=$(dpkg --print-architecture)
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
install -D -m 0755 "$binary" "$root/usr/bin/flowsite"
strip --strip-unneeded "$root/usr/bin/flowsite"
install -D -m 0644 README.md "$root/usr/share/doc/flowsite/README.md"

# Depends: the package of every shared library the binary names (NEEDED; theirs come with them), at least the
# version installed here.
depends=()
while read -r library path; do
    [ -n "$path" ] || { echo "make-deb: $library is not found on this machine" >&2; exit 1; }
    package=$(dpkg -S "$(readlink -f "$path")" 2>/dev/null | head -1 | cut -d: -f1) || true
    [ -n "$package" ] || package=$(dpkg -S "$path" 2>/dev/null | head -1 | cut -d: -f1) || true
    [ -n "$package" ] || { echo "make-deb: no Debian package holds $path" >&2; exit 1; }
    case "$package" in *swift*) echo "make-deb: $library comes from the Swift toolchain, not Debian" >&2; exit 1 ;; esac
    upstream=$(dpkg-query -W -f='${Version}' "$package" | sed -E 's/^[0-9]+://; s/-[^-]*$//')
    depends+=("$package (>= $upstream)")
done < <(join <(readelf -d "$root/usr/bin/flowsite" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p' | sort) \
               <(ldd "$root/usr/bin/flowsite" | awk '/=>/ { print $1, $3 }' | sort))
depends_line=$(printf '%s\n' "${depends[@]}" | sort -u | paste -sd, | sed 's/,/, /g')

mkdir -p "$root/DEBIAN"
cat > "$root/DEBIAN/control" <<CONTROL
Package: flowsite
Version: $version
Architecture: $arch
Maintainer: flowsite maintainers <maintainers@users.noreply.github.com>
Depends: $depends_line
Section: utils
Priority: optional
Installed-Size: $(du -sk "$root/usr" | cut -f1)
Description: dashboards and reports for a workflow-automation database
 flowsite reads the app's SQLite or PostgreSQL database read-only and writes a
 static HTML site and Markdown reports; it imports and exports workflow
 definitions as Markdown files.
CONTROL
deb="$out/flowsite_${version}_${arch}.deb"
dpkg-deb --root-owner-group --build "$root" "$deb" >&2
echo "$deb"
