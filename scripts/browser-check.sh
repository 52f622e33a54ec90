#!/usr/bin/env bash
# The proof as a user sees it: renders the demo (both layouts) and a database with hostile table names, runs every
# diagram of every HTML and Markdown page through the real Mermaid 11 (Tests/Browser/check_mermaid.py), then opens
# every HTML page in headless Chromium (console, network, drawn diagrams, links, search) and saves screenshots, then
# runs axe-core on every page in light and dark mode.
# Needs only Chromium (Debian's `chromium`; `make test` installs it) and PyPI, where Mermaid's official build is fetched
# once into ~/.cache/flowsite/.
#   scripts/browser-check.sh            # after `swift build`; output in .build/browser-check/
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=.build/browser-check
BIN=${FLOWSITE_BIN:-.build/debug/flowsite}

rm -rf "$OUT" && mkdir -p "$OUT"
$BIN demo --db "$OUT/sqlmodel.db" --layout sqlmodel --now 2026-11-25T00:00:00Z >/dev/null
$BIN demo --db "$OUT/prisma.db" --layout prisma --now 2026-11-25T00:00:00Z >/dev/null
sqlite3 "$OUT/hostile.db" < Tests/SiteRendererTests/Fixtures/hostile-names.sql
# A schema of 150 more tables (chains, a cycle, a hub, hostile names): a page per table, each diagram through Mermaid.
cp "$OUT/sqlmodel.db" "$OUT/big-schema.db" && sqlite3 "$OUT/big-schema.db" < Tests/SiteRendererTests/Fixtures/big-schema.sql
for name in sqlmodel prisma hostile big-schema; do
    $BIN render --db "$OUT/$name.db" --out "$OUT/$name" --as-of 2026-11-25T00:00:00Z 2>/dev/null
done

echo "== every diagram through Mermaid 11"
python3 Tests/Browser/check_mermaid.py -q "$OUT/sqlmodel" "$OUT/prisma" "$OUT/hostile" "$OUT/big-schema"
echo "== every page in headless Chromium"
python3 Tests/Browser/check_site.py --screenshots "$OUT/screenshots" "$OUT/sqlmodel" "$OUT/prisma" "$OUT/hostile"
# The large schema's table pages and the dark theme, at phone and desktop widths.
CHROMIUM=$(command -v chromium || command -v chromium-browser)
TABLE_PAGE=$(cd "$OUT/big-schema" && ls schema/*customer-010.html | head -1)
for size in "390,1400 phone" "1280,1200 desktop"; do
    set -- $size
    "$CHROMIUM" --headless=new --no-sandbox --disable-gpu --hide-scrollbars --window-size="$1" --virtual-time-budget=10000 \
        --screenshot="$OUT/screenshots/big-schema-table-$2.png" "file://$PWD/$OUT/big-schema/$TABLE_PAGE" 2>/dev/null
    "$CHROMIUM" --headless=new --no-sandbox --disable-gpu --hide-scrollbars --window-size="$1" --virtual-time-budget=10000 \
        --blink-settings=preferredColorScheme=0 --screenshot="$OUT/screenshots/sqlmodel-dark-workflow-$2.png" \
        "file://$PWD/$OUT/sqlmodel/workflows/1-triage-new-bug-reports.html" 2>/dev/null
done
echo "== every page through axe-core, light and dark"
python3 Tests/Browser/check_a11y.py "$OUT/sqlmodel" "$OUT/prisma" "$OUT/hostile"
echo "screenshots: $OUT/screenshots/"
