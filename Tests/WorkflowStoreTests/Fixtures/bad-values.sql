-- A SQLModel-layout database holding one of every bad value the reader must survive (issue 2, point 5).
-- Built into a temporary database by the tests; no binary committed.
CREATE TABLE user (id INTEGER NOT NULL, username VARCHAR NOT NULL, hashed_password VARCHAR NOT NULL, email VARCHAR, created_at DATETIME NOT NULL, PRIMARY KEY (id));
CREATE TABLE workflow (id INTEGER NOT NULL, name VARCHAR NOT NULL, description VARCHAR, natural_language_description VARCHAR NOT NULL, structured_definition JSON NOT NULL, created_at DATETIME NOT NULL, updated_at DATETIME NOT NULL, owner_id INTEGER NOT NULL, extra_column TEXT, PRIMARY KEY (id), FOREIGN KEY(owner_id) REFERENCES user (id));
CREATE TABLE integration (id INTEGER NOT NULL, server_name VARCHAR NOT NULL, config JSON NOT NULL, created_at DATETIME NOT NULL, owner_id INTEGER NOT NULL, PRIMARY KEY (id), FOREIGN KEY(owner_id) REFERENCES user (id));
-- error_message is missing on purpose; an extra table sits beside the app's.
CREATE TABLE workflowrun (id INTEGER NOT NULL, triggered_at DATETIME NOT NULL, status VARCHAR NOT NULL, trigger_data JSON, output_data JSON, workflow_id INTEGER NOT NULL, PRIMARY KEY (id));
CREATE TABLE "audit log" (id INTEGER PRIMARY KEY, "select" TEXT);

-- Foreign keys are declared but not enforced, as in the app, so orphans exist. NULLs in NOT NULL columns are in
-- not-null-violations.sql, whose tables lack the constraint.
INSERT INTO user VALUES (1, 'alice', 'x', 'a@example.com', '2026-11-01 08:00:00.000000');
INSERT INTO user VALUES (2, CAST(X'6AC3' AS TEXT) || 'zef', 'x', NULL, 'last tuesday');
INSERT INTO workflow VALUES (1, 'Good', NULL, 'ok', '{"trigger": "manual", "actions": []}', '2026-11-02 08:00:00', '2026-11-02T08:00:00+00:00', 1, NULL);
INSERT INTO workflow VALUES (2, 'Broken JSON', NULL, 'x', '{"trigger": {"type": "manual",', '2026-11-02 08:00:00', 1764000000000, 1, NULL);
INSERT INTO workflow VALUES (3, 'Bare number', NULL, 'x', 42, '2026/11/02', '2026-11-02 08:00:00', 7, NULL);
INSERT INTO integration VALUES (1, 'gh', 'not json at all', '2026-11-03 10:00:00', 1);
INSERT INTO workflowrun VALUES (1, '2026-11-20 09:00:00.000001', 'completed', 'null', '{"score": NaN}', 1);
INSERT INTO workflowrun VALUES (2, 'garbage', 'exploded', '{broken', NULL, 1);
INSERT INTO workflowrun VALUES (3, 1764000000000, 'FAILED', NULL, NULL, 3);
INSERT INTO workflowrun VALUES (4, '2026-11-21T09:00:00Z', 'running', NULL, NULL, 404);
