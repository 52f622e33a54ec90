-- A SQLModel-layout database shaped like a real app's, with one distinct secret planted in each shape the app's
-- users and agents put secrets in. planted.txt lists the secrets; the test greps every output file and `inspect`
-- for each of them. Each secret contains "PLANT" so a miss is easy to find by eye.
CREATE TABLE user (id INTEGER NOT NULL, username VARCHAR NOT NULL, hashed_password VARCHAR NOT NULL, email VARCHAR, created_at DATETIME NOT NULL, PRIMARY KEY (id));
CREATE TABLE workflow (id INTEGER NOT NULL, name VARCHAR NOT NULL, description VARCHAR, natural_language_description VARCHAR NOT NULL, structured_definition JSON NOT NULL, created_at DATETIME NOT NULL, updated_at DATETIME NOT NULL, owner_id INTEGER NOT NULL, PRIMARY KEY (id), FOREIGN KEY(owner_id) REFERENCES user (id));
CREATE TABLE integration (id INTEGER NOT NULL, server_name VARCHAR NOT NULL, config JSON NOT NULL, created_at DATETIME NOT NULL, owner_id INTEGER NOT NULL, PRIMARY KEY (id), FOREIGN KEY(owner_id) REFERENCES user (id));
CREATE TABLE workflowrun (id INTEGER NOT NULL, triggered_at DATETIME NOT NULL, status VARCHAR NOT NULL, trigger_data JSON, output_data JSON, error_message VARCHAR, workflow_id INTEGER NOT NULL, PRIMARY KEY (id), FOREIGN KEY(workflow_id) REFERENCES workflow (id));

INSERT INTO user VALUES (1, 'alice', '$2b$12$PLANThashOfAlicesPassword', 'alice@example.com', '2026-11-01 08:00:00.000000');

-- Integrations: secrets by key, nested, in a headers list, in a PEM block, in a malformed config, double-encoded.
INSERT INTO integration VALUES (1, 'github.com/acme/github-mcp', '{"workspace": "acme", "api_key": "PLANT-01-integration-key-echoed", "oauth": {"refresh_token": "PLANT-02-refresh"}, "headers": [{"name": "X-Api-Key", "value": "PLANT-03-header-pair"}, {"name": "Accept", "value": "application/json"}], "cert": "-----BEGIN RSA PRIVATE KEY-----\nPLANT04pemBodyLine\n-----END RSA PRIVATE KEY-----", "a": {"b": [{"c": {"client_secret": "PLANT-05-deep-client-secret"}}]}}', '2026-11-01 08:00:00.000000', 1);
INSERT INTO integration VALUES (2, 'github.com/acme/slack-mcp', '{"token": "PLANT-06-malformed-config-token", "channel": "#ops", ', '2026-11-01 08:00:00.000000', 1);
INSERT INTO integration VALUES (3, 'github.com/acme/db-mcp', '"{\"dsn\": \"PLANT-07-double-encoded-dsn\", \"pool\": 5}"', '2026-11-01 08:00:00.000000', 1);
INSERT INTO integration VALUES (4, 'github.com/acme/notion-mcp', '{"private_key": "PLANT-08-private-key", "pat": "PLANT-09-personal-access", "x-api-key": "PLANT-10-xapikey", "jwt": "PLANT-11-jwt-field", "conn": "postgres://svc:PLANT12dbpass@db.internal:5432/app"}', '2026-11-01 08:00:00.000000', 1);

-- Workflows: a webhook secret, a condition on a secret header, URLs with tokens, argv flags, tokens in descriptions.
INSERT INTO workflow VALUES (1, 'Webhook with a secret', 'Receives signed webhooks',
  'Signed with the webhook secret. Uses ghp_PLANT13abcdefghijklmnopqrstuvwxyz0123 for the API and sk-PLANT14abcdefghijklmnopqrstuvwxyz for summaries.' || char(10) || char(10) || 'Connect with postgresql://admin:PLANT15pgpass@prod:5432/db if needed.',
  '{"trigger": {"type": "webhook", "secret": "PLANT-16-trigger-secret", "path": "/hooks/in"}, "conditions": [{"field": "trigger.headers.x-api-key", "op": "equals", "value": "PLANT-17-condition-value"}, {"if": "headers[''Authorization''] == ''Bearer PLANT18exprBearerToken''"}], "actions": [{"id": "fetch", "integration": "github.com/acme/github-mcp", "tool": "http_get", "arguments": {"url": "https://api.example.com/v1/items?access_token=PLANT19accessToken&limit=5", "hook": "https://hooks.example.com/x?sig=PLANT20sigvalue&t=1", "headers": {"Authorization": "Token PLANT21tokenValue99"}}}, {"integration": "github.com/acme/slack-mcp", "tool": "run", "arguments": {"args": ["--token", "PLANT-22-cli-token", "--api-key=PLANT-23-cli-api-key", "--verbose"], "webhook_secret": "PLANT-24-definition-secret-echoed"}}]}',
  '2026-11-01 08:00:00.000000', '2026-11-01 08:00:00.000000', 1);
