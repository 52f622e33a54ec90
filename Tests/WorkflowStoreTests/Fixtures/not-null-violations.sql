-- NULLs where the design says NOT NULL: the table is declared without the constraint, as a hand-made or
-- migrated database may be.
CREATE TABLE user (id INTEGER PRIMARY KEY, username VARCHAR, hashed_password VARCHAR, email VARCHAR, created_at DATETIME);
CREATE TABLE workflow (id INTEGER PRIMARY KEY, name VARCHAR, description VARCHAR, natural_language_description VARCHAR, structured_definition JSON, created_at DATETIME, updated_at DATETIME, owner_id INTEGER);
CREATE TABLE integration (id INTEGER PRIMARY KEY, server_name VARCHAR, config JSON, created_at DATETIME, owner_id INTEGER);
CREATE TABLE workflowrun (id INTEGER PRIMARY KEY, triggered_at DATETIME, status VARCHAR, trigger_data JSON, output_data JSON, error_message VARCHAR, workflow_id INTEGER);
INSERT INTO user VALUES (1, NULL, NULL, NULL, NULL);
INSERT INTO workflow VALUES (1, NULL, NULL, NULL, NULL, NULL, NULL, NULL);
INSERT INTO integration VALUES (1, NULL, NULL, NULL, NULL);
INSERT INTO workflowrun VALUES (1, NULL, NULL, NULL, NULL, NULL, NULL);
