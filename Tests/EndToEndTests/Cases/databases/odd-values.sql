-- Unknown statuses, NULLs in non-null columns (a table created without the constraint), invalid UTF-8.
CREATE TABLE user (id INTEGER, username VARCHAR, hashed_password VARCHAR, email VARCHAR, created_at DATETIME, PRIMARY KEY (id));
CREATE TABLE workflow (id INTEGER, name VARCHAR, description VARCHAR, natural_language_description VARCHAR, structured_definition JSON, created_at DATETIME, updated_at DATETIME, owner_id INTEGER, PRIMARY KEY (id));
CREATE TABLE integration (id INTEGER, server_name VARCHAR, config JSON, created_at DATETIME, owner_id INTEGER, PRIMARY KEY (id));
CREATE TABLE workflowrun (id INTEGER, triggered_at DATETIME, status VARCHAR, trigger_data JSON, output_data JSON, error_message VARCHAR, workflow_id INTEGER, PRIMARY KEY (id));
INSERT INTO user VALUES (1, 'alice', 'hash', NULL, '2026-11-01 08:00:00.000000');
INSERT INTO workflow VALUES (1, NULL, NULL, NULL, NULL, NULL, NULL, 1);
INSERT INTO workflowrun VALUES (1, '2026-11-24 08:00:00', 'exploded', NULL, NULL, CAST(X'4572726F72C3' AS TEXT), 1), (2, NULL, NULL, NULL, NULL, NULL, NULL), (3, '2026-11-24 08:00:00', 'COMPLETED', NULL, NULL, NULL, 1);
