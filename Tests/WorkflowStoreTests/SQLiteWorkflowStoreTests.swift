import Foundation
import GRDB
import Testing
import WorkflowModel
@testable import SQLiteStore
@testable import WorkflowStore

@Suite struct SQLiteWorkflowStoreTests {
    static let asOf = Timestamp(text: "2026-11-25T00:00:00Z")!

    @Test func readsTheDatabaseMadeByRealSQLModel() throws {
        let url = try FixtureDatabase.copy("sqlmodel-app.db")
        let snapshot = try SQLiteWorkflowStore(location: .init(path: url.path)).readSnapshot(asOf: Self.asOf)
        #expect(snapshot.layout == .sqlmodel)
        #expect(snapshot.tableCounts.map(\.table) == ["integration", "user", "workflow", "workflowrun"])
        for count in snapshot.tableCounts {
            #expect(count.rows == (try FixtureDatabase.count(url, "SELECT count(*) FROM \"\(count.table)\"")))
        }
        #expect(snapshot.users.map(\.username) == ["alice", "józef"])
        #expect(snapshot.workflows[0].definition.actions.map(\.tool) == ["add_labels", "post_message"])
        #expect(snapshot.workflows[1].definition.actions.map(\.integration) == ["github.com/acme/notion-mcp"])
        #expect(snapshot.workflows[0].updatedAt == .time(Timestamp(text: "2026-11-06 09:15:00.123456")!))
        let triage = snapshot.statistics.workflow(1)
        #expect(triage.allTime.total == (try FixtureDatabase.count(url, "SELECT count(*) FROM workflowrun WHERE workflow_id = 1")))
        #expect(triage.failureStreak == 2)
        #expect(triage.lastRun?.id == 4)  // stored by another writer as '2026-11-24T06:30:00'
        #expect(snapshot.statistics.errors.first == ErrorTally(message: "Slack API: channel_not_found", count: 2, workflowIDs: [1],
                                                               firstSeen: Timestamp(text: "2026-11-21T09:00:00Z"), lastSeen: Timestamp(text: "2026-11-22T09:00:00Z"),
                                                               daily90: (0..<90).map { [85, 86].contains($0) ? 1 : 0 }))
        // Run 7 is `cancelled`: a status the app writes, so not a finding.
        #expect(snapshot.findings.map(\.kind) == [.orphanRow])
        #expect(snapshot.findings.map(\.exampleRowIDs) == [[8]])
    }

    @Test func readsThePrismaLayoutWithMixedDatetimeEncodings() throws {
        let url = try FixtureDatabase.temporaryFolder().appending(path: "dev.db")
        try DemoDatabase(layout: .prisma, size: .small, seed: 3, now: Self.asOf).write(to: url.path)
        let snapshot = try SQLiteWorkflowStore(location: DatabaseLocation(parsing: "file:\(url.path)?connection_limit=1")).readSnapshot(asOf: Self.asOf)
        #expect(snapshot.layout == .prisma)
        #expect(snapshot.tableCounts.first(where: { $0.table == "WorkflowRun" })?.rows == (try FixtureDatabase.count(url, "SELECT count(*) FROM WorkflowRun")))
        #expect(try FixtureDatabase.count(url, "SELECT count(*) FROM User WHERE typeof(createdAt) = 'text'") > 0)
        #expect(snapshot.users.allSatisfy { $0.createdAt.timestamp != nil })
        #expect(snapshot.statistics.allTime.failure == (try FixtureDatabase.count(url, "SELECT count(*) FROM WorkflowRun WHERE status = 'failed'")))
        #expect(snapshot.findings.allSatisfy { $0.kind == .unknownStatus })
    }

    @Test func neverChangesTheFileAndCreatesNoJournal() throws {
        let url = try FixtureDatabase.copy("sqlmodel-app.db")
        let before = try Data(contentsOf: url)
        let modified = try FileManager.default.attributesOfItem(atPath: url.path)[.modificationDate] as? Date
        _ = try SQLiteWorkflowStore(location: .init(path: url.path)).readSnapshot(asOf: Self.asOf)
        #expect(try Data(contentsOf: url) == before)
        #expect(try FileManager.default.attributesOfItem(atPath: url.path)[.modificationDate] as? Date == modified)
        let siblings = try FileManager.default.contentsOfDirectory(atPath: url.deletingLastPathComponent().path)
        #expect(siblings == ["sqlmodel-app.db"])
    }

    @Test func readsAWALDatabaseWhileAWriterHoldsItOpen() throws {
        let url = try FixtureDatabase.copy("sqlmodel-app.db")
        var configuration = GRDB.Configuration()
        configuration.journalMode = .wal
        let writer = try GRDB.DatabasePool(path: url.path, configuration: configuration)
        try writer.write { try $0.execute(sql: "INSERT INTO workflowrun (triggered_at, status, workflow_id) VALUES ('2026-11-24 10:00:00.000000', 'completed', 2)") }
        let snapshot = try SQLiteWorkflowStore(location: .init(path: url.path)).readSnapshot(asOf: Self.asOf)
        #expect(snapshot.statistics.totalRuns == 9)
        try writer.close()
    }

    @Test func reportsEveryBadValueAsAFindingWithoutFailing() throws {
        let url = try FixtureDatabase.fromSQL("bad-values.sql")
        let snapshot = try SQLiteWorkflowStore(location: .init(path: url.path)).readSnapshot(asOf: Self.asOf)
        let found = Set(snapshot.findings.map { "\($0.table).\($0.column): \($0.kind.rawValue) \($0.exampleRowIDs)" })
        #expect(found == [
            "user.username: invalid UTF-8 [2]",
            "user.created_at: unreadable datetime [2]",
            "workflow.structured_definition: malformed JSON [2]",
            "workflow.created_at: unreadable datetime [3]",
            "workflow.owner_id: orphan row [3]",
            "integration.config: malformed JSON [1]",
            "workflowrun.error_message: missing column []",
            "workflowrun.triggered_at: unreadable datetime [2]",
            "workflowrun.status: unknown run status [2]",
            "workflowrun.workflow_id: orphan row [4]",
        ])
        #expect(snapshot.workflows.map(\.structuredDefinition) == [
            .value(["trigger": "manual", "actions": []]), .malformed(#"{"trigger": {"type": "manual","#), .value(42),
        ])
        #expect(snapshot.workflows[1].updatedAt == .time(Timestamp(milliseconds: 1_764_000_000_000)!))
        #expect(snapshot.statistics.totalRuns == 4)
        #expect(snapshot.schema.table("audit log")?.columns.map(\.name) == ["id", "select"])
    }

    /// Findings name the layout's own columns, one per bad cell; a workflow row whose id is not an integer is reported
    /// (render and export cannot name it), and a run whose workflow id is unreadable is not also an orphan of id −1.
    @Test func prismaFindingsSpeakTheLayoutsLanguage() throws {
        let url = try FixtureDatabase.fromSQL("prisma-bad-values.sql")
        let store = SQLiteWorkflowStore(location: .init(path: url.path))
        let snapshot = try store.readSnapshot(asOf: Self.asOf)
        let found = snapshot.findings.map { "\($0.table).\($0.column): \($0.kind.rawValue) \($0.exampleRowIDs)" }
        #expect(Set(found) == [
            "Workflow.createdAt: unreadable datetime [3]",
            "Workflow.updatedAt: unreadable datetime [3]",
            "Workflow.id: unexpected value type []",
            "WorkflowRun.workflowId: unexpected value type [2]",
            "WorkflowRun.workflowId: orphan row [3]",
            "WorkflowRun.triggeredAt: unreadable datetime [4]",
        ], "\(found)")
        #expect(found.count == Set(found).count, "one finding per bad cell")
        let export = try store.exportWorkflows(owner: nil)
        #expect(export.workflows.map(\.id) == [1, 3])
        #expect(export.unidentified.count == 1 && export.unidentified[0].hasPrefix("abc") && export.unidentified[0].contains("Nightly"), "\(export.unidentified)")
    }

    @Test func reportsNullsInNonNullColumns() throws {
        let url = try FixtureDatabase.fromSQL("not-null-violations.sql")
        let snapshot = try SQLiteWorkflowStore(location: .init(path: url.path)).readSnapshot(asOf: Self.asOf)
        let nulls = snapshot.findings.filter { $0.kind == .unexpectedNull }.map { "\($0.table).\($0.column)" }
        #expect(nulls.sorted() == [
            "integration.config", "integration.created_at", "integration.owner_id", "integration.server_name",
            "user.created_at", "user.username",
            "workflow.created_at", "workflow.name", "workflow.natural_language_description", "workflow.owner_id",
            "workflow.structured_definition", "workflow.updated_at",
            "workflowrun.status", "workflowrun.triggered_at", "workflowrun.workflow_id",
        ])
        #expect(snapshot.statistics.totalRuns == 1)
    }

    @Test func refusesAFileThatIsNotAWorkflowDatabase() throws {
        let folder = try FixtureDatabase.temporaryFolder()
        let other = folder.appending(path: "app.db")
        let queue = try GRDB.DatabaseQueue(path: other.path)
        try queue.write { try $0.execute(sql: "CREATE TABLE alembic_version (v TEXT); CREATE TABLE items (id INTEGER)") }
        try queue.close()
        #expect(throws: StoreError(.notWorkflowDatabase(missing: "no table 'workflow' or 'Workflow'", found: ["alembic_version", "items"]), file: other.path)) {
            try SQLiteWorkflowStore(location: .init(path: other.path)).readSnapshot(asOf: Self.asOf)
        }
        #expect(StoreError(.notWorkflowDatabase(missing: "no table 'workflow' or 'Workflow'", found: ["alembic_version", "items"]), file: "app.db").errorDescription
            == "app.db is not a workflow database: no table 'workflow' or 'Workflow' (found: alembic_version, items)")

        let missing = folder.appending(path: "nope.db").path
        #expect(throws: StoreError(.notFound, file: missing)) { try SQLiteWorkflowStore(location: .init(path: missing)).readSnapshot(asOf: Self.asOf) }
        #expect(!FileManager.default.fileExists(atPath: missing))

        let text = folder.appending(path: "notes.db")
        try Data(String(repeating: "not a database\n", count: 100).utf8).write(to: text)
        #expect(throws: StoreError(.notSQLite("file is not a database"), file: text.path)) {
            try SQLiteWorkflowStore(location: .init(path: text.path)).readSnapshot(asOf: Self.asOf)
        }
    }

    @Test func refusesATableWithoutARequiredColumn() throws {
        let url = try FixtureDatabase.temporaryFolder().appending(path: "cut.db")
        let queue = try GRDB.DatabaseQueue(path: url.path)
        try queue.write { try $0.execute(sql: "CREATE TABLE user (id INTEGER, username TEXT); CREATE TABLE workflow (id INTEGER, name TEXT, owner_id INTEGER); CREATE TABLE integration (id INTEGER, server_name TEXT, owner_id INTEGER); CREATE TABLE workflowrun (id INTEGER, workflow_id INTEGER, triggered_at TEXT)") }
        try queue.close()
        #expect(throws: StoreError(.missingColumns(table: "workflowrun", columns: ["status"]), file: url.path)) {
            try SQLiteWorkflowStore(location: .init(path: url.path)).readSnapshot(asOf: Self.asOf)
        }
    }

    @Test(arguments: [
        ("app.db", "app.db"), ("sqlite:///data/app.db", "data/app.db"), ("sqlite:////var/lib/app.db", "/var/lib/app.db"),
        ("file:./dev.db", "./dev.db"), ("file:/abs/dev.db?connection_limit=1", "/abs/dev.db"), ("file:my%20db.db", "my db.db"),
    ])
    func parsesPathsAndURLs(_ text: String, _ path: String) throws {
        #expect(try DatabaseLocation(parsing: text).path == path)
        #expect(try !DatabaseLocation(parsing: text).immutable)
    }

    @Test func readsAnImmutableSnapshotWhenAsked() throws {
        let location = try DatabaseLocation(parsing: "file:/data/my db.db?immutable=1")
        #expect(location.path == "/data/my db.db" && location.immutable)
        #expect(location.openName == "file:/data/my%20db.db?immutable=1")
        let url = try FixtureDatabase.copy("sqlmodel-app.db")
        let snapshot = try SQLiteWorkflowStore(location: DatabaseLocation(parsing: "file:\(url.path)?immutable=1")).readSnapshot(asOf: Self.asOf)
        #expect(snapshot.users.map(\.username) == ["alice", "józef"])
    }

    @Test func rejectsOtherURLs() {
        #expect(throws: StoreError.self) { try DatabaseLocation(parsing: "postgresql://localhost/app") }
        #expect(throws: StoreError.self) { try DatabaseLocation(parsing: "sqlite://relative.db") }
    }
}
