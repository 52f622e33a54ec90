-- Malformed JSON in every JSON column. structured_definition and config are findings; trigger_data and output_data are never read (no page shows them), so they cannot break a render.
CREATE TABLE user (id INTEGER NOT NULL, username VARCHAR NOT NULL, hashed_password VARCHAR NOT NULL, email VARCHAR, created_at DATETIME NOT NULL, PRIMARY KEY (id));
CREATE TABLE workflow (id INTEGER NOT NULL, name VARCHAR NOT NULL, description VARCHAR, natural_language_description VARCHAR NOT NULL, structured_definition JSON NOT NULL, created_at DATETIME NOT NULL, updated_at DATETIME NOT NULL, owner_id INTEGER NOT NULL, PRIMARY KEY (id));
CREATE TABLE integration (id INTEGER NOT NULL, server_name VARCHAR NOT NULL, config JSON NOT NULL, created_at DATETIME NOT NULL, owner_id INTEGER NOT NULL, PRIMARY KEY (id));
CREATE TABLE workflowrun (id INTEGER NOT NULL, triggered_at DATETIME NOT NULL, status VARCHAR NOT NULL, trigger_data JSON, output_data JSON, error_message VARCHAR, workflow_id INTEGER NOT NULL, PRIMARY KEY (id));
INSERT INTO user VALUES (1, 'alice', 'hash', NULL, '2026-11-01 08:00:00.000000');
INSERT INTO workflow VALUES (1, 'W', NULL, 'x', '{"trigger": {', '2026-11-02 08:00:00', '2026-11-02 08:00:00', 1);
INSERT INTO integration VALUES (1, 's', '{token: unquoted}', '2026-11-02 08:00:00', 1);
INSERT INTO workflowrun VALUES (1, '2026-11-24 08:00:00', 'completed', '{broken', '[1, 2', NULL, 1);