INSERT INTO workflow VALUES (2, 'Double encoded', NULL, 'Stored as a JSON string by an older writer.',
  '"{\"trigger\": {\"type\": \"manual\"}, \"actions\": [{\"tool\": \"t\", \"arguments\": {\"password\": \"PLANT-25-double-encoded-definition\"}}]}"',
  '2026-11-01 08:00:00.000000', '2026-11-01 08:00:00.000000', 1);
INSERT INTO workflow VALUES (3, 'Malformed definition', NULL, 'x',
  '{"trigger": {"type": "manual"}, "actions": [{"tool": "t", "arguments": {"secret": "PLANT-26-malformed-definition"',
  '2026-11-01 08:00:00.000000', '2026-11-01 08:00:00.000000', 1);

-- Runs whose error messages echo credentials in every way a stack trace or HTTP client might.
INSERT INTO workflowrun VALUES (1, '2026-11-24 10:00:00.000000', 'failed', NULL, NULL, 'Request failed: Authorization: Bearer PLANT27bearerToken0123456789', 1);
INSERT INTO workflowrun VALUES (2, '2026-11-24 10:05:00.000000', 'failed', NULL, NULL, 'upstream rejected key PLANT-01-integration-key-echoed (401)', 1);
INSERT INTO workflowrun VALUES (3, '2026-11-24 10:10:00.000000', 'failed', NULL, NULL, 'posting with PLANT-24-definition-secret-echoed failed', 1);
INSERT INTO workflowrun VALUES (4, '2026-11-24 10:15:00.000000', 'failed', NULL, NULL, 'slack said invalid_auth for xoxb-PLANT28-1234567890-abcdef', 1);
INSERT INTO workflowrun VALUES (5, '2026-11-24 10:20:00.000000', 'failed', NULL, NULL, 'AWS denied AKIAPLANT29EXAMPLE1234 (SignatureDoesNotMatch)', 1);
INSERT INTO workflowrun VALUES (6, '2026-11-24 10:25:00.000000', 'error', NULL, NULL, 'stripe: No such customer; key sk_live_PLANT30abcdefghijkl', 1);
INSERT INTO workflowrun VALUES (7, '2026-11-24 10:30:00.000000', 'failed', NULL, NULL, 'token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJQTEFOVDMxIn0.PLANT31signature expired', 2);
INSERT INTO workflowrun VALUES (8, '2026-11-24 10:35:00.000000', 'failed', NULL, NULL, 'login failed with password=PLANT32hunter2; user=bob', 2);
INSERT INTO workflowrun VALUES (9, '2026-11-24 10:40:00.000000', 'failed', NULL, NULL, 'auth header was ''Basic UExBTlQzM2Jhc2ljY3JlZA==''', 2);
INSERT INTO workflowrun VALUES (10, '2026-11-24 10:45:00.000000', 'failed', NULL, NULL, 'Set-Cookie: session=PLANT34cookieSession; Path=/', 3);
INSERT INTO workflowrun VALUES (11, '2026-11-24 10:50:00.000000', 'failed', NULL, NULL, 'config echoed: {"token": "PLANT-35-json-in-error", "region": "eu"}', 3);
INSERT INTO workflowrun VALUES (12, 'token=PLANT-36-in-a-datetime', 'running', NULL, NULL, NULL, 3);
INSERT INTO workflowrun VALUES (13, '2026-11-24 11:00:00.000000', 'failed', NULL, NULL, 'ran: mcp-server --api-key PLANT-37-spaced-flag --verbose', 1);
INSERT INTO workflowrun VALUES (14, '2026-11-24 11:05:00.000000', 'failed', NULL, NULL, 'clone https://x-access-token:ghs_PLANT38abcdefghijklmnop@github.com/a/b failed', 1);

-- Third round: a secret in a workflow's name (check, import --check and export file names print names), a password
-- inside JSON escaped once and twice inside an error message, and a URL password holding an unencoded '/'.
INSERT INTO workflow VALUES (4, 'Nightly sync token=PLANT-42-name-token', NULL, 'Runs every night.',
  '{"trigger": {"type": "schedule", "cron": "0 2 * * *"}, "actions": [{"tool": "sync"}]}',
  '2026-11-01 08:00:00.000000', '2026-11-01 08:00:00.000000', 1);
INSERT INTO workflowrun VALUES (15, '2026-11-20 02:00:00.000000', 'failed', NULL, NULL, '{"detail": "{\"password\": \"PLANT-39-escaped-json\"}"}', 4);
INSERT INTO workflowrun VALUES (16, '2026-11-21 02:00:00.000000', 'failed', NULL, NULL, 'upstream said "{\\\"api_key\\\": \\\"PLANT-40-double-escaped\\\"}"', 4);
INSERT INTO workflowrun VALUES (17, '2026-11-22 02:00:00.000000', 'failed', NULL, NULL, 'could not reach postgres://app:PLANT41pa/ss@db.internal:5432/x', 4);
