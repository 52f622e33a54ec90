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

    /// Plans every candidate against the database and applies the plan in one transaction when nothing in it, nor
    /// in `fileProblems` (what parsing the files found), is an error. Every problem of every file is reported in the
    /// same run: an unknown owner in one file and a YAML error in another come out together.
    public func run(_ candidates: [ImportCandidate], fileProblems: [WorkflowFileIssue] = [], options: Options) throws(StoreError) -> ImportReport {
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

    private struct Step {
        var change: PlannedChange
        var candidate: ImportCandidate
        /// The owner a created workflow gets.
        var ownerID: Int64?
        /// The fields an update writes.
        var fields: [String]
    }

    private struct Plan {
        var report: ImportReport
        var catalog: StoreCatalog
        var steps: [Step]
    }

    private func plan(_ db: Database, _ candidates: [ImportCandidate], _ fileProblems: [WorkflowFileIssue], _ options: Options) throws -> Plan {
        var reader = SnapshotReader(SQLiteQueries(db: db), sourceName: location.fileName, file: location.path)
        let catalog = try reader.readCatalog()
        let usersByName = Dictionary(catalog.users.map { ($0.username, $0.id) }, uniquingKeysWith: { first, _ in first })
        let workflowsByID = Dictionary(catalog.workflows.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let workflowsByOwnerAndName = Dictionary(grouping: catalog.workflows, by: { OwnerAndName(owner: $0.ownerID, name: $0.name) })
        let serversByOwner = Dictionary(grouping: catalog.integrations, by: { $0.ownerID ?? -1 }).mapValues { Set($0.map(\.serverName)) }
        var problems = fileProblems
        var steps: [Step] = []
        var claimedIDs: [Int64: String] = [:]
        var created: [OwnerAndName: String] = [:]

        for candidate in candidates {
            let document = candidate.document
            var ownerID: Int64?
            let ownerName = document.owner ?? options.defaultOwner
            if let ownerName {
                guard let id = usersByName[ownerName] else {
                    let where_ = document.owner == nil ? "--owner" : "owner"
                    problems.append(candidate.issue(at: "owner", "\(where_) '\(ownerName)' is not a user of \(location.fileName) (import never creates users)"))
                    continue
                }
                ownerID = id
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
                if let ownerID, workflow.ownerID != ownerID {
                    let actual = catalog.users.first { $0.id == workflow.ownerID }?.username ?? "another user"
                    problems.append(candidate.issue(at: "id", "workflow \(id) belongs to '\(actual)', not '\(ownerName ?? "")'"))
                    continue
                }
                // A file naming its workflow by id keeps that workflow's owner, whoever it is.
                ownerID = workflow.ownerID
                existing = workflow
            } else {
                guard let ownerID else {
                    problems.append(candidate.issue(at: "name", "no owner: add 'owner:' to the front matter or pass --owner"))
                    continue
                }
                let key = OwnerAndName(owner: ownerID, name: document.name)
                let matches = workflowsByOwnerAndName[key] ?? []
                if matches.count > 1 {
                    problems.append(candidate.issue(at: "name", "\(matches.count) workflows of '\(ownerName ?? "")' are named '\(document.name)' (ids \(matches.map { String($0.id) }.joined(separator: ", "))); add 'id:' to choose one"))
                    continue
                }
                existing = matches.first
                if let id = existing?.id {
                    if let other = claimedIDs[id] {
                        problems.append(candidate.issue(at: "name", "workflow \(id) is also updated by \(other)"))
                        continue
                    }
                    claimedIDs[id] = candidate.path
                } else {
                    if let other = created[key] {
                        problems.append(candidate.issue(at: "name", "\(other) also creates a workflow '\(document.name)' for '\(ownerName ?? "")'"))
                        continue
                    }
                    created[key] = candidate.path
                }
            }
            if let ownerID {
                for reference in candidate.integrationReferences where !(serversByOwner[ownerID]?.contains(reference.server) ?? false) {
                    let who = catalog.users.first { $0.id == ownerID }?.username ?? "user \(ownerID)"
                    problems.append(WorkflowFileIssue(path: candidate.path, line: reference.position.line, column: reference.position.column,
                                                      message: "'\(who)' has no integration '\(reference.server)'", severity: .warning))
                }
            }
            let fields = existing.map { Self.changedFields($0, document) } ?? WorkflowImporter.writtenFields
            // What would be written must be storable; what stays as stored is not import's to judge.
            for unwritable in candidate.unwritable where fields.contains(unwritable.field) { problems.append(unwritable.issue) }
            let action: PlannedChange.Action = existing == nil ? .create : .init(changes: fields)
            steps.append(Step(change: PlannedChange(path: candidate.path, workflowName: document.name, workflowID: existing?.id, action: action),
                              candidate: candidate, ownerID: ownerID, fields: fields))
        }
        if options.strict {
            problems = problems.map { var strict = $0; strict.severity = .error; return strict }
        }
        let report = ImportReport(changes: steps.map(\.change), problems: problems.sorted(), applied: false)
        return Plan(report: report, catalog: catalog, steps: steps)
    }

    private struct OwnerAndName: Hashable {
        var owner: Int64?
        var name: String
    }

    /// Every field a file sets, by its name in the file.
    static let writtenFields = ["name", "description", "body", "definition"]

    /// Compared as the app would see them: the definition in canonical keys and ignoring key order, the body
    /// without leading and trailing blank lines.
    static func changedFields(_ workflow: Workflow, _ document: WorkflowDocument) -> [String] {
        var fields: [String] = []
        if workflow.name != document.name { fields.append("name") }
        if (workflow.description ?? "") != (document.description ?? "") { fields.append("description") }
        if !WorkflowDocument.isSameBody(workflow.naturalLanguageDescription, document.body) { fields.append("body") }
        if !WorkflowDocument.isSameDefinition(workflow.structuredDefinition, document.definition) { fields.append("definition") }
        return fields
    }

    /// Writes the plan. An update writes only the fields that changed, so a column the app changed meanwhile in
    /// another field is left as the app wrote it.
    private func apply(_ plan: Plan, db: Database, now: Timestamp) throws -> [PlannedChange] {
        let tables = plan.catalog.tables
        let encoding = LayoutEncoding(layout: tables.layout)
        let timeValue = try ColumnTimeEncoding.detect(db, table: tables.workflow, column: tables.column("updated_at"), layout: tables.layout).encode(now)
        let columnOfField = ["name": "name", "description": "description", "body": "natural_language_description", "definition": "structured_definition"]
        var changes: [PlannedChange] = []
        for step in plan.steps {
            let document = step.candidate.document
            let valueOfField: [String: DatabaseValue] = [
                "name": document.name.databaseValue, "description": document.description.databaseValue,
                "body": document.body.databaseValue, "definition": encoding.json(document.definition),
            ]
            var applied = step.change
            switch step.change.action {
            case .unchanged:
                break
            case .create:
                let fields = Self.writtenFields
                let all = fields.map { tables.column(columnOfField[$0]!) } + [tables.column("created_at"), tables.column("updated_at"), tables.column("owner_id")]
                try db.execute(
                    sql: "INSERT INTO \(quoted(tables.workflow)) (\(all.map(quoted).joined(separator: ", "))) VALUES (\(Array(repeating: "?", count: all.count).joined(separator: ", ")))",
                    arguments: StatementArguments(fields.map { valueOfField[$0]! } + [timeValue, timeValue, step.ownerID.databaseValue]))
                applied.workflowID = db.lastInsertedRowID
            case .update:
                let assignments = (step.fields.map { tables.column(columnOfField[$0]!) } + [tables.column("updated_at")]).map { "\(quoted($0)) = ?" }.joined(separator: ", ")
                try db.execute(sql: "UPDATE \(quoted(tables.workflow)) SET \(assignments) WHERE \(quoted(tables.column("id"))) = ?",
                               arguments: StatementArguments(step.fields.map { valueOfField[$0]! } + [timeValue, step.change.workflowID!.databaseValue]))
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
