import Foundation
import GRDB
import WorkflowModel

/// What import will do, or did, with one file.
public struct PlannedChange: Sendable, Equatable {
    public enum Action: Sendable, Equatable {
        case create
        /// The fields that differ, by their names in the file (`name`, `description`, `body`, `definition`).
        case update([String])
        case unchanged
    }

    public var path: String
    public var workflowName: String
    /// The workflow it updates, or the id it was given when created (nil in a dry run's create).
    public var workflowID: Int64?
    public var action: Action
}

/// The outcome of an import: the plan and every problem. Nothing was written when `problems` holds an error.
public struct ImportReport: Sendable {
    public var changes: [PlannedChange]
    public var problems: [WorkflowFileIssue]
    public var applied: Bool

    public init(changes: [PlannedChange], problems: [WorkflowFileIssue], applied: Bool) {
        self.changes = changes
        self.problems = problems
        self.applied = applied
    }

    public var hasErrors: Bool { problems.contains { $0.severity == .error } }

    public func count(_ kind: (PlannedChange.Action) -> Bool) -> Int { changes.filter { kind($0.action) }.count }
}

/// Applies workflow files to a database, all or nothing: the plan is made inside the same write transaction that
/// applies it, so no other writer can slip in between. Values are written in the encoding the database's own
/// app uses (SQLModel: microsecond text and `json.dumps` JSON; Prisma: the datetime form the column already holds,
/// and compact JSON), so the app keeps reading them exactly as before.
public struct WorkflowImporter: Sendable {
    public let location: DatabaseLocation
    /// How long to wait for another writer's lock before giving up.
    public let busyTimeout: TimeInterval

    public init(location: DatabaseLocation, busyTimeout: TimeInterval = 10) {
        self.location = location
        self.busyTimeout = busyTimeout
    }

    public struct Options: Sendable {
        public var defaultOwner: String?
        public var strict: Bool
        public var dryRun: Bool
        public var now: Timestamp
        public init(defaultOwner: String? = nil, strict: Bool = false, dryRun: Bool = false, now: Timestamp) {
            self.defaultOwner = defaultOwner
            self.strict = strict
            self.dryRun = dryRun
            self.now = now
        }
    }

