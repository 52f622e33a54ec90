#!/usr/bin/env bash
# Linear in the input (issues 11 and 27): renders a database with huge texts and then after renaming 3,000 workflows;
# imports and renders objects of 10,000 / 20,000 / 40,000 keys; renders 2,000 and 4,000 tables; checks cron schedules
# on a day the clocks change against an ordinary day. Prints medians of several runs and each growth ratio.
# Not a test: a generous bound is checked here, figures are for people.
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

# time_command LABEL COMMAND...: median seconds of a command.
time_command() {
    for _ in $(seq "$RUNS"); do
        /usr/bin/time -f "%e" -o "$WORK/t" "$@" >/dev/null 2>&1 || true  # check exits 1 when a gate fails
        tail -1 "$WORK/t"
    done | median
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", (b > 0 ? a / b : 0) }'; }

python3 - "$WORK" <<'PY'
import json, os, shutil, sqlite3, sys
work = sys.argv[1]
for n in (10_000, 20_000, 40_000):
    # Front matter with n extra keys (short, so 40,000 stay under the 1 MiB file limit) ...
    os.makedirs(f"{work}/keys{n}", exist_ok=True)
    with open(f"{work}/keys{n}/w.md", "w") as f:
        owner, server = sqlite3.connect(f"{work}/base.db").execute("SELECT u.username, i.server_name FROM user u JOIN integration i ON i.owner_id = u.id LIMIT 1").fetchone()
        f.write(f"---\nname: Many keys\nowner: {json.dumps(owner)}\ntrigger:\n  type: manual\nactions:\n- integration: {server}\n  tool: t\n")
        f.write("".join(f"x{i}: {i}\n" for i in range(n)) + "---\nBody.\n")
    # ... and a stored definition and a config with n keys each, nested, some secret-named.
    shutil.copy(f"{work}/base.db", f"{work}/keys{n}.db")
    db = sqlite3.connect(f"{work}/keys{n}.db")
    definition = json.loads(db.execute("SELECT structured_definition FROM workflow WHERE id = 1").fetchone()[0])
    definition.setdefault("trigger", {}).update({f"k{i}": {"api_key": f"s{i}", "n": i} for i in range(n)})
    db.execute("UPDATE workflow SET structured_definition = ? WHERE id = 1", (json.dumps(definition),))
    db.execute("UPDATE integration SET config = ? WHERE id = 1", (json.dumps({f"c{i}": {"token": f"t{i}"} for i in range(n)}),))
    db.commit()
for n in (2_000, 4_000):
    shutil.copy(f"{work}/base.db", f"{work}/tables{n}.db")
    db = sqlite3.connect(f"{work}/tables{n}.db")
    for i in range(n):
        keys = (f", parent_id INTEGER REFERENCES extra_{i - 1}(id)" if i else "") + (f", other_id INTEGER REFERENCES extra_{i // 2}(id)" if i > 1 else "")
        db.execute(f"CREATE TABLE extra_{i} (id INTEGER PRIMARY KEY, name TEXT{keys})")
    db.commit()
# 2,000 workflows every five minutes in zones whose clocks change at 02:00 and at midnight.
shutil.copy(f"{work}/base.db", f"{work}/crons.db")
db = sqlite3.connect(f"{work}/crons.db")
zones = ["Europe/Berlin", "America/New_York", "America/Santiago", "Asia/Beirut"]
db.executemany("INSERT INTO workflow (name, description, natural_language_description, structured_definition, created_at, updated_at, owner_id) VALUES (?, NULL, 'x', ?, '2025-01-01 00:00:00', '2025-01-01 00:00:00', 1)",
               [(f"Cron {i}", json.dumps({"trigger": {"type": "schedule", "cron": "*/5 * * * *", "timezone": zones[i % 4]}, "actions": []})) for i in range(2000)])
db.commit()
PY

echo "== objects with many keys (front matter: import --dry-run; stored definition and config: render)"
declare -A imports renders
for n in 10000 20000 40000; do
    cp "$WORK/base.db" "$WORK/import.db"
    imports[$n]=$(time_command "$BIN" import --db "$WORK/import.db" "$WORK/keys$n" --dry-run)
    renders[$n]=$(time_render "$WORK/keys$n.db" "$WORK/k$n" "rm -rf $WORK/k$n")
done
printf '  keys    import    render\n'
for n in 10000 20000 40000; do printf '  %6d %7.2f s %7.2f s\n' "$n" "${imports[$n]}" "${renders[$n]}"; done
import40000=${imports[40000]} import10000=${imports[10000]} render40000=${renders[40000]} render10000=${renders[10000]}
printf '  40,000 / 10,000 keys: import %s x, render %s x (linear: about 4; a scan per key: 16)\n' "$(ratio "$import40000" "$import10000")" "$(ratio "$render40000" "$render10000")"

echo "== many tables (each with two foreign keys)"
tables2000=$(time_render "$WORK/tables2000.db" "$WORK/t2" "rm -rf $WORK/t2")
tables4000=$(time_render "$WORK/tables4000.db" "$WORK/t4" "rm -rf $WORK/t4")
printf '  2,000 tables %6.2f s\n  4,000 tables %6.2f s   (%s x; linear: about 2)\n' "$tables2000" "$tables4000" "$(ratio "$tables4000" "$tables2000")"

echo "== 2,000 five-minute crons (Berlin, New York, Santiago, Beirut): check on a day the clocks change"
ordinary=$(time_command "$BIN" check --db "$WORK/crons.db" --as-of 2026-03-25T12:00:00Z)
dst=$(time_command "$BIN" check --db "$WORK/crons.db" --as-of 2026-03-29T01:30:00Z)
printf '  an ordinary day     %6.2f s\n  Berlin'"'"'s DST day    %6.2f s   (%s x)\n' "$ordinary" "$dst" "$(ratio "$dst" "$ordinary")"

awk -v f="$five" -v r="$renamed" 'BEGIN { exit !(f < 60 && r < 60) }' || { echo "NOT met: a render took a minute or more" >&2; exit 1; }
awk -v a="$(ratio "$import40000" "$import10000")" -v b="$(ratio "$render40000" "$render10000")" -v t="$(ratio "$tables4000" "$tables2000")" -v d="$(ratio "$dst" "$ordinary")" \
    'BEGIN { exit !(a < 8 && b < 8 && t < 3 && d < 3) }' || { echo "NOT met: growth past linear (keys < 8 x, tables < 3 x, DST day < 3 x)" >&2; exit 1; }
