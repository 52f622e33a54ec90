import Foundation
import GRDB
import PostgresNIO
import WorkflowModel

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

    public init(location: PostgresLocation, lockTimeout: Double = 10, statementTimeout: Double = 0) {
        self.location = location
        self.lockTimeout = lockTimeout
        self.statementTimeout = statementTimeout
    }

    public func run(_ candidates: [ImportCandidate], fileProblems: [WorkflowFileIssue] = [], options: ImportOptions) throws(StoreError) -> ImportReport {
        let session = try PostgresSession(location, statementTimeout: statementTimeout,
                                          access: options.dryRun ? .readOnly : .readWrite(lockTimeout: lockTimeout))
        defer { session.close() }
        do {
            let queries = try PostgresQueries(session: session)
            var reader = SnapshotReader(queries, sourceName: location.shownName, file: location.description)
            let plan = ImportPlan(catalog: try reader.readCatalog(), sourceName: location.shownName,
                                  candidates: candidates, fileProblems: fileProblems, options: options)
            var report = plan.report
            guard !options.dryRun, !report.hasErrors else { return report }
            report.changes = try apply(plan, queries, now: options.now)
            try session.execute("COMMIT")
            report.applied = true
            return report
        } catch let error as StoreError {
            throw error
        } catch {
            throw PostgresSession.storeError(error, location)
        }
    }

    private func apply(_ plan: ImportPlan, _ queries: PostgresQueries, now: Timestamp) throws -> [PlannedChange] {
        let tables = plan.tables
        let table = queries.qualified(tables.workflow)
        let idColumn = quoted(tables.actualColumn("id", in: "workflow") ?? tables.column("id"))
        let updated = plan.steps.compactMap { step -> Int64? in
            if case .update = step.change.action { return step.change.workflowID } else { return nil }
        }
        if !updated.isEmpty {
            var binds = PostgresBindings()
            binds.append(updated)
            try queries.session.execute("SELECT 1 FROM \(table) WHERE \(idColumn) = ANY($1) ORDER BY \(idColumn) FOR UPDATE", binds)
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
                var binds = PostgresBindings()
                var values: [String] = []
                for (index, column) in write.columns.enumerated() {
                    switch column.value {
                    case .text(let text): try binds.append(text)
                    case .definition(let definition): try binds.append(String.fromDatabaseValue(encoding.json(definition)))
                    case .now: try binds.append(nowText)
                    case .integer(let number): try binds.append(number)
                    }
                    let type = queries.declaredType(column.name, of: tables.workflow) ?? "text"
                    values.append("CAST($\(index + 1) AS \(type))")
                }
                let names = write.columns.map { quoted($0.name) }
                if let id = write.workflowID {
                    try binds.append(id)
                    let assignments = zip(names, values).map { "\($0) = \($1)" }.joined(separator: ", ")
                    try queries.session.execute("UPDATE \(table) SET \(assignments) WHERE \(idColumn) = $\(write.columns.count + 1)", binds)
                } else {
                    try queries.session.query("INSERT INTO \(table) (\(names.joined(separator: ", "))) VALUES (\(values.joined(separator: ", "))) RETURNING \(idColumn)::int8", binds) { row in
                        applied.workflowID = try row.decode(Int64.self)
                    }
                }
            }
            changes.append(applied)
        }
        return changes
    }
}
