-- The Prisma layout as the demo writes it (from prisma migrate's SQL for the design's schema), with one bad cell
-- of each kind; FixtureDatabase.fromSQL loads it with foreign keys off, as the app runs. One change to the schema:
-- "Workflow"."id" is declared NUMERIC, as in a hand-migrated database, so that a row can hold an id that is not an
-- integer (an INTEGER PRIMARY KEY cannot).
CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    TEXT PRIMARY KEY NOT NULL,
    "checksum"              TEXT NOT NULL,
    "finished_at"           DATETIME,
    "migration_name"        TEXT NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        DATETIME,
    "started_at"            DATETIME NOT NULL DEFAULT current_timestamp,
    "applied_steps_count"   INTEGER UNSIGNED NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS "User" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "username" TEXT NOT NULL,
    "hashedPassword" TEXT NOT NULL,
    "email" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE TABLE IF NOT EXISTS "Workflow" (
    "id" NUMERIC NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "naturalLanguageDescription" TEXT NOT NULL,
    "structuredDefinition" JSONB NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "ownerId" INTEGER NOT NULL,
    CONSTRAINT "Workflow_ownerId_fkey" FOREIGN KEY ("ownerId") REFERENCES "User" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
CREATE TABLE IF NOT EXISTS "Integration" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "serverName" TEXT NOT NULL,
    "config" JSONB NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "ownerId" INTEGER NOT NULL,
    CONSTRAINT "Integration_ownerId_fkey" FOREIGN KEY ("ownerId") REFERENCES "User" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
CREATE TABLE IF NOT EXISTS "WorkflowRun" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "triggeredAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "status" TEXT NOT NULL,
    "triggerData" JSONB,
    "outputData" JSONB,
    "errorMessage" TEXT,
    "workflowId" INTEGER NOT NULL,
    CONSTRAINT "WorkflowRun_workflowId_fkey" FOREIGN KEY ("workflowId") REFERENCES "Workflow" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
CREATE UNIQUE INDEX "User_username_key" ON "User"("username");
CREATE UNIQUE INDEX "User_email_key" ON "User"("email");
INSERT INTO "User" VALUES (1, 'alice', 'hash', NULL, 1764000000000);
INSERT INTO "Workflow" VALUES (1, 'Good', NULL, 'x', '{"trigger": "manual", "actions": []}', 1764000000000, 1764000000000, 1);
INSERT INTO "Workflow" VALUES ('abc', 'Nightly', NULL, 'x', '{}', 1764000000000, 1764000000000, 1);
INSERT INTO "Workflow" VALUES (3, 'Two bad cells', NULL, 'x', '{}', 'yesterday', 'garbage', 1);
INSERT INTO "WorkflowRun" VALUES (1, 1764000000000, 'success', NULL, NULL, NULL, 1);
INSERT INTO "WorkflowRun" VALUES (2, 1764000000000, 'failed', NULL, NULL, 'boom', 'zzz');
INSERT INTO "WorkflowRun" VALUES (3, 1764000000000, 'failed', NULL, NULL, 'boom', 77);
INSERT INTO "WorkflowRun" VALUES (4, 'nope', 'success', NULL, NULL, NULL, 1);
