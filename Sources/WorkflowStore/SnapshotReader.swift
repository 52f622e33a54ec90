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
        try read(asOf: asOf, resuming: nil).snapshot
    }

    /// The snapshot, folding runs from `saved`'s boundary on when it checks out (see `resume`), every run otherwise;
    /// with the fold to save for next time.
    package mutating func read(asOf: Timestamp, resuming saved: FoldState?) throws -> FoldedSnapshot {
        let catalog = try readCatalog()
        let (tables, users, workflows, integrations) = (catalog.tables, catalog.users, catalog.workflows, catalog.integrations)
        let schema = try queries.schema()
        // The quiet detector needs every gap of an event or webhook workflow's runs; no other workflow keeps them.
        let eventWorkflows = Set(workflows.filter { ["event", "webhook"].contains($0.definition.trigger?.type.lowercased() ?? "") }.map(\.id))
        let workflowIDs = workflows.map(\.id)
        var start = FoldStart(accumulator: RunStatisticsAccumulator(asOf: asOf, workflowIDs: workflowIDs, gapWorkflowIDs: eventWorkflows))
        var kind = FoldKind.full(reason: nil)
        if let saved {
            do {
                start = try resume(saved, tables: tables, asOf: asOf, workflowIDs: workflowIDs, gapWorkflowIDs: eventWorkflows)
            } catch let refusal as FoldRefusal {
                kind = .full(reason: refusal.reason)
            }
        }
        let folded = try foldRuns(tables, from: start, asOf: asOf)
        if start.saved != nil { kind = .incremental(runsRead: folded.runsRead) }
        let statistics = folded.statistics
        var counts: [WorkflowDatabaseSnapshot.TableCount] = []
        for table in schema.tables {
            // The run table was just counted by the fold; counting it again would be a second full scan.
            let rows = table.name == tables.run
                ? statistics.totalRuns
                : try queries.count(table.name)
            counts.append(.init(table: table.name, rows: rows))
        }
        let snapshot = WorkflowDatabaseSnapshot(
            sourceName: sourceName, layout: tables.layout, tableCounts: counts, users: users, workflows: workflows,
            integrations: integrations, schema: schema, statistics: statistics, findings: decoder.findings.all
        )
        return FoldedSnapshot(snapshot: snapshot, state: folded.state, fold: kind, unsavable: folded.unsavable)
    }

    /// The columns the fold reads, in this order; the first is the primary key.
    private static var runColumns: [String] { ["id", "workflow_id", "triggered_at", "status", "error_message"] }

    /// What a saved fold was read from: another layout, run table or column set is another fold.
    private static func foldSource(_ tables: TableLayout) -> String {
        ([tables.layout.rawValue, tables.run] + tables.selection(runColumns, from: .workflowRun).map { $0 ?? "-" }).joined(separator: "\u{1F}")
    }

    /// Where a fold starts: fresh, or a saved prefix with the runs after it: those kept (`recent`), and those to read
    /// (after `highWater`, and `rereadIDs`).
    private struct FoldStart {
        var accumulator: RunStatisticsAccumulator
        var saved: FoldState?
        var findings = FindingCollector()
    }

    private struct FoldRefusal: Error {
        var reason: String
    }

    /// Checks a saved fold against the database before continuing it, each check by primary key (no pass over the
    /// run table): the same source and columns, as many runs below its boundary as it folded, and its sampled runs
    /// unchanged; then the workflows (see `RunStatisticsAccumulator.RestoreRefusal`).
    private func resume(_ saved: FoldState, tables: TableLayout, asOf: Timestamp, workflowIDs: [Int64], gapWorkflowIDs: Set<Int64>) throws -> FoldStart {
        guard saved.source == Self.foldSource(tables) else { throw FoldRefusal(reason: "the run table's layout or columns changed") }
        let columns = tables.selection(Self.runColumns, from: .workflowRun)
        guard let key = columns[0] else { throw FoldRefusal(reason: "the run table has no id column") }
        let known = try queries.count(tables.run) - queries.count(tables.run, key: key, above: saved.highWater)
        guard known == saved.rowsUpToHighWater else {
            throw FoldRefusal(reason: "\(saved.rowsUpToHighWater) runs had an id up to \(saved.highWater) and \(known) have now (runs deleted or added behind the saved fold)")
        }
        var scratch = CellDecoder()
        let cell = { tables.cell($0, of: .workflowRun) }
        var found: [Int64: UInt64] = [:]
        for row in try queries.rows(columns, of: tables.run, ids: saved.samples.map(\.id) + saved.watched.map(\.id)) {
            guard let id = scratch.integer(row[0], cell("id"), rowID: nil) else { continue }
            let status = RunStatus(scratch.text(row[3], cell("status"), rowID: id) ?? "")
            found[id] = FoldState.fingerprint(id: id, workflowID: scratch.integer(row[1], cell("workflow_id"), rowID: id),
                                              time: scratch.time(row[2], cell("triggered_at"), rowID: id), status: status.name,
                                              error: row[4].isNull ? nil : scratch.text(row[4], cell("error_message"), rowID: id))
        }
        for sample in saved.samples where found[sample.id] != sample.fingerprint {
            throw FoldRefusal(reason: "run \(sample.id), which the saved fold holds, was changed or deleted")
        }
        for run in saved.watched where found[run.id] != run.fingerprint {
            throw FoldRefusal(reason: "run \(run.id), in progress since long ago when the fold was saved, has changed (finished at last, or rewritten)")
        }
        // The kept runs must read back whole and in order before any is folded.
        do {
            var kept = try RecentRunReplay(saved.recent.bytes, count: saved.recent.count,
                                           statusPositions: Array(repeating: 0, count: saved.recent.statuses.count), messages: saved.recent.messages)
            var last = saved.boundaryID &- 1
            while let run = kept.next {
                guard run.id > last, run.id <= saved.highWater else { throw StateReader.Malformed(offset: 0) }
                last = run.id
                try kept.advance()
            }
        } catch {
            throw FoldRefusal(reason: "the saved fold's kept runs could not be read")
        }
        do {
            let accumulator = try RunStatisticsAccumulator(restoring: saved.prefix, asOf: asOf, workflowIDs: workflowIDs, gapWorkflowIDs: gapWorkflowIDs)
            return FoldStart(accumulator: accumulator, saved: saved, findings: FindingCollector(restoring: saved.findings))
        } catch {
            throw FoldRefusal(reason: error.description)
        }
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

    /// The one pass over the run table (or, continuing a saved fold, over the runs it has not folded), in id order,
    /// folding every statistic. Trigger and output data are not selected: no page needs them, and they are the bulk
    /// of each row. Cells of the expected storage class are read straight from the statement as bytes; anything else
    /// goes through the tolerant `CellDecoder`, which records findings.
    ///
    /// While runs are settled (`RunStatisticsAccumulator.isSettled`) the pass counts them and samples a few, and names
    /// those long unfinished (`isLongUnfinished`) to be checked; at the first run that is neither, it has the fold
    /// saved as it is then: the prefix the next render starts from. The finished runs after it are kept
    /// (`RecentRunWriter`) and the rest named, so the next render reads only what is new or was still running;
    /// continuing, the kept runs are replayed in id order among the runs read.
    private mutating func foldRuns(_ tables: TableLayout, from start: FoldStart, asOf: Timestamp)
        throws -> (statistics: RunStatistics, state: FoldState?, unsavable: String?, runsRead: Int)
    {
        noteMissingColumns(tables, logical: .workflowRun, Self.runColumns)
        let table = tables.run
        let cell = { tables.cell($0, of: .workflowRun) }
        var statusList = start.accumulator.registeredStatuses
        let worker = RunFoldWorker(start.accumulator)
        let known = start.accumulator.workflowIndex
        var statuses = StatusCache()
        var unknownStatuses = Set(statusList.indices.filter { !statusList[$0].isKnown }.map(Int32.init))
        // The run table's findings apart from the catalog's, so the prefix's can be saved and restored.
        var runDecoder = CellDecoder()
        runDecoder.findings = start.findings
        var prefix = PrefixTracker(rows: start.saved?.prefixRows ?? 0, samples: start.saved?.samples ?? [], watched: start.saved?.watched ?? [])
        var recent = RecentRunWriter()
        var rereadIDs: [Int64] = []
        var runsRead = 0
        var batch: [RunFoldWorker.Run] = []
        batch.reserveCapacity(RunFoldWorker.batchSize)

        func position(of parsed: RunStatus) -> Int32 {
            if let position = statusList.firstIndex(of: parsed) { return Int32(position) }
            statusList.append(parsed)
            if !parsed.isKnown { unknownStatuses.insert(Int32(statusList.count - 1)) }
            return Int32(statusList.count - 1)
        }
        var replay = try start.saved.map { saved in
            try RecentRunReplay(saved.recent.bytes, count: saved.recent.count,
                                statusPositions: saved.recent.statuses.map { position(of: RunStatus($0)) }, messages: saved.recent.messages)
        }

        /// One run, read or replayed: the prefix's bookkeeping, what to keep for next time, findings, the fold.
        func process(id: Int64, workflowID: Int64?, time: StoredTime, status: Int32, error: String?, findingsBefore: FindingCollector?, keepable: Bool) {
            prefix.see(id)
            let outcome = statusList[Int(status)].outcome
            // Only for the few runs that become samples; a local function, so no closure is made per run.
            func fingerprint() -> UInt64 {
                FoldState.fingerprint(id: id, workflowID: workflowID, time: time, status: statusList[Int(status)].name, error: error)
            }
            if prefix.isOpen {
                if RunStatisticsAccumulator.isSettled(time: time, outcome: outcome, asOf: asOf) {
                    prefix.settled(id, fingerprint: fingerprint)
                } else if RunStatisticsAccumulator.isLongUnfinished(time: time, outcome: outcome, asOf: asOf), prefix.watched.count < FoldState.watchedKept {
                    prefix.watch(id, fingerprint: fingerprint())
                } else {
                    prefix.end(at: id, findings: findingsBefore ?? runDecoder.findings)
                    worker.markBoundary(after: batch, statuses: statusList)
                    batch.removeAll(keepingCapacity: true)
                }
            }
            if !prefix.isOpen, prefix.boundary != nil {
                if keepable, outcome != .inProgress, case .time(let stamp) = time {
                    recent.append(RecentRun(id: id, workflowID: workflowID ?? RunStatisticsAccumulator.unknownWorkflow, time: stamp.microseconds,
                                            status: statusList[Int(status)].name, error: error))
                    prefix.sample(id, fingerprint: fingerprint)
                } else {
                    rereadIDs.append(id)
                }
            }
            if unknownStatuses.contains(status) {
                runDecoder.findings.record(.unknownStatus, table: table, column: tables.column("status"), rowID: id, example: statusList[Int(status)].name)
            }
            if let workflowID, known[workflowID] == nil {
                runDecoder.findings.record(.orphanRow, table: table, column: tables.column("workflow_id"), rowID: id, example: "no workflow with id \(workflowID)")
            }
            batch.append(.init(id: id, workflowID: workflowID ?? RunStatisticsAccumulator.unknownWorkflow, triggeredAt: time, status: status, errorMessage: error))
            if batch.count == RunFoldWorker.batchSize {
                worker.put(batch, statuses: statusList)
                batch.removeAll(keepingCapacity: true)
            }
        }
        /// The kept runs before `id` (all of them without one), in id order.
        func replayKept(before id: Int64?) throws {
            while let run = replay?.next, id.map({ run.id < $0 }) ?? true {
                let workflowID = run.workflowID == RunStatisticsAccumulator.unknownWorkflow ? nil : run.workflowID
                process(id: run.id, workflowID: workflowID, time: .time(Timestamp(microseconds: run.time)), status: run.status, error: run.error,
                        findingsBefore: nil, keepable: true)
                try replay!.advance()
            }
            // A kept run the database hands over again (it cannot, by the checks): the database's row wins.
            if let id, replay?.next?.id == id { try replay!.advance() }
        }

        do {
            try queries.forEachRow(tables.selection(Self.runColumns, from: .workflowRun), of: table,
                                   after: start.saved?.highWater, alsoIDs: start.saved?.rereadIDs ?? []) { cells in
                runsRead += 1
                let storedID = cells.integer(0)
                if storedID == nil { prefix.close(because: "a run id that is not stored as an integer") }
                guard let id = storedID ?? runDecoder.integer(cells.value(0), cell("id"), rowID: nil) else { return }
                try replayKept(before: id)
                let findingsBefore = prefix.isOpen ? runDecoder.findings : nil
                let recordedBefore = runDecoder.findings.recorded
                // An unreadable workflow id is one finding (its bad value); the run counts in totals under no workflow.
                let workflowID = cells.integer(1) ?? runDecoder.integer(cells.value(1), cell("workflow_id"), rowID: id)
                let time = cells.timestamp(2).map(StoredTime.time) ?? runDecoder.time(cells.value(2), cell("triggered_at"), rowID: id)
                let status: Int32
                if let cached = cells.withText(3, { statuses.lookup($0) }) {
                    status = cached
                } else {
                    let text = runDecoder.text(cells.value(3), cell("status"), rowID: id) ?? ""
                    status = position(of: RunStatus(text))
                    statuses.remember(text, position: status)
                }
                let error = cells.isNull(4) ? nil : cells.withText(4, CellDecoder.plainText) ?? runDecoder.text(cells.value(4), cell("error_message"), rowID: id)
                // A run whose cells made a finding is read again next time, so its findings are made again.
                process(id: id, workflowID: workflowID, time: time, status: status, error: error, findingsBefore: findingsBefore,
                        keepable: runDecoder.findings.recorded == recordedBefore)
            }
            try replayKept(before: nil)
        } catch {
            worker.abandon()
            throw error
        }
        if prefix.isOpen {
            // Every run was settled: the prefix is the whole table so far.
            prefix.end(at: prefix.nextID ?? start.saved.map { $0.highWater &+ 1 } ?? 0, findings: runDecoder.findings)
            worker.markBoundary(after: batch, statuses: statusList)
        } else {
            worker.put(batch, statuses: statusList)
        }
        let (statistics, encoded) = worker.finish()
        decoder.findings.merge(runDecoder.findings)
        switch (encoded, prefix.boundary) {
        case (.success(let bytes), let boundary?):
            var kept = FoldState.Recent(count: recent.count, statuses: recent.statuses, messages: recent.messages, bytes: recent.out.bytes)
            var highWater = max(prefix.lastSeen ?? (boundary &- 1), boundary &- 1)
            if rereadIDs.count > FoldState.rereadKept {
                // Too many to name: the runs from the boundary on are all read again next time.
                (kept, highWater, rereadIDs) = (FoldState.Recent(), boundary &- 1, [])
            }
            let state = FoldState(source: Self.foldSource(tables), boundaryID: boundary, prefixRows: prefix.rows, samples: prefix.samples,
                                  watched: prefix.watched, findings: prefix.findings.all, prefix: bytes, highWater: highWater, recent: kept, rereadIDs: rereadIDs)
            return (statistics, state, nil, runsRead)
        case (.failure(let refusal), _?):
            return (statistics, nil, refusal.reason, runsRead)
        default:
            return (statistics, nil, prefix.refusal ?? "no boundary was marked", runsRead)
        }
    }
}

