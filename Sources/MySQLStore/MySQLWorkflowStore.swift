import Foundation
import WorkflowModel
import WorkflowStore

/// Reads the app's database on a MySQL or MariaDB server without harming it: one `REPEATABLE READ` transaction
/// started `WITH CONSISTENT SNAPSHOT, READ ONLY` per command (a consistent report while the app writes), nothing
/// created or written, runs streamed once, unbuffered, into the same fold as SQLite and PostgreSQL. A user with
/// SELECT on the app's four tables is enough.
public struct MySQLWorkflowStore: WorkflowSource {
    /// Seconds without a byte from the server before a read gives up (as for PostgreSQL).
    public static let defaultReadTimeout: Double = 120

    public let location: MySQLLocation
    /// Seconds any one statement may take (0: no limit).
    public let statementTimeout: Double
    /// Seconds without a byte from the server before giving up (0: no limit); the URL's `read_timeout` wins.
    public let readTimeout: Double
    /// Whether users' e-mail addresses are read (`render --show-emails`); otherwise the column is never selected.
    public let readsEmails: Bool

    public init(location: MySQLLocation, statementTimeout: Double = 0, readTimeout: Double = defaultReadTimeout, readsEmails: Bool = false) {
        self.location = location
        self.statementTimeout = statementTimeout
        self.readTimeout = readTimeout
        self.readsEmails = readsEmails
    }

    public func readSnapshot(asOf: Timestamp, resuming saved: FoldState?) throws(StoreError) -> FoldedSnapshot {
        try withReader { reader in try reader.read(asOf: asOf, resuming: saved) }
    }

    /// The trigger data, output data and full error text of the runs that get a page, by id, in a snapshot of its own.
    public func readRunDetails(ids: [Int64]) throws(StoreError) -> [RunDetail] {
        try withReader { reader in try reader.readRunDetails(ids: ids) }
    }

    public func exportWorkflows(owner: String?) throws(StoreError) -> WorkflowExportList {
        try withReader { reader in try WorkflowExportList(reader.readCatalog(), owner: owner, source: location.description) }
    }

    private func withReader<T>(_ body: (inout SnapshotReader<MySQLQueries>) throws -> T) throws(StoreError) -> T {
        do {
            let session = try MySQLSession(location, statementTimeout: statementTimeout, readTimeout: readTimeout)
            defer { session.close() }
            let queries = try MySQLQueries(session: session, readsEmails: readsEmails)
            var reader = SnapshotReader(queries, sourceName: session.shownName, file: location.description)
            return try body(&reader)
        } catch let error as StoreError {
            throw error
        } catch let failure as MySQLFailure {
            throw MySQLErrorHint.storeError(failure, location: location, work: .reading, readTimeout: location.readTimeout ?? readTimeout)
        } catch {
            throw StoreError(.server(location.secrets.masked("\(error)")), file: location.description)
        }
    }
}
