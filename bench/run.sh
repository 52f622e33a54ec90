#!/usr/bin/env bash
# flowsite benchmark (issue 6): prints medians of several runs and ratios to the physical floor and to Hugo, and
# writes them to bench/results.md. Not a test: the figures are for people, on a shared and noisy machine.
#
#   make bench            # RUNS=3 by default; RUNS=5 make bench for steadier medians
#
# It creates and caches the `large` demo database (10,000 workflows, 5,000,000 runs over 365 days, SQLModel layout,
# no extra indexes) under bench/cache/, plus 100,000- and 1,000,000-run cuts of it (its newest runs) and a
# 20,000,000-run copy (its runs four times over, new ids) for the scaling table. Set BENCH_POSTGRES=0 or BENCH_MARIADB=0 to
# skip the PostgreSQL or MariaDB part.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-3}
BIN=.build/release/flowsite
CACHE=bench/cache
AS_OF=2026-11-25T00:00:00Z
mkdir -p "$CACHE"

command -v hugo >/dev/null || { [ "$(id -u)" -eq 0 ] && apt-get install -y -qq hugo >/dev/null; } || { echo "bench needs Debian's hugo" >&2; exit 1; }
command -v /usr/bin/time >/dev/null || { [ "$(id -u)" -eq 0 ] && apt-get install -y -qq time >/dev/null; }

source bench/measure.sh
verdict() { awk -v ok="$1" 'BEGIN { print (ok ? "met" : "NOT met") }'; }

echo "== build"
swift build -c release --product flowsite 2>&1 | tail -1

echo "== databases"
if [ ! -f "$CACHE/large.db" ]; then
    /usr/bin/time -f "%e" -o "$CACHE/demo.time" $BIN demo --db "$CACHE/large.db" --force --size large --now "$AS_OF"
    DEMO_SECONDS=$(cat "$CACHE/demo.time")
else
    DEMO_SECONDS=$(cat "$CACHE/demo.time" 2>/dev/null || echo "?")
fi
for runs in 100000 1000000; do
    if [ ! -f "$CACHE/runs-$runs.db" ]; then
        cp "$CACHE/large.db" "$CACHE/runs-$runs.tmp"
        sqlite3 "$CACHE/runs-$runs.tmp" "DELETE FROM workflowrun WHERE id <= (SELECT max(id) FROM workflowrun) - $runs; VACUUM;"
        mv "$CACHE/runs-$runs.tmp" "$CACHE/runs-$runs.db"
    fi
done
if [ ! -f "$CACHE/runs-20000000.db" ]; then
    cp "$CACHE/large.db" "$CACHE/runs-20000000.tmp"
    sqlite3 "$CACHE/runs-20000000.tmp" "CREATE TEMP TABLE top AS SELECT max(id) AS m FROM workflowrun;
        INSERT INTO workflowrun (id, triggered_at, status, trigger_data, output_data, error_message, workflow_id)
        SELECT r.id + k.n * top.m, r.triggered_at, r.status, r.trigger_data, r.output_data, r.error_message, r.workflow_id
        FROM workflowrun AS r, top, (SELECT 1 AS n UNION ALL SELECT 2 UNION ALL SELECT 3) AS k WHERE r.id <= top.m;"
    mv "$CACHE/runs-20000000.tmp" "$CACHE/runs-20000000.db"
fi
echo "  large: $(sqlite3 "$CACHE/large.db" 'SELECT count(*) FROM workflowrun') runs, $(sqlite3 "$CACHE/large.db" 'SELECT count(*) FROM workflow') workflows; demo --size large took ${DEMO_SECONDS} s"

