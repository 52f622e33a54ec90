CREATE TABLE user (id INTEGER PRIMARY KEY, username VARCHAR NOT NULL, hashed_password VARCHAR NOT NULL, email VARCHAR, created_at DATETIME NOT NULL);
CREATE TABLE workflow (id INTEGER PRIMARY KEY, name VARCHAR NOT NULL, description VARCHAR, natural_language_description VARCHAR NOT NULL, structured_definition JSON NOT NULL, created_at DATETIME NOT NULL, updated_at DATETIME NOT NULL, owner_id INTEGER NOT NULL);
CREATE TABLE integration (id INTEGER PRIMARY KEY, server_name VARCHAR NOT NULL, config JSON NOT NULL, created_at DATETIME NOT NULL, owner_id INTEGER NOT NULL);
CREATE TABLE workflowrun (id INTEGER PRIMARY KEY, triggered_at DATETIME NOT NULL, trigger_data JSON, output_data JSON, error_message VARCHAR, workflow_id INTEGER NOT NULL);
