-- A database built for the nightly insights (issue 14), as of 2026-11-25T00:00:00Z, SQLModel layout:
--   1 "Nightly report"   cron 0 2 * * * (Europe/Berlin): ran every night, then stopped 21 days ago -> late
--   2 "Flapping sync"    cron */30 * * * *, uses flaky-mcp: alternates success and failure for 2 days -> flaky;
--                        flaky-mcp fails half its runs -> unreliable server
--   3 "Hourly digest"    cron 0 * * * *: ran every hour up to as-of -> on time
--   4 "Failing deploy"   event trigger, uses github: fine for a week, then its last 5 runs timed out -> streak 5
--   5 "Manual cleanup"   manual trigger, never run -> nothing expected of it
CREATE TABLE user (id INTEGER NOT NULL, username VARCHAR NOT NULL, hashed_password VARCHAR NOT NULL, email VARCHAR, created_at DATETIME NOT NULL, PRIMARY KEY (id));
CREATE TABLE workflow (id INTEGER NOT NULL, name VARCHAR NOT NULL, description VARCHAR, natural_language_description VARCHAR NOT NULL, structured_definition JSON NOT NULL, created_at DATETIME NOT NULL, updated_at DATETIME NOT NULL, owner_id INTEGER NOT NULL, PRIMARY KEY (id), FOREIGN KEY(owner_id) REFERENCES user (id));
CREATE TABLE integration (id INTEGER NOT NULL, server_name VARCHAR NOT NULL, config JSON NOT NULL, created_at DATETIME NOT NULL, owner_id INTEGER NOT NULL, PRIMARY KEY (id), FOREIGN KEY(owner_id) REFERENCES user (id));
CREATE TABLE workflowrun (id INTEGER NOT NULL, triggered_at DATETIME NOT NULL, status VARCHAR NOT NULL, trigger_data JSON, output_data JSON, error_message VARCHAR, workflow_id INTEGER NOT NULL, PRIMARY KEY (id), FOREIGN KEY(workflow_id) REFERENCES workflow (id));
INSERT INTO user VALUES (1, 'ops', 'x', NULL, '2026-01-01 00:00:00.000000');
INSERT INTO integration VALUES (1, 'flaky-mcp', '{}', '2026-01-01 00:00:00.000000', 1), (2, 'github', '{}', '2026-01-01 00:00:00.000000', 1);
INSERT INTO workflow VALUES
  (1, 'Nightly report', NULL, 'Every night.', '{"trigger": {"type": "schedule", "cron": "0 2 * * *", "timezone": "Europe/Berlin"}, "actions": [{"tool": "report"}]}', '2026-01-01 00:00:00.000000', '2026-01-01 00:00:00.000000', 1),
  (2, 'Flapping sync', NULL, 'Sync.', '{"trigger": {"type": "schedule", "cron": "*/30 * * * *"}, "actions": [{"integration": "flaky-mcp", "tool": "sync"}]}', '2026-01-01 00:00:00.000000', '2026-01-01 00:00:00.000000', 1),
  (3, 'Hourly digest', NULL, 'Digest.', '{"trigger": {"type": "schedule", "cron": "0 * * * *"}, "actions": [{"tool": "digest"}]}', '2026-01-01 00:00:00.000000', '2026-01-01 00:00:00.000000', 1),
  (4, 'Failing deploy', NULL, 'Deploy.', '{"trigger": {"type": "event", "integration": "github"}, "actions": [{"integration": "github", "tool": "deploy"}]}', '2026-01-01 00:00:00.000000', '2026-01-01 00:00:00.000000', 1),
  (5, 'Manual cleanup', NULL, 'Cleanup.', '{"trigger": {"type": "manual"}, "actions": [{"tool": "cleanup"}]}', '2026-01-01 00:00:00.000000', '2026-01-01 00:00:00.000000', 1);
-- 1: nightly at 01:00 UTC (02:00 in Berlin in winter) from 60 days ago until 21 days ago.
WITH RECURSIVE day(n) AS (SELECT 21 UNION ALL SELECT n + 1 FROM day WHERE n < 60)
INSERT INTO workflowrun (triggered_at, status, workflow_id) SELECT datetime('2026-11-25 01:00:00', '-' || n || ' days'), 'completed', 1 FROM day;
-- 2: every 30 minutes for 2 days, alternating.
WITH RECURSIVE slot(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM slot WHERE n < 96)
INSERT INTO workflowrun (triggered_at, status, error_message, workflow_id)
SELECT datetime('2026-11-25 00:00:00', '-' || (n * 30) || ' minutes'), CASE n % 2 WHEN 0 THEN 'completed' ELSE 'failed' END,
       CASE n % 2 WHEN 0 THEN NULL ELSE 'flaky-mcp: connection reset after ' || (n * 7 % 50) || ' ms' END, 2 FROM slot;
-- 3: every hour for 3 days.
WITH RECURSIVE hour(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM hour WHERE n < 72)
INSERT INTO workflowrun (triggered_at, status, workflow_id) SELECT datetime('2026-11-25 00:00:00', '-' || n || ' hours'), 'completed', 3 FROM hour;
-- 4: twice a day for a week, fine, then 5 timeouts.
WITH RECURSIVE half(n) AS (SELECT 3 UNION ALL SELECT n + 1 FROM half WHERE n < 16)
INSERT INTO workflowrun (triggered_at, status, workflow_id) SELECT datetime('2026-11-25 00:00:00', '-' || (n * 12) || ' hours'), 'completed', 4 FROM half;
INSERT INTO workflowrun (triggered_at, status, error_message, workflow_id) VALUES
  ('2026-11-24 02:00:00', 'failed', 'deploy timed out after 301 s (job 8812)', 4),
  ('2026-11-24 08:00:00', 'failed', 'deploy timed out after 298 s (job 8815)', 4),
  ('2026-11-24 14:00:00', 'failed', 'deploy timed out after 305 s (job 8820)', 4),
  ('2026-11-24 18:00:00', 'failed', 'deploy timed out after 300 s (job 8823)', 4),
  ('2026-11-24 22:00:00', 'failed', 'deploy timed out after 302 s (job 8830)', 4);
