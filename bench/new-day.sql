-- One more day for the large demo (bench/saved-fold.sh, bench/projection.sh): 14,000 runs across 2026-11-25 in
-- every workflow, 1 in 9 failed, the last 9 still running; the runs of the last 91 days that were running before the
-- day finish (runs left running longer ago stay so, as an app that never reaps them leaves them).
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 14000)
INSERT INTO workflowrun (id, triggered_at, status, trigger_data, output_data, error_message, workflow_id)
SELECT (SELECT max(id) FROM workflowrun) + i, strftime('%Y-%m-%d %H:%M:%f', julianday('2026-11-25') + i * 1.0 / 14000),
       CASE WHEN i % 9 = 0 THEN 'failed' WHEN i > 13990 THEN 'running' ELSE 'completed' END, '{}', NULL,
       CASE WHEN i % 9 = 0 THEN 'HTTP 502 from upstream' END, 1 + (i * 7919) % 10000
FROM n;
UPDATE workflowrun SET status = 'completed' WHERE status IN ('running', 'queued', 'pending') AND triggered_at < '2026-11-25'
    AND triggered_at >= '2026-08-26';