echo "== render (HTML + Markdown), medians of $RUNS"
measure floor sqlite3 -readonly "$CACHE/large.db" "SELECT workflow_id, triggered_at, status, error_message FROM workflowrun"
measure read-fold $BIN inspect --db "$CACHE/large.db"
# Cold renders write into a folder that never existed: creating 26,000 files right after deleting 26,000 costs ext4
# seconds of kernel time (its inode allocator walks the recently deleted ones) that no program avoids. Old folders are
# removed once every run is done.
fresh() { export FRESH="$PWD/$CACHE/cold-$RANDOM$RANDOM"; }
BEFORE_EACH="fresh" measure render-cold sh -c "exec $BIN render --db $CACHE/large.db --out \"\$FRESH\" --as-of $AS_OF"
rm -rf "$CACHE/site" && $BIN render --db "$CACHE/large.db" --out "$CACHE/site" --as-of $AS_OF > /dev/null 2>&1
BEFORE_EACH="" measure render-warm $BIN render --db "$CACHE/large.db" --out "$CACHE/site" --as-of $AS_OF
WARM_WRITTEN=$($BIN render --db "$CACHE/large.db" --out "$CACHE/site" --as-of $AS_OF 2>&1 | sed -n 's/.*: \([0-9]*\) written.*/\1/p')
# One workflow changed between renders: its description flips between two texts before each run (restored after).
ORIGINAL_DESCRIPTION=$(sqlite3 "$CACHE/large.db" "SELECT quote(description) FROM workflow WHERE id = 1")
BEFORE_EACH="sqlite3 $CACHE/large.db \"UPDATE workflow SET description = CASE WHEN description = 'bench A' THEN 'bench B' ELSE 'bench A' END WHERE id = 1\"" \
    measure render-one-changed $BIN render --db "$CACHE/large.db" --out "$CACHE/site" --as-of $AS_OF
sqlite3 "$CACHE/large.db" "UPDATE workflow SET description = CASE WHEN description = 'bench A' THEN 'bench B' ELSE 'bench A' END WHERE id = 1"
ONE_WRITTEN=$($BIN render --db "$CACHE/large.db" --out "$CACHE/site" --as-of $AS_OF 2>&1 | sed -n 's/.*: \([0-9]*\) written.*/\1/p')
sqlite3 "$CACHE/large.db" "UPDATE workflow SET description = $ORIGINAL_DESCRIPTION WHERE id = 1"
$BIN render --db "$CACHE/large.db" --out "$CACHE/site" --as-of $AS_OF > /dev/null 2>&1
BEFORE_EACH="fresh" measure render-md-cold sh -c "exec $BIN render --db $CACHE/large.db --out \"\$FRESH\" --format md --as-of $AS_OF"
PAGES=$(find "$CACHE/site" -name '*.html' -o -name '*.md' | wc -l)
# Search on the large site, in headless Chromium (real time): index size, first results (index load included), and
# a one-letter query once the index is in.
SEARCH=$(python3 Tests/Browser/check_site.py --search-timing "$CACHE/site" || echo "search check failed")
echo "  $SEARCH"
echo "  $PAGES pages; a warm render wrote $WARM_WRITTEN files; after one workflow changed, $ONE_WRITTEN"

echo "== Hugo on the same number of pages, from flowsite's own Markdown"
rm -rf "$CACHE/hugo" && mkdir -p "$CACHE/hugo/content" "$CACHE/hugo/layouts/_default"
printf 'baseURL = "/"\ntitle = "bench"\ndisableKinds = ["taxonomy", "term", "RSS", "sitemap"]\n[markup.goldmark.renderer]\nunsafe = false\n' > "$CACHE/hugo/config.toml"
printf '<!doctype html><title>{{ .Title }}</title><main>{{ .Content }}</main>\n' > "$CACHE/hugo/layouts/_default/single.html"
printf '<!doctype html><title>{{ .Title }}</title><main>{{ .Content }}{{ range .Pages }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}</main>\n' > "$CACHE/hugo/layouts/_default/list.html"
# Every Markdown page becomes a content page; index pages become page bundles so Hugo keeps them all.
(cd "$CACHE/site" && find . -name '*.md') | while read -r page; do
    target="$CACHE/hugo/content/${page%.md}"; [ "$(basename "$page")" = "index.md" ] && target="$CACHE/hugo/content/$(dirname "$page")/overview"
    mkdir -p "$(dirname "$target")"; { printf -- '---\ntitle: "%s"\n---\n' "$(basename "${page%.md}")"; cat "$CACHE/site/$page"; } > "$target.md"
