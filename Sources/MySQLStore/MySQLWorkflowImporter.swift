import Foundation
import WorkflowModel
import WorkflowStore

/// Applies workflow files to the app's MySQL or MariaDB database, all or nothing, in one InnoDB transaction: the plan
/// is made from the transaction's consistent snapshot, the workflows it updates are locked (`SELECT … FOR UPDATE`,
/// waiting at most `--busy-timeout` for another writer's lock) and compared with the snapshot, so a workflow the app
/// changed after the snapshot fails the whole import with a clear line instead of being overwritten (InnoDB's
/// REPEATABLE READ does not raise that conflict itself). Values are written as each app writes them: SQLModel's
/// `json.dumps` text and microsecond UTC datetimes, Prisma's `JSON.stringify` text and millisecond `DATETIME(3)`.
public struct MySQLWorkflowImporter: WorkflowDestination {
    public let location: MySQLLocation
    /// Seconds to wait for a row lock held by another writer.
    public let lockTimeout: Double
    public let statementTimeout: Double
    public let readTimeout: Double

    public init(location: MySQLLocation, lockTimeout: Double = 10, statementTimeout: Double = 0,
                readTimeout: Double = MySQLWorkflowStore.defaultReadTimeout) {
        self.location = location
        self.lockTimeout = lockTimeout
        self.statementTimeout = statementTimeout
        self.readTimeout = readTimeout
    }

    public func run(_ candidates: [ImportCandidate], fileProblems: [WorkflowFileIssue] = [], options: ImportOptions) throws(StoreError) -> ImportReport {
        do {
            let session = try MySQLSession(location, statementTimeout: statementTimeout, readTimeout: readTimeout,
                                           access: options.dryRun ? .readOnly : .readWrite(lockTimeout: lockTimeout))
            defer { session.close() }
            let queries = try MySQLQueries(session: session, readsEmails: false)
            var reader = SnapshotReader(queries, sourceName: session.shownName, file: location.description)
            let plan = ImportPlan(catalog: try reader.readCatalog(), sourceName: session.shownName,
                                  candidates: candidates, fileProblems: fileProblems, options: options)
            var report = plan.report
            guard !options.dryRun, !report.hasErrors else { return report }
            report.changes = try apply(plan, queries, now: options.now)
            try session.execute("COMMIT")
            report.applied = true
            return report
        } catch let error as StoreError {
            throw error
        } catch let failure as MySQLFailure {
            throw MySQLErrorHint.storeError(failure, location: location, work: .importing, readTimeout: location.readTimeout ?? readTimeout)
        } catch {
            throw StoreError(.server(location.secrets.masked("\(error)")), file: location.description)
        }
    }

    private func apply(_ plan: ImportPlan, _ queries: MySQLQueries, now: Timestamp) throws -> [PlannedChange] {
        let tables = plan.tables
        let table = backticked(tables.workflow)
        let idColumn = backticked(tables.actualColumn("id", in: .workflow) ?? tables.column("id"))
        let updated = plan.steps.compactMap { step -> Int64? in
            if case .update = step.change.action { return step.change.workflowID } else { return nil }
        }
        if !updated.isEmpty {
            // Locking reads see the latest rows, plain reads the snapshot the plan was made from: a row that differs
            // was changed by another writer since, and is not overwritten.
            let columns = (try queries.columnNames(of: tables.workflow)).map(backticked).joined(separator: ", ")
            let list = updated.sorted().map(String.init).joined(separator: ", ")
            let latest = try queries.session.query("SELECT \(columns) FROM \(table) WHERE \(idColumn) IN (\(list)) ORDER BY \(idColumn) FOR UPDATE")
            let snapshot = try queries.session.query("SELECT \(columns) FROM \(table) WHERE \(idColumn) IN (\(list)) ORDER BY \(idColumn)")
            if latest != snapshot {
                let changed = zip(latest, snapshot).first { $0 != $1 }.map { CellDecoder.shown($0.0[0]) } ?? "a workflow"
                throw MySQLFailure(code: 1020, message: "another writer changed workflow \(changed) after this import read it", phase: .working)
            }
        }
        // Prisma's client writes millisecond instants into DATETIME(3); SQLModel's microseconds (PyMySQL sends them,
        // and the column keeps what its precision holds). Both as UTC wall times.
        let nowText = tables.layout == .prisma ? String(now.sqlModelText.dropLast(3)) : now.sqlModelText
        let encoding = LayoutEncoding(layout: tables.layout)
        var changes: [PlannedChange] = []
        for step in plan.steps {
            var applied = step.change
            if let write = plan.write(for: step) {
                let values: [String] = write.columns.map { column in
                    switch column.value {
                    case .text(let text): return literal(text)
                    case .definition(let definition): return literal(encoding.json(definition).text)
                    case .now: return literal(nowText)
                    case .integer(let number): return number.map(String.init) ?? "NULL"
                    }
                }
                let names = write.columns.map { backticked($0.name) }
                if let id = write.workflowID {
                    let assignments = zip(names, values).map { "\($0) = \($1)" }.joined(separator: ", ")
                    try queries.session.execute("UPDATE \(table) SET \(assignments) WHERE \(idColumn) = \(id)")
                } else {
                    try queries.session.execute("INSERT INTO \(table) (\(names.joined(separator: ", "))) VALUES (\(values.joined(separator: ", ")))")
                    applied.workflowID = Int64(queries.session.insertID)
                }
            }
            changes.append(applied)
        }
        return changes
    }
}
