import Foundation
import GRDB
import WorkflowModel
import WorkflowStore

/// Applies workflow files to a SQLite database, all or nothing: the plan is made inside the same write transaction
/// (`BEGIN IMMEDIATE`) that applies it, so no other writer can slip in between. Values are written in the encoding the
/// database's own app uses (SQLModel: microsecond text and `json.dumps` JSON; Prisma: the datetime form the column
/// already holds, and compact JSON), so the app keeps reading them exactly as before.
public struct SQLiteWorkflowImporter: WorkflowDestination {
    public let location: DatabaseLocation
    /// How long to wait for another writer's lock before giving up.
    public let busyTimeout: TimeInterval

    public init(location: DatabaseLocation, busyTimeout: TimeInterval = 10) {
        self.location = location
        self.busyTimeout = busyTimeout
    }

    public func run(_ candidates: [ImportCandidate], fileProblems: [WorkflowFileIssue] = [], options: ImportOptions) throws(StoreError) -> ImportReport {
        try location.requireFile()
        var configuration = Configuration()
        configuration.readonly = options.dryRun
        configuration.busyMode = .timeout(busyTimeout)
        configuration.foreignKeysEnabled = false  // as the app: declared, not enforced
        do {
            let queue = try DatabaseQueue(path: location.path, configuration: configuration)
            defer { try? queue.close() }
            if options.dryRun {
                return try queue.read { db in try plan(db, candidates, fileProblems, options).report }
            }
            var report: ImportReport?
            try queue.inTransaction(.immediate) { db in
                let plan = try plan(db, candidates, fileProblems, options)
                report = plan.report
                guard !plan.report.hasErrors else { return .rollback }
                report?.changes = try apply(plan, db: db, now: options.now)
                report?.applied = true
                return .commit
            }
            return report!
        } catch {
            throw StoreError.from(error, file: location.path)
        }
    }

    private func plan(_ db: Database, _ candidates: [ImportCandidate], _ fileProblems: [WorkflowFileIssue], _ options: ImportOptions) throws -> ImportPlan {
        var reader = SnapshotReader(SQLiteQueries(db: db), sourceName: location.fileName, file: location.path)
        return ImportPlan(catalog: try reader.readCatalog(), sourceName: location.fileName, candidates: candidates, fileProblems: fileProblems, options: options)
    }

    private func apply(_ plan: ImportPlan, db: Database, now: Timestamp) throws -> [PlannedChange] {
        let tables = plan.tables
        let encoding = LayoutEncoding(layout: tables.layout)
        let timeValue = try ColumnTimeEncoding.detect(db, table: tables.workflow, column: tables.column("updated_at"), layout: tables.layout).encode(now)
        var changes: [PlannedChange] = []
        for step in plan.steps {
            var applied = step.change
            if let write = plan.write(for: step) {
                let values = write.columns.map { column -> DatabaseValue in
                    switch column.value {
                    case .text(let text): return text.databaseValue
                    case .definition(let definition): return encoding.json(definition).databaseValue
                    case .now: return timeValue
                    case .integer(let number): return number.databaseValue
                    }
                }
                let names = write.columns.map { quoted($0.name) }
                if let id = write.workflowID {
                    try db.execute(sql: "UPDATE \(quoted(tables.workflow)) SET \(names.map { "\($0) = ?" }.joined(separator: ", ")) WHERE \(quoted(tables.column("id"))) = ?",
                                   arguments: StatementArguments(values + [id.databaseValue]))
                } else {
                    try db.execute(sql: "INSERT INTO \(quoted(tables.workflow)) (\(names.joined(separator: ", "))) VALUES (\(Array(repeating: "?", count: names.count).joined(separator: ", ")))",
                                   arguments: StatementArguments(values))
                    applied.workflowID = db.lastInsertedRowID
                }
            }
            changes.append(applied)
        }
        return changes
    }
}

/// The datetime form a column already holds, so new values match the rows around them.
enum ColumnTimeEncoding {
    case sqlModelText, milliseconds, isoText, sqliteText

    static func detect(_ db: Database, table: String, column: String, layout: DatabaseLayout) throws -> ColumnTimeEncoding {
        guard layout == .prisma else { return .sqlModelText }
        let latest = try DatabaseValue.fetchOne(db, sql: "SELECT \(quoted(column)) FROM \(quoted(table)) WHERE \(quoted(column)) IS NOT NULL ORDER BY rowid DESC LIMIT 1")
        switch latest?.storage {
        case .string(let text)?: return text.contains("T") ? .isoText : .sqliteText
        default: return .milliseconds
        }
    }

    func encode(_ stamp: Timestamp) -> DatabaseValue {
        switch self {
        case .sqlModelText: return stamp.sqlModelText.databaseValue
        case .milliseconds: return (stamp.microseconds / 1000).databaseValue
        case .isoText: return stamp.prismaISOText.databaseValue
        case .sqliteText: return String(stamp.sqlModelText.prefix(19)).databaseValue
        }
    }
}
