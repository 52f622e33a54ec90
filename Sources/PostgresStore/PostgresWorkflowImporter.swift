import Foundation
import WorkflowModel
import WorkflowStore

/// Applies workflow files to the app's PostgreSQL database, all or nothing, in one `REPEATABLE READ` transaction:
/// the plan is made from that transaction's snapshot, the workflows it updates are locked (`FOR UPDATE`) before
/// they are written, and a workflow the app changed after the snapshot fails the whole import with a clear line
/// (PostgreSQL's serialization error) instead of being overwritten. Values are cast to each column's own type, so
/// one code path writes SQLModel's `json` and `timestamp [with time zone]` and Prisma's `jsonb` and `timestamp(3)`.
public struct PostgresWorkflowImporter: WorkflowDestination {
    public let location: PostgresLocation
    /// Seconds to wait for a row lock held by another writer.
    public let lockTimeout: Double
    /// Seconds any one statement may take (0: no limit).
    public let statementTimeout: Double

    /// Seconds without a byte from the server before giving up (0: no limit).
    public let readTimeout: Double

    public init(location: PostgresLocation, lockTimeout: Double = 10, statementTimeout: Double = 0,
                readTimeout: Double = PostgresWorkflowStore.defaultReadTimeout) {
        self.location = location
        self.lockTimeout = lockTimeout
        self.statementTimeout = statementTimeout
        self.readTimeout = readTimeout
    }

    public func run(_ candidates: [ImportCandidate], fileProblems: [WorkflowFileIssue] = [], options: ImportOptions) throws(StoreError) -> ImportReport {
        var unsafePasswordFile: String?
        do {
            let session = try PostgresSession(location, statementTimeout: statementTimeout, readTimeout: readTimeout,
                                              access: options.dryRun ? .readOnly : .readWrite(lockTimeout: lockTimeout))
            unsafePasswordFile = session.unsafePasswordFile
            defer { session.close() }
            // Owners are matched by user name; e-mail addresses are never needed here.
            let queries = try PostgresQueries(session: session, readsEmails: false)
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
        } catch let failure as PostgresFailure {
            throw PostgresErrorHint.storeError(failure, location: location, work: .importing,
                                               unsafePasswordFile: unsafePasswordFile ?? PostgresSession.unsafePasswordFile(location.connectionString, environment: ProcessInfo.processInfo.environment))
        } catch {
            throw StoreError(.server(location.secrets.masked("\(error)")), file: location.description)
        }
    }

    private func apply(_ plan: ImportPlan, _ queries: PostgresQueries, now: Timestamp) throws -> [PlannedChange] {
        let tables = plan.tables
        let table = queries.qualified(tables.workflow)
        let idColumn = quoted(tables.actualColumn("id", in: .workflow) ?? tables.column("id"))
        let updated = plan.steps.compactMap { step -> Int64? in
            if case .update = step.change.action { return step.change.workflowID } else { return nil }
        }
        if !updated.isEmpty {
            let list = "{" + updated.map(String.init).joined(separator: ",") + "}"
            try queries.session.execute("SELECT 1 FROM \(table) WHERE \(idColumn) = ANY(CAST($1 AS int8[])) ORDER BY \(idColumn) FOR UPDATE", [list])
        }
        // Prisma's client writes millisecond instants; SQLModel's microseconds. Both in UTC with the zone spelled
        // out, which `timestamp with time zone` takes as the instant and `timestamp without time zone` ignores,
        // leaving the UTC wall time both apps store there.
        let nowText = tables.layout == .prisma ? now.prismaISOText : now.sqlModelText + "+00:00"
        let encoding = LayoutEncoding(layout: tables.layout)
        var changes: [PlannedChange] = []
        for step in plan.steps {
            var applied = step.change
            if let write = plan.write(for: step) {
                var binds: [String?] = []
                var values: [String] = []
                for (index, column) in write.columns.enumerated() {
                    switch column.value {
                    case .text(let text): binds.append(text)
                    case .definition(let definition): binds.append(encoding.json(definition).text)
                    case .now: binds.append(nowText)
                    case .integer(let number): binds.append(number.map(String.init))
                    }
                    let type = queries.declaredType(column.name, of: tables.workflow) ?? "text"
                    values.append("CAST($\(index + 1) AS \(type))")
                }
                let names = write.columns.map { quoted($0.name) }
                if let id = write.workflowID {
                    binds.append(String(id))
                    let assignments = zip(names, values).map { "\($0) = \($1)" }.joined(separator: ", ")
                    try queries.session.execute("UPDATE \(table) SET \(assignments) WHERE \(idColumn) = $\(write.columns.count + 1)", binds)
                } else {
                    let inserted = try queries.session.query("INSERT INTO \(table) (\(names.joined(separator: ", "))) VALUES (\(values.joined(separator: ", "))) RETURNING \(idColumn)::int8", binds)
                    applied.workflowID = inserted.text(0, 0).flatMap { Int64($0) }
                }
            }
            changes.append(applied)
        }
        return changes
    }
}
