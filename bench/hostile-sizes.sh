#!/usr/bin/env bash
# Linear in the input (issue 11): renders a database with huge texts and then after renaming 3,000 workflows, and
# prints medians of several runs. Not a test: a generous bound is checked here, figures are for people.
#
#   bench/hostile-sizes.sh          # after `swift build -c release`; RUNS=3 by default
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-3}
BIN=${FLOWSITE_BIN:-.build/release/flowsite}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
# time_render DB OUT [prepare-command]: median seconds of a render, each from the state prepare leaves.
time_render() {
    local db=$1 out=$2 prepare=${3:-}
    for _ in $(seq "$RUNS"); do
        [ -n "$prepare" ] && eval "$prepare"
        /usr/bin/time -f "%e" -o "$WORK/t" "$BIN" render --db "$db" --out "$out" --as-of 2026-11-25T00:00:00Z 2>/dev/null
        cat "$WORK/t"
    done | median
}

"$BIN" demo --db "$WORK/base.db" --now 2026-11-25T00:00:00Z >/dev/null
python3 - "$WORK" <<'PY'
import shutil, sqlite3, sys
work = sys.argv[1]
def huge(name, descriptions):
    shutil.copy(f"{work}/base.db", f"{work}/{name}.db")
    db = sqlite3.connect(f"{work}/{name}.db")
    for i in range(1, descriptions + 1):
        db.execute("UPDATE workflow SET natural_language_description = ? WHERE id = ?", ("lorem ipsum *dolor* sit amet\n" * 120_000, i))
    if descriptions:
        db.execute("UPDATE workflow SET description = ? WHERE id = 6", ("x" * 1_000_000,))
        db.execute("UPDATE workflowrun SET error_message = ? WHERE id IN (SELECT id FROM workflowrun WHERE status = 'failed' LIMIT 3)", ("e " * 500_000,))
    db.commit()
huge("plain", 0)
huge("one", 1)
huge("five", 5)
shutil.copy(f"{work}/base.db", f"{work}/many.db")
db = sqlite3.connect(f"{work}/many.db")
db.executemany("INSERT INTO workflow (name, description, natural_language_description, structured_definition, created_at, updated_at, owner_id) VALUES (?, NULL, 'x', '{}', '2026-11-01 00:00:00', '2026-11-01 00:00:00', 1)",
               [(f"Bulk workflow {i}",) for i in range(3000)])
db.commit()
PY

echo "== huge texts (each 3.5 MB description; plus a 1 MB summary and three 1 MB error messages)"
plain=$(time_render "$WORK/plain.db" "$WORK/s0" "rm -rf $WORK/s0")
one=$(time_render "$WORK/one.db" "$WORK/s1" "rm -rf $WORK/s1")
five=$(time_render "$WORK/five.db" "$WORK/s5" "rm -rf $WORK/s5")
printf '  no huge text        %6.2f s\n  one description     %6.2f s\n  five descriptions   %6.2f s   (five minus plain) / (one minus plain) = %s (linear: about 5)\n' \
    "$plain" "$one" "$five" "$(awk -v a="$five" -v b="$one" -v p="$plain" 'BEGIN { d = b - p; printf "%.1f", (d > 0.05 ? (a - p) / d : 0) }')"

echo "== 3,000 workflows renamed between two renders"
"$BIN" render --db "$WORK/many.db" --out "$WORK/m" --as-of 2026-11-25T00:00:00Z 2>/dev/null
cp "$WORK/many.db" "$WORK/many-orig.db"
cold=$(time_render "$WORK/many.db" "$WORK/cold" "rm -rf $WORK/cold")
unchanged=$(time_render "$WORK/many.db" "$WORK/m")
renamed=$(time_render "$WORK/many.db" "$WORK/m" "cp $WORK/many-orig.db $WORK/many.db && $BIN render --db $WORK/many.db --out $WORK/m --as-of 2026-11-25T00:00:00Z 2>/dev/null && sqlite3 $WORK/many.db \"UPDATE workflow SET name = name || ' (renamed)' WHERE name LIKE 'Bulk%'\"")
printf '  cold render         %6.2f s\n  unchanged render    %6.2f s\n  after 3,000 renames %6.2f s   (%s x the cold render: every renamed page is new, every old one removed)\n' \
    "$cold" "$unchanged" "$renamed" "$(awk -v a="$renamed" -v b="$cold" 'BEGIN { printf "%.1f", a / b }')"
awk -v f="$five" -v r="$renamed" 'BEGIN { exit !(f < 60 && r < 60) }' || { echo "NOT met: a render took a minute or more" >&2; exit 1; }
