WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000)
INSERT INTO workflowrun (id, triggered_at, status, trigger_data, output_data, error_message, workflow_id)
SELECT (SELECT max(id) FROM workflowrun) + i, strftime('%Y-%m-%d %H:%M:%f', julianday('2026-11-26') + i * 1.0 / 2000),
       CASE WHEN i % 9 = 0 THEN 'failed' ELSE 'completed' END, '{}', NULL, CASE WHEN i % 9 = 0 THEN 'HTTP 502 from upstream' END, 1 + i % 500
FROM n;
UPDATE workflowrun SET status = 'completed' WHERE status IN ('running', 'queued', 'pending') AND triggered_at < '2026-11-26';
EOF''')
s=s.replace('''    if [ "$round" = 1 ]; then''','''    sqlite3 "$WORK/app.db" < "$WORK-quiet.sql"
    run quiet-night "$BIN" render --db "$WORK/app.db" --out "$WORK/site" --as-of "$QUIET_NIGHT" --state "$WORK/app.fold"
    if [ "$round" = 1 ]; then''')
s=s.replace('''rm -f "$WORK.sql"''','''rm -f "$WORK.sql" "$WORK-quiet.sql"''')
s=s.replace('''for name in floor cold nothing-changed one-more-day one-more-day-full; do''','''for name in floor cold nothing-changed one-more-day one-more-day-full quiet-night; do''')
open(p,'w').write(s)
