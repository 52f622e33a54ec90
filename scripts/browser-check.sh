#!/usr/bin/env bash
# The proof as a user sees it: renders the demo (both layouts) and a database with hostile table names, runs every
# diagram of every HTML and Markdown page through the real Mermaid 11 (mermaid-check), then opens every HTML page
# in headless Chromium (console, network, drawn diagrams, links) and saves screenshots.
#   scripts/browser-check.sh            # after `swift build`; output in .build/browser-check/
set -euo pipefail
cd "$(dirname "$0")/.."
MERMAID_CHECK=${MERMAID_CHECK:-../shared/tools/mermaid-check}
OUT=.build/browser-check
BIN=${FLOWSITE_BIN:-.build/debug/flowsite}
[ -x "$MERMAID_CHECK" ] || { echo "browser-check: $MERMAID_CHECK not found (it lives in the shared tools folder beside this repository)" >&2; exit 1; }
"$MERMAID_CHECK" --setup >/dev/null
MERMAID_DIST=${MERMAID_DIST:-$HOME/.cache/mermaid-check/dist}

rm -rf "$OUT" && mkdir -p "$OUT"
$BIN demo --db "$OUT/sqlmodel.db" --layout sqlmodel --now 2026-11-25T00:00:00Z >/dev/null
$BIN demo --db "$OUT/prisma.db" --layout prisma --now 2026-11-25T00:00:00Z >/dev/null
sqlite3 "$OUT/hostile.db" < Tests/SiteRendererTests/Fixtures/hostile-names.sql
for name in sqlmodel prisma hostile; do
    $BIN render --db "$OUT/$name.db" --out "$OUT/$name" --as-of 2026-11-25T00:00:00Z --mermaid "$MERMAID_DIST" 2>/dev/null
done

echo "== every diagram through Mermaid 11"
"$MERMAID_CHECK" --screenshot "$OUT/screenshots" "$OUT/sqlmodel" "$OUT/prisma" "$OUT/hostile" | tail -1
echo "== every page in headless Chromium"
python3 Tests/Browser/check_site.py --screenshots "$OUT/screenshots" "$OUT/sqlmodel" "$OUT/prisma" "$OUT/hostile"
echo "screenshots: $OUT/screenshots/"