/// The settled prefix as the pass sees it: its row count, its samples, where it ended and the findings up to there.
private struct PrefixTracker {
    private(set) var rows: Int
    private var ranked: [(rank: UInt64, sample: FoldState.Sample)]
    /// The long unfinished runs taken into the prefix, in id order.
    private(set) var watched: [FoldState.Sample]
    /// The last run id seen, settled or not.
    private(set) var lastSeen: Int64?
    private(set) var boundary: Int64?
    private(set) var findings = FindingCollector()
    private(set) var isOpen = true
    /// Why no fold can be saved, once a run showed it.
    private(set) var refusal: String?

    init(rows: Int, samples: [FoldState.Sample], watched: [FoldState.Sample]) {
        self.rows = rows
        self.watched = watched
        ranked = samples.map { (FoldState.sampleRank($0.id), $0) }.sorted { $0.rank < $1.rank }
    }

    var samples: [FoldState.Sample] { ranked.map(\.sample).sorted { $0.id < $1.id } }

    /// The id after the last run seen, if there was one and it has a successor.
    var nextID: Int64? { lastSeen.flatMap { $0 == .max ? nil : $0 + 1 } }

    /// Every run passes here first. Ids must rise: a repeated id (a table without a key) could not be named by a
    /// range or kept apart from its twin.
    mutating func see(_ id: Int64) {
        if let lastSeen, id <= lastSeen { close(because: "run id \(id) came again (a run table without a unique key)") }
        lastSeen = id
    }

