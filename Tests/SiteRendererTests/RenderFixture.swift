import Foundation
import GRDB
import Testing
import WorkflowModel
import SQLiteStore
import WorkflowStore
@testable import SiteRenderer
import TestSupport

/// Builds databases and renders them for renderer tests.
enum RenderFixture {
    static let asOf = TestClock.asOf

    static func temporaryFolder() throws -> URL { try TemporaryFolder.make("render") }

    /// The small demo database, as `make demo` writes it, at a fixed date.
    static func demoDatabase(layout: DatabaseLayout = .sqlmodel) throws -> URL {
        try FixtureDatabases.demo(at: temporaryFolder().appending(path: "demo.db"), layout: layout)
    }

    /// The demo with one run whose status the app's design does not name, so the Data quality page has a finding to
    /// show (the demo itself has none: `cancelled` is a known status).
    static func demoDatabaseWithAFinding() throws -> URL {
        let url = try demoDatabase()
        let queue = try DatabaseQueue(path: url.path)
        try queue.write { try $0.execute(sql: "UPDATE workflowrun SET status = 'exploded' WHERE id = 7") }
        try queue.close()
        return url
    }

    /// The demo with 150 more tables (Fixtures/big-schema.sql, made by make_big_schema.py): chains, a cycle, a hub,
    /// hostile names, a migration tool's table.
    static func bigSchemaDatabase() throws -> URL {
        let url = try demoDatabase()
        let sql = try String(contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent().appending(path: "Fixtures/big-schema.sql"), encoding: .utf8)
        let queue = try DatabaseQueue(path: url.path)
        try queue.writeWithoutTransaction { try $0.execute(sql: sql) }
        try queue.close()
        return url
    }

    /// The snapshot as `render` reads it.
    static func snapshot(_ url: URL) throws -> WorkflowDatabaseSnapshot {
        try SQLiteWorkflowStore(location: .init(path: url.path)).readSnapshot(asOf: asOf)
    }

    /// The runs that get a page, and the store that reads their details, as `render` asks them.
    static func runDetails(_ url: URL, of snapshot: WorkflowDatabaseSnapshot, options: RenderOptions = RenderOptions()) -> RunDetailReader {
        let store = SQLiteWorkflowStore(location: .init(path: url.path))
        return RunDetailReader(ids: SiteRenderer.runPageIDs(snapshot, options: options)) { try store.readRunDetails(ids: $0) }
    }

    static func render(_ url: URL, options: RenderOptions = RenderOptions()) throws -> [String: String] {
        let snapshot = try snapshot(url)
        let files = try SiteRenderer(options: options).render(snapshot, runDetails: runDetails(url, of: snapshot, options: options))
        return Dictionary(uniqueKeysWithValues: files.map { ($0.path, String(decoding: $0.contents, as: UTF8.self)) })
    }

    /// A SQLModel-layout database from SQL statements, foreign keys unenforced as in the app.
    static func database(_ sql: String) throws -> URL {
        try FixtureDatabases.fromSQL(LayoutSQL.sqlmodel + sql, at: temporaryFolder().appending(path: "fixture.db"))
    }

    static func count(_ url: URL, _ sql: String) throws -> Int {
        try DatabaseQueue(path: url.path).read { try Int.fetchOne($0, sql: sql) ?? -1 }
    }
}

/// SQLModel's DDL, as the real library writes it (see Tests/WorkflowStoreTests/Fixtures/make_sqlmodel_fixture.py).
enum LayoutSQL {
    static let sqlmodel = """
        CREATE TABLE user (id INTEGER NOT NULL, username VARCHAR NOT NULL, hashed_password VARCHAR NOT NULL, email VARCHAR, created_at DATETIME NOT NULL, PRIMARY KEY (id));
        CREATE TABLE workflow (id INTEGER NOT NULL, name VARCHAR NOT NULL, description VARCHAR, natural_language_description VARCHAR NOT NULL, structured_definition JSON NOT NULL, created_at DATETIME NOT NULL, updated_at DATETIME NOT NULL, owner_id INTEGER NOT NULL, PRIMARY KEY (id), FOREIGN KEY(owner_id) REFERENCES user (id));
        CREATE TABLE integration (id INTEGER NOT NULL, server_name VARCHAR NOT NULL, config JSON NOT NULL, created_at DATETIME NOT NULL, owner_id INTEGER NOT NULL, PRIMARY KEY (id), FOREIGN KEY(owner_id) REFERENCES user (id));
        CREATE TABLE workflowrun (id INTEGER NOT NULL, triggered_at DATETIME NOT NULL, status VARCHAR NOT NULL, trigger_data JSON, output_data JSON, error_message VARCHAR, workflow_id INTEGER NOT NULL, PRIMARY KEY (id), FOREIGN KEY(workflow_id) REFERENCES workflow (id));

        """
}
