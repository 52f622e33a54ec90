import WorkflowModel

/// Every file matched against the database as read: who owns it, which workflow it updates (by id, or by owner and
/// name) or creates, and which fields differ. Shared by every database; only writing the rows is theirs.
package struct ImportPlan {
    /// One file's row write.
    package struct Step {
        package var change: PlannedChange
        package var candidate: ImportCandidate
        /// The owner a created workflow gets.
        package var ownerID: Int64?
        /// The fields an update writes.
        package var fields: [String]
    }

    package var report: ImportReport
    package var tables: TableLayout
    package var steps: [Step]

    /// Every field a file sets, by its name in the file.
    package static let writtenFields = ["name", "description", "body", "definition"]

    /// The workflow column (snake_case, as `TableLayout` names it) each field is stored in.
    package static let columnOfField = ["name": "name", "description": "description", "body": "natural_language_description", "definition": "structured_definition"]

    package init(catalog: StoreCatalog, sourceName: String, candidates: [ImportCandidate], fileProblems: [WorkflowFileIssue], options: ImportOptions) {
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
                    problems.append(candidate.issue(at: "owner", "\(where_) '\(ownerName)' is not a user of \(sourceName) (import never creates users)"))
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
                    problems.append(candidate.issue(at: "id", "no workflow with id \(id) in \(sourceName); remove 'id:' to create it"))
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
            let fields = existing.map { Self.changedFields($0, document) } ?? Self.writtenFields
            // What would be written must be storable; what stays as stored is not import's to judge.
            for unwritable in candidate.unwritable where fields.contains(unwritable.field) { problems.append(unwritable.issue) }
            let action: PlannedChange.Action = existing == nil ? .create : .init(changes: fields)
            steps.append(Step(change: PlannedChange(path: candidate.path, workflowName: document.name, workflowID: existing?.id, action: action),
                              candidate: candidate, ownerID: ownerID, fields: fields))
        }
        if options.strict {
            problems = problems.map { var strict = $0; strict.severity = .error; return strict }
        }
        report = ImportReport(changes: steps.map(\.change), problems: problems.sorted(), applied: false)
        report.workflowsWithoutFile = catalog.workflows.filter { claimedIDs[$0.id] == nil }.sorted { $0.id < $1.id }.map { ($0.id, $0.name) }
        tables = catalog.tables
        self.steps = steps
    }

    private struct OwnerAndName: Hashable {
        var owner: Int64?
        var name: String
    }

    /// Compared as the app would see them: the definition in canonical keys and ignoring key order, the body
    /// without leading and trailing blank lines.
    package static func changedFields(_ workflow: Workflow, _ document: WorkflowDocument) -> [String] {
        var fields: [String] = []
        if workflow.name != document.name { fields.append("name") }
        if (workflow.description ?? "") != (document.description ?? "") { fields.append("description") }
        if !WorkflowDocument.isSameBody(workflow.naturalLanguageDescription, document.body) { fields.append("body") }
        if !WorkflowDocument.isSameDefinition(workflow.structuredDefinition, document.definition) { fields.append("definition") }
        return fields
    }

    /// A value to write, before a database encodes it.
    package enum Value {
        case text(String?)
        case definition(StoredJSON)
        /// The import's own instant (`created_at`, `updated_at`).
        case now
        case integer(Int64?)
    }

    /// One row write: the workflow's columns as the database spells them, with their values. An update writes only
    /// the fields that changed (and `updated_at`), so a column the app changed meanwhile in another field is left as
    /// the app wrote it; an unchanged file writes nothing, so `updated_at` moves only when something changed.
    package struct RowWrite {
        /// The workflow updated; nil for an insert.
        package var workflowID: Int64?
        package var columns: [(name: String, value: Value)]
    }

    package func write(for step: Step) -> RowWrite? {
        let document = step.candidate.document
        func value(_ field: String) -> Value {
            switch field {
            case "name": return .text(document.name)
            case "description": return .text(document.description)
            case "body": return .text(document.body)
            default: return .definition(document.definition)
            }
        }
        func column(_ snake: String) -> String { tables.actualColumn(snake, in: .workflow) ?? tables.column(snake) }
        switch step.change.action {
        case .unchanged:
            return nil
        case .create:
            return RowWrite(workflowID: nil, columns: Self.writtenFields.map { (column(Self.columnOfField[$0]!), value($0)) }
                + [(column("created_at"), .now), (column("updated_at"), .now), (column("owner_id"), .integer(step.ownerID))])
        case .update:
            return RowWrite(workflowID: step.change.workflowID, columns: step.fields.map { (column(Self.columnOfField[$0]!), value($0)) }
                + [(column("updated_at"), .now)])
        }
    }
}
