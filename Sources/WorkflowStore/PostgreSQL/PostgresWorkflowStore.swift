import Foundation
import WorkflowModel

/// Reads the app's database on a PostgreSQL server without harming it: one `REPEATABLE READ, READ ONLY`
/// transaction per command (a consistent report while the app writes), nothing created or written, runs streamed
/// once into the same fold as SQLite. A role with SELECT on the four tables is enough.
public struct PostgresWorkflowStore: WorkflowSource {
    public let location: PostgresLocation
    /// Seconds any one statement may take (0: no limit), so a report never weighs on a busy production server.
    public let statementTimeout: Double

    public init(location: PostgresLocation, statementTimeout: Double = 0) {
        self.location = location
        self.statementTimeout = statementTimeout
    }

    public func readSnapshot(asOf: Timestamp) throws(StoreError) -> WorkflowDatabaseSnapshot {
        try withReader { reader in try reader.read(asOf: asOf) }
    }

    public func exportWorkflows(owner: String?) throws(StoreError) -> WorkflowExportList {
        try withReader { reader in try WorkflowExportList(reader.readCatalog(), owner: owner, source: location.description) }
    }

    private func withReader<T>(_ body: (inout SnapshotReader<PostgresQueries>) throws -> T) throws(StoreError) -> T {
        let session = try PostgresSession(location, statementTimeout: statementTimeout)
        defer { session.close() }
        do {
            var reader = SnapshotReader(try PostgresQueries(session: session), sourceName: location.shownName, file: location.description)
            return try body(&reader)
        } catch let error as StoreError {
            throw error
        } catch {
            throw PostgresSession.storeError(error, location)
        }
    }
}
