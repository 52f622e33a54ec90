-- The night after bench/new-day.sql (bench/saved-fold.sh): 2,000 runs across 2026-11-26 in 500 of the 10,000
-- workflows; the runs still running before it finish.
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000)
INSERT INTO workflowrun (id, triggered_at, status, trigger_data, output_data, error_message, workflow_id)
SELECT (SELECT max(id) FROM workflowrun) + i, strftime('%Y-%m-%d %H:%M:%f', julianday('2026-11-26') + i * 1.0 / 2000),
       CASE WHEN i % 9 = 0 THEN 'failed' ELSE 'completed' END, '{}', NULL, CASE WHEN i % 9 = 0 THEN 'HTTP 502 from upstream' END, 1 + i % 500
FROM n;
UPDATE workflowrun SET status = 'completed' WHERE status IN ('running', 'queued', 'pending') AND triggered_at < '2026-11-26';
