import Foundation
import WorkflowModel

/// Reads one snapshot through the seam, whichever database is behind it: layout, schema, small tables, then one
/// streaming pass over runs.
package struct SnapshotReader<Queries: SnapshotQueries> {
    package let queries: Queries
    package let sourceName: String
    package let file: String
    private var decoder = CellDecoder()
    private var unidentifiedWorkflows: [String] = []

    package init(_ queries: Queries, sourceName: String, file: String) {
        self.queries = queries
        self.sourceName = sourceName
        self.file = file
    }

    package typealias Catalog = StoreCatalog

    package mutating func readCatalog() throws -> Catalog {
        let tables = try Self.detectLayout(queries, file: file)
        let users = firstOfEachID(try readUsers(tables), table: tables.user, column: tables.column("id"))
        let workflows = firstOfEachID(try readWorkflows(tables), table: tables.workflow, column: tables.column("id"))
        let integrations = firstOfEachID(try readIntegrations(tables), table: tables.integration, column: tables.column("id"))
        checkOwners(of: workflows.map { ($0.id, $0.ownerID) }, table: tables.workflow, users: users, column: tables.column("owner_id"))
        checkOwners(of: integrations.map { ($0.id, $0.ownerID) }, table: tables.integration, users: users, column: tables.column("owner_id"))
        return Catalog(tables: tables, users: users, workflows: workflows, integrations: integrations, unidentifiedWorkflows: unidentifiedWorkflows)
    }

    package mutating func read(asOf: Timestamp) throws -> WorkflowDatabaseSnapshot {
        let catalog = try readCatalog()
        let (tables, users, workflows, integrations) = (catalog.tables, catalog.users, catalog.workflows, catalog.integrations)
        let schema = try queries.schema()
        // The quiet detector needs every gap of an event or webhook workflow's runs; no other workflow keeps them.
        let eventWorkflows = Set(workflows.filter { ["event", "webhook"].contains($0.definition.trigger?.type.lowercased() ?? "") }.map(\.id))
        let statistics = try foldRuns(tables, workflowIDs: workflows.map(\.id), gapWorkflowIDs: eventWorkflows, asOf: asOf)
        var counts: [WorkflowDatabaseSnapshot.TableCount] = []
        for table in schema.tables {
            // The run table was just counted by the fold; counting it again would be a second full scan.
            let rows = table.name == tables.run
                ? statistics.totalRuns
                : try queries.count(table.name)
            counts.append(.init(table: table.name, rows: rows))
        }
        return WorkflowDatabaseSnapshot(
            sourceName: sourceName, layout: tables.layout, tableCounts: counts, users: users, workflows: workflows,
            integrations: integrations, schema: schema, statistics: statistics, findings: decoder.findings.all
        )
    }

    /// The trigger data, output data and error text of the given runs, looked up by id. Cells that cannot be read
    /// are shown as stored (the snapshot's own pass already listed them as findings).
    package mutating func readRunDetails(ids: [Int64]) throws -> [RunDetail] {
        guard !ids.isEmpty else { return [] }
        let tables = try Self.detectLayout(queries, file: file)
        let cell = { tables.cell($0, of: .workflowRun) }
        let columns = tables.selection(["id", "trigger_data", "output_data", "error_message"], from: .workflowRun)
        // A chunk at a time, so the rows as read and the details made of them are not all held at once.
        var details: [RunDetail] = []
        details.reserveCapacity(ids.count)
        for start in stride(from: 0, to: ids.count, by: Self.detailChunk) {
            let chunk = Array(ids[start..<min(ids.count, start + Self.detailChunk)])
            for row in try queries.rows(columns, of: tables.run, ids: chunk) {
                guard let id = decoder.integer(row[0], cell("id"), rowID: nil) else { continue }
                details.append(RunDetail(id: id, triggerData: decoder.json(row[1], cell("trigger_data"), rowID: id),
                                         outputData: decoder.json(row[2], cell("output_data"), rowID: id),
                                         errorMessage: decoder.text(row[3], cell("error_message"), rowID: id)?.trimmedWhitespace))
            }
        }
        return details
    }

    static var detailChunk: Int { 2_000 }

    /// Finds the app's tables (case-insensitively) and tells the layout by the workflow table's column names.
    package static func detectLayout(_ queries: Queries, file: String) throws -> TableLayout {
        let names = try queries.tableNames()
        // SQLite names tables case-insensitively, and each layout's names lowercase to SQLModel's.
        func find(_ table: AppTable) -> String? { names.first { $0.lowercased() == table.rawValue } }
        guard let workflow = find(.workflow) else {
            throw StoreError(.notWorkflowDatabase(missing: "no table 'workflow' or 'Workflow'", found: names), file: file)
        }
        var columns: [String: [String: String]] = [:]
        for name in names {
            columns[name.lowercased()] = Dictionary(try queries.columnNames(of: name).map { ($0.lowercased(), $0) }, uniquingKeysWith: { first, _ in first })
        }
        let workflowColumns = Set(columns[workflow.lowercased(), default: [:]].keys)
        let layout: DatabaseLayout
        if workflowColumns.contains("owner_id") || workflowColumns.contains("natural_language_description") {
            layout = .sqlmodel
        } else if workflowColumns.contains("ownerid") || workflowColumns.contains("naturallanguagedescription") {
            layout = .prisma
        } else {
            throw StoreError(.missingColumns(table: workflow, columns: ["owner_id", "ownerId"]), file: file)
        }
        var physical: [AppTable: String] = [.workflow: workflow]
        for logical in AppTable.allCases where logical != .workflow {
            guard let name = find(logical) else {
                throw StoreError(.notWorkflowDatabase(missing: "no table '\(logical.name(in: layout))'", found: names), file: file)
            }
            physical[logical] = name
        }
        let tables = TableLayout(
            layout: layout, user: physical[.user]!, workflow: workflow, integration: physical[.integration]!,
            run: physical[.workflowRun]!, columnsPresent: columns
        )
        for (logical, required) in TableLayout.requiredColumns.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
            let missing = required.filter { !tables.has($0, in: logical) }.map(tables.column)
            if !missing.isEmpty {
                throw StoreError(.missingColumns(table: tables.physicalTable(logical), columns: missing), file: file)
            }
        }
        return tables
    }

    /// A table whose `id` is not a declared key can hold one id twice; pages and files are named by id, so the first
    /// row (in id order, then storage order) is shown and each later one is a finding.
    private mutating func firstOfEachID<Row: Identifiable>(_ rows: [Row], table: String, column: String) -> [Row] where Row.ID == Int64 {
        var seen = Set<Int64>()
        return rows.filter { row in
            if seen.insert(row.id).inserted { return true }
            decoder.findings.record(.duplicateID, table: table, column: column, rowID: row.id, example: "id \(row.id) appears more than once; the first row is shown")
            return false
        }
    }

    private mutating func noteMissingColumns(_ tables: TableLayout, logical: AppTable, _ columns: [String]) {
        for snake in columns where !tables.has(snake, in: logical) {
            decoder.findings.record(.missingColumn, table: tables.physicalTable(logical), column: tables.column(snake), rowID: nil, example: "column absent; read as NULL")
        }
    }

    private mutating func readUsers(_ tables: TableLayout) throws -> [User] {
        let columns = ["id", "username", "email", "created_at"]
        noteMissingColumns(tables, logical: .user, columns)
        let cell = { tables.cell($0, of: .user) }
        return try queries.rows(tables.selection(columns, from: .user), of: tables.physicalTable(.user)).compactMap { row -> User? in
            guard let id = decoder.integer(row[0], cell("id"), rowID: nil) else { return nil }
            return User(
                id: id,
                username: decoder.text(row[1], cell("username"), rowID: id) ?? "user \(id)",
                email: decoder.text(row[2], cell("email"), rowID: id),
                createdAt: decoder.time(row[3], cell("created_at"), rowID: id)
            )
        }
    }

    private mutating func readWorkflows(_ tables: TableLayout) throws -> [Workflow] {
        let columns = ["id", "name", "description", "natural_language_description", "structured_definition", "created_at", "updated_at", "owner_id"]
        noteMissingColumns(tables, logical: .workflow, columns)
        let cell = { tables.cell($0, of: .workflow) }
        return try queries.rows(tables.selection(columns, from: .workflow), of: tables.physicalTable(.workflow)).compactMap { row -> Workflow? in
            guard let id = decoder.integer(row[0], cell("id"), rowID: nil) else {
                let (idValue, nameValue) = (row[0], row[1])
                unidentifiedWorkflows.append((idValue.isNull ? "NULL" : CellDecoder.described(idValue)) + (nameValue.isNull ? "" : " (named '\(CellDecoder.shown(nameValue))')"))
                return nil
            }
            return Workflow(
                id: id,
                name: decoder.text(row[1], cell("name"), rowID: id) ?? "",
                description: decoder.text(row[2], cell("description"), rowID: id),
                naturalLanguageDescription: decoder.text(row[3], cell("natural_language_description"), rowID: id) ?? "",
                structuredDefinition: decoder.json(row[4], cell("structured_definition"), rowID: id),
                createdAt: decoder.time(row[5], cell("created_at"), rowID: id),
                updatedAt: decoder.time(row[6], cell("updated_at"), rowID: id),
                ownerID: decoder.integer(row[7], cell("owner_id"), rowID: id)
            )
        }
    }

    private mutating func readIntegrations(_ tables: TableLayout) throws -> [Integration] {
        let columns = ["id", "server_name", "config", "created_at", "owner_id"]
        noteMissingColumns(tables, logical: .integration, columns)
        let cell = { tables.cell($0, of: .integration) }
        return try queries.rows(tables.selection(columns, from: .integration), of: tables.physicalTable(.integration)).compactMap { row -> Integration? in
            guard let id = decoder.integer(row[0], cell("id"), rowID: nil) else { return nil }
            return Integration(
                id: id,
                serverName: decoder.text(row[1], cell("server_name"), rowID: id) ?? "",
                config: decoder.json(row[2], cell("config"), rowID: id),
                createdAt: decoder.time(row[3], cell("created_at"), rowID: id),
                ownerID: decoder.integer(row[4], cell("owner_id"), rowID: id)
            )
        }
    }

    private mutating func checkOwners(of rows: [(id: Int64, owner: Int64?)], table: String, users: [User], column: String) {
        let userIDs = Set(users.map(\.id))
        for row in rows {
            if let owner = row.owner, !userIDs.contains(owner) {
                decoder.findings.record(.orphanRow, table: table, column: column, rowID: row.id, example: "no user with id \(owner)")
            }
        }
    }

    /// The one pass over the run table, in storage order (no index is needed or used), folding every statistic.
    /// Trigger and output data are not selected: no page needs them, and they are the bulk of each row.
    /// Cells of the expected storage class are read straight from GRDB's statement as bytes; anything else goes
    /// through the tolerant `CellDecoder`, which records findings.
    private mutating func foldRuns(_ tables: TableLayout, workflowIDs: [Int64], gapWorkflowIDs: Set<Int64>, asOf: Timestamp) throws -> RunStatistics {
        let columns = ["id", "workflow_id", "triggered_at", "status", "error_message"]
        noteMissingColumns(tables, logical: .workflowRun, columns)
        let table = tables.run
        let cell = { tables.cell($0, of: .workflowRun) }
        let worker = RunFoldWorker(RunStatisticsAccumulator(asOf: asOf, workflowIDs: workflowIDs, gapWorkflowIDs: gapWorkflowIDs))
        let known = WorkflowIndex(Set(workflowIDs).sorted())
        var statuses = StatusCache()
        var statusList: [RunStatus] = []
        var unknownStatuses: Set<Int32> = []
        var batch: [RunFoldWorker.Run] = []
        batch.reserveCapacity(RunFoldWorker.batchSize)
        do {
            try queries.forEachRow(tables.selection(columns, from: .workflowRun), of: table) { cells in
                guard let id = cells.integer(0) ?? decoder.integer(cells.value(0), cell("id"), rowID: nil) else { return }
                // An unreadable workflow id is one finding (its bad value); the run counts in totals under no workflow.
                let workflowID = cells.integer(1) ?? decoder.integer(cells.value(1), cell("workflow_id"), rowID: id)
                let time = cells.timestamp(2).map(StoredTime.time) ?? decoder.time(cells.value(2), cell("triggered_at"), rowID: id)
                let status: Int32
                if let cached = cells.withText(3, { statuses.lookup($0) }) {
                    status = cached
                } else {
                    let text = decoder.text(cells.value(3), cell("status"), rowID: id) ?? ""
                    let parsed = RunStatus(text)
                    if let position = statusList.firstIndex(of: parsed) {
                        status = Int32(position)
                    } else {
                        status = Int32(statusList.count)
                        statusList.append(parsed)
                    }
                    if !parsed.isKnown { unknownStatuses.insert(status) }
                    statuses.remember(text, position: status)
                }
                if unknownStatuses.contains(status) {
                    decoder.findings.record(.unknownStatus, table: table, column: tables.column("status"), rowID: id, example: statusList[Int(status)].name)
                }
                let error = cells.isNull(4) ? nil : cells.withText(4, CellDecoder.plainText) ?? decoder.text(cells.value(4), cell("error_message"), rowID: id)
                if let workflowID, known[workflowID] == nil {
                    decoder.findings.record(.orphanRow, table: table, column: tables.column("workflow_id"), rowID: id, example: "no workflow with id \(workflowID)")
                }
                batch.append(.init(id: id, workflowID: workflowID ?? RunStatisticsAccumulator.unknownWorkflow, triggeredAt: time, status: status, errorMessage: error))
                if batch.count == RunFoldWorker.batchSize {
                    worker.put(batch, statuses: statusList)
                    batch.removeAll(keepingCapacity: true)
                }
            }
        } catch {
            worker.abandon()
            throw error
        }
        worker.put(batch, statuses: statusList)
        return worker.finish()
    }
}

/// Users, workflows and integrations: everything but runs, for import and export.
package struct StoreCatalog {
    package var tables: TableLayout
    package var users: [User]
    package var workflows: [Workflow]
    package var integrations: [Integration]
    /// Workflow rows whose id is not an integer (text, real, NULL, blob), as stored: no page or file can name them.
    package var unidentifiedWorkflows: [String]
}
