import WorkflowModel

/// How one layout's app writes values, so rows flowsite writes read back exactly like the app's own.
package struct LayoutEncoding: Sendable {
    package let layout: DatabaseLayout

    package init(layout: DatabaseLayout) { self.layout = layout }

    /// SQLModel: `2026-11-24 09:15:02.123456` text. Prisma (default engine): integer milliseconds.
    package func time(_ stamp: Timestamp) -> CellValue {
        switch layout {
        case .sqlmodel: return .string(stamp.sqlModelText)
        case .prisma: return .int64(stamp.microseconds / 1000)
        }
    }

    /// SQLModel: `json.dumps` text, and the text `null` for None (SQLAlchemy's JSON type without none_as_null).
    /// Prisma: `JSON.stringify` text, and SQL NULL for an absent optional value.
    package func json(_ value: JSONValue?) -> CellValue {
        switch (layout, value) {
        case (.sqlmodel, nil): return .string("null")
        case (.sqlmodel, let value?): return .string(JSONWriter.python.write(value))
        case (.prisma, nil): return .null
        case (.prisma, let value?): return .string(JSONWriter.compact.write(value))
        }
    }

    /// A definition as a file gives it; text that is not JSON reaches here only when it is unchanged (import refuses
    /// to write it), so it is handed back as it was stored.
    package func json(_ stored: StoredJSON) -> CellValue {
        switch stored {
        case .value(let value): return json(value)
        case .missing: return json(nil)
        case .malformed(let text): return .string(text)
        }
    }

    /// The DDL each stack really emits: SQLModel's `create_all` (copied from a database the real library made)
    /// and Prisma 6's migration SQL for the design's schema.
    package var schemaSQL: String {
        switch layout {
        case .sqlmodel:
            return """
                CREATE TABLE user (
                \tid INTEGER NOT NULL, \n\tusername VARCHAR NOT NULL, \n\thashed_password VARCHAR NOT NULL, \n\temail VARCHAR, \n\tcreated_at DATETIME NOT NULL, \n\tPRIMARY KEY (id)
                );
                CREATE UNIQUE INDEX ix_user_email ON user (email);
                CREATE UNIQUE INDEX ix_user_username ON user (username);
                CREATE TABLE workflow (
                \tid INTEGER NOT NULL, \n\tname VARCHAR NOT NULL, \n\tdescription VARCHAR, \n\tnatural_language_description VARCHAR NOT NULL, \n\tstructured_definition JSON NOT NULL, \n\tcreated_at DATETIME NOT NULL, \n\tupdated_at DATETIME NOT NULL, \n\towner_id INTEGER NOT NULL, \n\tPRIMARY KEY (id), \n\tFOREIGN KEY(owner_id) REFERENCES user (id)
                );
                CREATE TABLE integration (
                \tid INTEGER NOT NULL, \n\tserver_name VARCHAR NOT NULL, \n\tconfig JSON NOT NULL, \n\tcreated_at DATETIME NOT NULL, \n\towner_id INTEGER NOT NULL, \n\tPRIMARY KEY (id), \n\tFOREIGN KEY(owner_id) REFERENCES user (id)
                );
                CREATE TABLE workflowrun (
                \tid INTEGER NOT NULL, \n\ttriggered_at DATETIME NOT NULL, \n\tstatus VARCHAR NOT NULL, \n\ttrigger_data JSON, \n\toutput_data JSON, \n\terror_message VARCHAR, \n\tworkflow_id INTEGER NOT NULL, \n\tPRIMARY KEY (id), \n\tFOREIGN KEY(workflow_id) REFERENCES workflow (id)
                );
                """
        case .prisma:
            return """
                CREATE TABLE "_prisma_migrations" (
                    "id"                    TEXT PRIMARY KEY NOT NULL,
                    "checksum"              TEXT NOT NULL,
                    "finished_at"           DATETIME,
                    "migration_name"        TEXT NOT NULL,
                    "logs"                  TEXT,
                    "rolled_back_at"        DATETIME,
                    "started_at"            DATETIME NOT NULL DEFAULT current_timestamp,
                    "applied_steps_count"   INTEGER UNSIGNED NOT NULL DEFAULT 0
                );
                CREATE TABLE "User" (
                    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
                    "username" TEXT NOT NULL,
                    "hashedPassword" TEXT NOT NULL,
                    "email" TEXT,
                    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
                );
                CREATE TABLE "Workflow" (
                    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
                    "name" TEXT NOT NULL,
                    "description" TEXT,
                    "naturalLanguageDescription" TEXT NOT NULL,
                    "structuredDefinition" JSONB NOT NULL,
                    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
                    "updatedAt" DATETIME NOT NULL,
                    "ownerId" INTEGER NOT NULL,
                    CONSTRAINT "Workflow_ownerId_fkey" FOREIGN KEY ("ownerId") REFERENCES "User" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
                );
                CREATE TABLE "Integration" (
                    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
                    "serverName" TEXT NOT NULL,
                    "config" JSONB NOT NULL,
                    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
                    "ownerId" INTEGER NOT NULL,
                    CONSTRAINT "Integration_ownerId_fkey" FOREIGN KEY ("ownerId") REFERENCES "User" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
                );
                CREATE TABLE "WorkflowRun" (
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
                INSERT INTO "_prisma_migrations" VALUES ('0b6f1c52-8d7e-4a51-9a7e-3f0c2b1d9e11', 'c1f8b0e3d7a2945f6b1e0c9d8a7f6e5d4c3b2a1908f7e6d5c4b3a29180f7e6d5', 1764000000000, '20251124000000_init', NULL, NULL, 1764000000000, 1);
                """
        }
    }

    package func table(_ table: AppTable) -> String { table.name(in: layout) }

    package func column(_ snake: String) -> String { layout.columnName(snake) }
}
