-- A workflow database (SQLModel layout) beside tables whose names Mermaid's grammar would reject or misread:
-- spaces, dots, quotes (in table, column and index names), %% (a Mermaid comment), brackets, emoji, very long
-- names, SQL and Mermaid keywords as table and column names.
-- Used by the ER-diagram tests and the browser check.
CREATE TABLE user (id INTEGER NOT NULL, username VARCHAR NOT NULL, hashed_password VARCHAR NOT NULL, email VARCHAR, created_at DATETIME NOT NULL, PRIMARY KEY (id));
CREATE TABLE workflow (id INTEGER NOT NULL, name VARCHAR NOT NULL, description VARCHAR, natural_language_description VARCHAR NOT NULL, structured_definition JSON NOT NULL, created_at DATETIME NOT NULL, updated_at DATETIME NOT NULL, owner_id INTEGER NOT NULL, PRIMARY KEY (id), FOREIGN KEY(owner_id) REFERENCES user (id));
CREATE TABLE integration (id INTEGER NOT NULL, server_name VARCHAR NOT NULL, config JSON NOT NULL, created_at DATETIME NOT NULL, owner_id INTEGER NOT NULL, PRIMARY KEY (id), FOREIGN KEY(owner_id) REFERENCES user (id));
CREATE TABLE workflowrun (id INTEGER NOT NULL, triggered_at DATETIME NOT NULL, status VARCHAR NOT NULL, trigger_data JSON, output_data JSON, error_message VARCHAR, workflow_id INTEGER NOT NULL, PRIMARY KEY (id), FOREIGN KEY(workflow_id) REFERENCES workflow (id));
CREATE TABLE "audit log" ("entry id" INTEGER PRIMARY KEY, "select" TEXT NOT NULL, "from" DECIMAL(10, 2), "user.id" INTEGER REFERENCES user (id), "quote""d" BLOB);
CREATE TABLE "weird.name[1]" (id INTEGER PRIMARY KEY, "end" TEXT UNIQUE, "{curly}" INTEGER UNSIGNED, "audit" INTEGER NOT NULL REFERENCES "audit log" ("entry id"));
CREATE TABLE "🚀 launches" ("🚀" TEXT, "#hash" TEXT, "semi;colon" TEXT, "pipe|bar" TEXT, ref INTEGER REFERENCES "weird.name[1]" (id));
CREATE TABLE "end" (erDiagram TEXT, "PK" TEXT, "u" INTEGER UNIQUE REFERENCES workflow (id));
CREATE TABLE "a_table_with_a_really_really_really_long_name_that_keeps_going_and_going_for_a_very_long_while" ("a_column_with_a_really_really_long_name_that_keeps_going_and_going" TEXT, x "" );
CREATE TABLE "order" ("group" INTEGER PRIMARY KEY, "<b>html</b>" TEXT, "back\slash" TEXT, "`tick`" TEXT);
CREATE TABLE "zz""q" (id INTEGER PRIMARY KEY, "c""d" TEXT, w INTEGER REFERENCES workflow);
CREATE UNIQUE INDEX "i""x" ON "zz""q" ("c""d");
CREATE TABLE "zz 50%% off" ("%%x" INTEGER, "graph" TEXT);
INSERT INTO user VALUES (1, 'alice', 'x', NULL, '2026-11-01 08:00:00');
INSERT INTO workflow VALUES (1, 'end', NULL, 'x', '{"trigger": {"type": "manual\"]; end; A-->B"}, "conditions": [{"field": "a\"b", "op": "equals", "value": "x\ny"}], "actions": [{"id": "end", "integration": "github.com/[weird]|(srv)", "tool": "#tool;&<b>", "arguments": {}}, {"tool": "`md` **bold**"}]}', '2026-11-01 08:00:00', '2026-11-01 08:00:00', 1);