    public func run(_ candidates: [ImportCandidate], options: Options) throws(StoreError) -> ImportReport {
        try location.requireFile()
        var configuration = Configuration()
        configuration.readonly = options.dryRun
        configuration.busyMode = .timeout(busyTimeout)
        configuration.foreignKeysEnabled = false  // as the app: declared, not enforced
        do {
            let queue = try DatabaseQueue(path: location.path, configuration: configuration)
            defer { try? queue.close() }
            if options.dryRun {
                return try queue.read { db in try plan(db, candidates, options).report }
            }
            var report: ImportReport?
            try queue.inTransaction(.immediate) { db in
                let plan = try plan(db, candidates, options)
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

    private struct Plan {
        var report: ImportReport
        var catalog: SnapshotReader.Catalog
        var steps: [(change: PlannedChange, candidate: ImportCandidate, ownerID: Int64)]
    }

    private func plan(_ db: Database, _ candidates: [ImportCandidate], _ options: Options) throws -> Plan {
        var reader = SnapshotReader(db: db, sourceName: location.fileName, file: location.path)
        let catalog = try reader.readCatalog()
        let usersByName = Dictionary(catalog.users.map { ($0.username, $0.id) }, uniquingKeysWith: { first, _ in first })
        let workflowsByID = Dictionary(catalog.workflows.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let serversByOwner = Dictionary(grouping: catalog.integrations, by: { $0.ownerID ?? -1 }).mapValues { Set($0.map(\.serverName)) }
        var problems: [WorkflowFileIssue] = []
        var steps: [(PlannedChange, ImportCandidate, Int64)] = []
        var claimedIDs: [Int64: String] = [:]
        var created: [String: String] = [:]

        for candidate in candidates {
            let document = candidate.document
            guard let ownerName = document.owner ?? options.defaultOwner else {
                problems.append(candidate.issue(at: "name", "no owner: add 'owner:' to the front matter or pass --owner"))
                continue
            }
            guard let ownerID = usersByName[ownerName] else {
                let where_ = document.owner == nil ? "--owner" : "owner"
                problems.append(candidate.issue(at: "owner", "\(where_) '\(ownerName)' is not a user of \(location.fileName) (import never creates users)"))
                continue
            }
            for reference in candidate.integrationReferences where !(serversByOwner[ownerID]?.contains(reference.server) ?? false) {
                problems.append(WorkflowFileIssue(path: candidate.path, line: reference.position.line, column: reference.position.column,
                                                  message: "'\(ownerName)' has no integration '\(reference.server)'", severity: options.strict ? .error : .warning))
            }
            var existing: Workflow?
            if let id = document.id {
                if let other = claimedIDs[id] {
                    problems.append(candidate.issue(at: "id", "id \(id) is also named by \(other)"))
                    continue
                }
                claimedIDs[id] = candidate.path
                guard let workflow = workflowsByID[id] else {
                    problems.append(candidate.issue(at: "id", "no workflow with id \(id) in \(location.fileName); remove 'id:' to create it"))
                    continue
                }
                guard workflow.ownerID == ownerID else {
                    let actual = catalog.users.first { $0.id == workflow.ownerID }?.username ?? "another user"
                    problems.append(candidate.issue(at: "id", "workflow \(id) belongs to '\(actual)', not '\(ownerName)'"))
                    continue
                }
                existing = workflow
            } else {
                let matches = catalog.workflows.filter { $0.ownerID == ownerID && $0.name == document.name }
                if matches.count > 1 {
                    problems.append(candidate.issue(at: "name", "\(matches.count) workflows of '\(ownerName)' are named '\(document.name)' (ids \(matches.map { String($0.id) }.joined(separator: ", "))); add 'id:' to choose one"))
                    continue
                }
                existing = matches.first
                if existing == nil {
                    let key = "\(ownerID)\u{0}\(document.name)"
                    if let other = created[key] {
                        problems.append(candidate.issue(at: "name", "\(other) also creates a workflow '\(document.name)' for '\(ownerName)'"))
                        continue
                    }
                    created[key] = candidate.path
                } else if let id = existing?.id {
                    if let other = claimedIDs[id] {
                        problems.append(candidate.issue(at: "name", "workflow \(id) is also updated by \(other)"))
                        continue
                    }
                    claimedIDs[id] = candidate.path
                }
            }
            let action: PlannedChange.Action = existing.map { .init(changes: Self.changedFields($0, document)) } ?? .create
            steps.append((PlannedChange(path: candidate.path, workflowName: document.name, workflowID: existing?.id, action: action), candidate, ownerID))
        }
        let report = ImportReport(changes: steps.map(\.0), problems: problems.sorted(), applied: false)
        return Plan(report: report, catalog: catalog, steps: steps)
    }

    /// Compared as the app would see them: the definition in canonical keys and ignoring key order, the body
    /// without leading and trailing blank lines.
    static func changedFields(_ workflow: Workflow, _ document: WorkflowDocument) -> [String] {
        var fields: [String] = []
        if workflow.name != document.name { fields.append("name") }
        if (workflow.description ?? "") != (document.description ?? "") { fields.append("description") }
        if WorkflowDocument.normalizedBody(workflow.naturalLanguageDescription) != document.body { fields.append("body") }
        let stored = workflow.structuredDefinition.value.flatMap(WorkflowDefinition.canonical)
        if !(stored.map { $0.isEquivalent(to: document.definition) } ?? false) { fields.append("definition") }
        return fields
    }

    private func apply(_ plan: Plan, db: Database, now: Timestamp) throws -> [PlannedChange] {
        let tables = plan.catalog.tables
        let encoding = LayoutEncoding(layout: tables.layout)
        let timeValue = try ColumnTimeEncoding.detect(db, table: tables.workflow, column: tables.column("updated_at"), layout: tables.layout).encode(now)
        let columns = ["name", "description", "natural_language_description", "structured_definition"].map(tables.column)
        var changes: [PlannedChange] = []
        for (change, candidate, ownerID) in plan.steps {
            let document = candidate.document
            var applied = change
            let values: [DatabaseValue] = [document.name.databaseValue, document.description.databaseValue, document.body.databaseValue, encoding.json(document.definition)]
            switch change.action {
            case .unchanged:
                break
            case .create:
                let all = columns + [tables.column("created_at"), tables.column("updated_at"), tables.column("owner_id")]
                try db.execute(
                    sql: "INSERT INTO \(quoted(tables.workflow)) (\(all.map(quoted).joined(separator: ", "))) VALUES (\(Array(repeating: "?", count: all.count).joined(separator: ", ")))",
                    arguments: StatementArguments(values + [timeValue, timeValue, ownerID.databaseValue]))
                applied.workflowID = db.lastInsertedRowID
            case .update:
                let assignments = (columns + [tables.column("updated_at")]).map { "\(quoted($0)) = ?" }.joined(separator: ", ")
                try db.execute(sql: "UPDATE \(quoted(tables.workflow)) SET \(assignments) WHERE \(quoted(tables.column("id"))) = ?",
                               arguments: StatementArguments(values + [timeValue, change.workflowID!.databaseValue]))
            }
            changes.append(applied)
        }
        return changes
    }
}

extension PlannedChange.Action {
    init(changes: [String]) { self = changes.isEmpty ? .unchanged : .update(changes) }
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
