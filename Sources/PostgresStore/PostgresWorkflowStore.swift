import Foundation
import WorkflowModel
import WorkflowStore

/// Reads the app's database on a PostgreSQL server without harming it: one `REPEATABLE READ, READ ONLY`
/// transaction per command (a consistent report while the app writes), nothing created or written, runs streamed
/// once by `COPY` into the same fold as SQLite. A role with CONNECT and SELECT on the columns the pages need is
/// enough; what it may not read is named in a warning and the rest is rendered.
public struct PostgresWorkflowStore: WorkflowSource {
    /// Seconds without a byte from the server before a read gives up: long enough for a count on a big table of a
    /// busy server, short enough that a nightly job on a stalled network ends the same night.
    public static let defaultReadTimeout: Double = 120

    public let location: PostgresLocation
    /// Seconds any one statement may take (0: no limit), so a report never weighs on a busy production server.
    public let statementTimeout: Double
    /// Seconds without a byte from the server before giving up (0: no limit).
    public let readTimeout: Double
    /// Whether users' e-mail addresses are read (`render --show-emails`); otherwise the column is never selected.
    public let readsEmails: Bool
    /// Where warnings go (a column or table the role may not read, row level security): one line each.
    public let warn: @Sendable (String) -> Void

    public init(location: PostgresLocation, statementTimeout: Double = 0, readTimeout: Double = defaultReadTimeout, readsEmails: Bool = false,
                warn: @escaping @Sendable (String) -> Void = { FileHandle.standardError.write(Data("flowsite: warning: \($0)\n".utf8)) }) {
        self.location = location
        self.statementTimeout = statementTimeout
        self.readTimeout = readTimeout
        self.readsEmails = readsEmails
        self.warn = warn
    }

    public func readSnapshot(asOf: Timestamp, resuming saved: FoldState?) throws(StoreError) -> FoldedSnapshot {
        try withReader { reader in try reader.read(asOf: asOf, resuming: saved) }
    }

    public func readRunDetails(ids: [Int64]) throws(StoreError) -> [RunDetail] {
        // The snapshot's session already said what this role may not read.
        try withReader(warns: false) { reader in try reader.readRunDetails(ids: ids) }
    }

    public func exportWorkflows(owner: String?) throws(StoreError) -> WorkflowExportList {
        try withReader { reader in try WorkflowExportList(reader.readCatalog(), owner: owner, source: location.description) }
    }

    /// Runs `body` in one snapshot. A standby may cancel a long read when replay needs the rows it reads (a
    /// recovery conflict); the read is tried once more from the start, and a second conflict is reported.
    private func withReader<T>(warns: Bool = true, _ body: (inout SnapshotReader<PostgresQueries>) throws -> T) throws(StoreError) -> T {
        var retried = false
        while true {
            var unsafePasswordFile: String?
            do {
                let session = try PostgresSession(location, statementTimeout: statementTimeout, readTimeout: readTimeout)
                unsafePasswordFile = session.unsafePasswordFile
                defer { session.close() }
                let queries = try PostgresQueries(session: session, readsEmails: readsEmails)
                if !retried && warns { queries.warnings.forEach(warn) }
                var reader = SnapshotReader(queries, sourceName: session.shownName, file: location.description)
                return try body(&reader)
            } catch let error as StoreError {
                throw error
            } catch let failure as PostgresFailure {
                if failure.isRecoveryConflict && !retried {
                    retried = true
                    continue
                }
                throw PostgresErrorHint.storeError(failure, location: location, work: .reading,
                                                   unsafePasswordFile: unsafePasswordFile ?? PostgresSession.unsafePasswordFile(location.connectionString, environment: ProcessInfo.processInfo.environment),
                                                   retried: retried)
            } catch {
                throw StoreError(.server(location.secrets.masked("\(error)")), file: location.description)
            }
        }
    }
}