    mutating func settled(_ id: Int64, fingerprint: () -> UInt64) {
        rows += 1
        sample(id, fingerprint: fingerprint)
    }

    /// A run in progress since long ago, taken into the prefix as it is: never a sample (each is checked anyway).
    mutating func watch(_ id: Int64, fingerprint: UInt64) {
        rows += 1
        watched.append(FoldState.Sample(id: id, fingerprint: fingerprint))
    }

    /// Offers a run the saved fold holds (settled, or kept) as a sample: the smallest ranks are kept.
    mutating func sample(_ id: Int64, fingerprint: () -> UInt64) {
        let rank = FoldState.sampleRank(id)
        if ranked.count == FoldState.samplesKept, let last = ranked.last, rank >= last.rank { return }
        // A kept run is replayed night after night: offered again, it is already a sample.
        if ranked.contains(where: { $0.sample.id == id }) { return }
        let position = ranked.firstIndex { $0.rank > rank } ?? ranked.count
        ranked.insert((rank, FoldState.Sample(id: id, fingerprint: fingerprint())), at: position)
        if ranked.count > FoldState.samplesKept { ranked.removeLast() }
    }

    mutating func end(at id: Int64, findings: FindingCollector) {
        boundary = id
        self.findings = findings
        isOpen = false
    }

    mutating func close(because reason: String) {
        refusal = reason
        boundary = nil
        isOpen = false
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