done
HUGO_FILES=$(find "$CACHE/hugo/content" -name '*.md' | wc -l)
# Twice the Markdown pages, to match flowsite's HTML + Markdown page count.
cp -r "$CACHE/hugo/content" "$CACHE/hugo/content-copy" && mv "$CACHE/hugo/content-copy" "$CACHE/hugo/content/copy"
# Into a folder that never existed, as flowsite's cold renders are.
BEFORE_EACH="fresh; rm -rf $CACHE/hugo/resources" measure hugo sh -c "exec hugo --quiet --source $CACHE/hugo --destination \"\$FRESH\""
HUGO_PAGES=$(find "$FRESH" -name '*.html' | wc -l)
echo "  hugo built $HUGO_PAGES HTML pages from $((HUGO_FILES * 2)) Markdown files"

echo "== export and import of 10,000 workflow files"
BEFORE_EACH="rm -rf $CACHE/export" measure export $BIN export --db "$CACHE/large.db" --out "$CACHE/export"
# The same files copied by cp(1), in the same run and the same way (folder removed first): creating 10,000 files
# right after deleting 10,000 costs ext4 seconds of kernel time that no program avoids.
BEFORE_EACH="rm -rf $CACHE/export-copy" measure export-cp-floor cp -r "$CACHE/export" "$CACHE/export-copy"
rm -rf "$CACHE/import" && mkdir -p "$CACHE/import"
for f in "$CACHE/export"/*.md; do sed '/^id: [0-9]*$/d' "$f" > "$CACHE/import/$(basename "$f")"; done
BEFORE_EACH="cp $CACHE/runs-100000.db $CACHE/import.db && sqlite3 $CACHE/import.db 'DELETE FROM workflow'" \
    measure import-10k-creates $BIN import --db "$CACHE/import.db" "$CACHE/import"
BEFORE_EACH="" measure import-10k-unchanged $BIN import --db "$CACHE/large.db" "$CACHE/export"

echo "== scaling (cold render, HTML + Markdown)"
for runs in 100000 1000000 20000000; do
    BEFORE_EACH="fresh" measure "render-$runs" sh -c "exec $BIN render --db $CACHE/runs-$runs.db --out \"\$FRESH\" --as-of $AS_OF"
done
BEFORE_EACH=""
rm -rf "$CACHE"/cold-*

COLD=${SECONDS_OF[render-cold]}; WARM=${SECONDS_OF[render-warm]}; FLOOR=${SECONDS_OF[floor]}; HUGO=${SECONDS_OF[hugo]}
ONE=${SECONDS_OF[render-one-changed]}; MD=${SECONDS_OF[render-md-cold]}; FOLD=${SECONDS_OF[read-fold]}
PEAK=$(printf '%s\n' "${RSS_OF[render-cold]}" "${RSS_OF[render-1000000]}" "${RSS_OF[render-20000000]}" | sort -g | tail -1)
GROWTH=$(awk -v a="${RSS_OF[render-1000000]}" -v b="${RSS_OF[render-20000000]}" 'BEGIN { printf "%.0f", (b - a) * 100 / a }')
at_most() { verdict "$(awk -v a="$1" -v b="$2" 'BEGIN { print a <= b }')"; }
{
    echo "# flowsite benchmark"
    echo
    echo "$(date -u +%Y-%m-%d), $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -m); medians of $RUNS runs. Database: 10,000 workflows, 5,000,000 runs, SQLModel layout, no extra indexes."
    echo
    echo "| measure | seconds | max RSS (MB) |"
    echo "|---|--:|--:|"
    for name in floor read-fold render-cold render-warm render-one-changed render-md-cold hugo export export-cp-floor import-10k-creates import-10k-unchanged render-100000 render-1000000; do
        echo "| $name | ${SECONDS_OF[$name]} | ${RSS_OF[$name]} |"
    done
    echo "| render-5000000 (= render-cold) | $COLD | ${RSS_OF[render-cold]} |"
    echo "| render-20000000 | ${SECONDS_OF[render-20000000]} | ${RSS_OF[render-20000000]} |"
    echo
    echo "| target (issue 13 unless noted) | figure | verdict |"
    echo "|---|---|---|"
    echo "| cold render (HTML + Markdown) ≤ 4 × sqlite3 floor | $(ratio "$COLD" "$FLOOR") × | $(at_most "$COLD" "$(awk -v f="$FLOOR" 'BEGIN{print 4*f}')") |"
    echo "| --format md alone ≤ 3 × floor | $(ratio "$MD" "$FLOOR") × | $(at_most "$MD" "$(awk -v f="$FLOOR" 'BEGIN{print 3*f}')") |"
    echo "| nothing changed: ≤ 1.5 × floor | $(ratio "$WARM" "$FLOOR") × | $(at_most "$WARM" "$(awk -v f="$FLOOR" 'BEGIN{print 1.5*f}')") |"
    echo "| nothing changed: writes 0 files | $WARM_WRITTEN written | $(verdict "$([ "$WARM_WRITTEN" = 0 ] && echo 1 || echo 0)") |"
    echo "| one workflow changed: ≤ 2 × floor | $(ratio "$ONE" "$FLOOR") × | $(at_most "$ONE" "$(awk -v f="$FLOOR" 'BEGIN{print 2*f}')") |"
    echo "| one workflow changed: rewrites only pages whose content changed | $ONE_WRITTEN of $PAGES written | see figure |"
    echo "| ≥ 4 × faster than Hugo ($PAGES vs $HUGO_PAGES pages) | $(ratio "$HUGO" "$COLD") × faster | $(verdict "$(awk -v a="$COLD" -v b="$HUGO" 'BEGIN{print 4*a <= b}')") |"
    echo "| peak memory ≤ 300 MB (1 M, 5 M, 20 M runs) | $PEAK MB | $(at_most "$PEAK" 300) |"
    echo "| memory flat from 1 M to 20 M runs (< 10 % growth) | ${GROWTH} % | $(verdict "$(awk -v g="$GROWTH" 'BEGIN{print g < 10}')") |"
    echo "| read + fold (inspect) ≤ 1.5 × floor | $(ratio "$FOLD" "$FLOOR") × | $(at_most "$FOLD" "$(awk -v f="$FLOOR" 'BEGIN{print 1.5*f}')") |"
    echo "| import of 10,000 files ≤ 10 s (issue 6) | ${SECONDS_OF[import-10k-creates]} s | $(at_most "${SECONDS_OF[import-10k-creates]}" 10) |"
    echo "| export of 10,000 ≤ 5 s (issue 6) | ${SECONDS_OF[export]} s ($(ratio "${SECONDS_OF[export]}" "${SECONDS_OF[export-cp-floor]}") × cp -r of the same files) | $(at_most "${SECONDS_OF[export]}" 5) |"
    echo "| search: index < 2 MB, results < 50 ms | $SEARCH | see figures |"
    if [ "$DEMO_SECONDS" = "?" ]; then
        echo "| demo --size large ≤ 60 s | not timed (cached database) | — |"
    else
        echo "| demo --size large ≤ 60 s | ${DEMO_SECONDS} s | $(at_most "$DEMO_SECONDS" 60) |"
    fi
} > bench/results.md
echo
cat bench/results.md

if [ "${BENCH_POSTGRES:-1}" != 0 ]; then
    echo
    echo "== PostgreSQL"
    RUNS=$RUNS bench/postgres.sh
fi

if [ "${BENCH_MARIADB:-1}" != 0 ]; then
    echo
    echo "== MariaDB"
    RUNS=$RUNS bench/mariadb.sh
fi
