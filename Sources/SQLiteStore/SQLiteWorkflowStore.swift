import Foundation
import GRDB
import WorkflowModel
import WorkflowStore

/// Reads a workflow database file written by the app, in either layout, without ever changing it:
/// the connection is read-only (no journal is created; a WAL database being written stays readable) and a
/// snapshot is read inside one transaction.
public struct SQLiteWorkflowStore: WorkflowSource {
    public let location: DatabaseLocation
    /// How long to wait for a writer's lock before giving up with a clear error.
    public let busyTimeout: TimeInterval

    public init(location: DatabaseLocation, busyTimeout: TimeInterval = 10) {
        self.location = location
        self.busyTimeout = busyTimeout
    }

    /// Opens a read-only connection after checking the file exists, so a typo never creates an empty database.
    func openReadOnly() throws(StoreError) -> DatabaseQueue {
        try location.requireFile()
        var configuration = Configuration()
        configuration.readonly = true
        configuration.label = "flowsite.read"
        // A writer holding the lock briefly should not fail a nightly job; a stuck one still fails in time.
        configuration.busyMode = .timeout(busyTimeout)
        do {
            return try DatabaseQueue(path: location.openName, configuration: configuration)
        } catch {
            throw StoreError.from(error, file: location.path)
        }
    }

    public func readSnapshot(asOf: Timestamp, resuming saved: FoldState?) throws(StoreError) -> FoldedSnapshot {
        try withReader { reader in try reader.read(asOf: asOf, resuming: saved) }
    }

    public func readRunDetails(ids: [Int64]) throws(StoreError) -> [RunDetail] {
        try withReader { reader in try reader.readRunDetails(ids: ids) }
    }

    public func exportWorkflows(owner: String?) throws(StoreError) -> WorkflowExportList {
        try withReader { reader in try WorkflowExportList(reader.readCatalog(), owner: owner, source: location.path) }
    }

    /// One read-only transaction with the shared reader over it; SQLite's errors as messages a person can act on.
    private func withReader<T>(_ body: (inout SnapshotReader<SQLiteQueries>) throws -> T) throws(StoreError) -> T {
        let queue = try openReadOnly()
        do {
            return try queue.read { db in
                var reader = SnapshotReader(SQLiteQueries(db: db), sourceName: location.fileName, file: location.path)
                return try body(&reader)
            }
        } catch {
            throw StoreError.from(error, file: location.path)
        }
    }
}

extension StoreError {
    /// Whether the file's header says WAL mode (read and write versions 2 at offsets 18 and 19).
    static func isWAL(_ file: String) -> Bool {
        guard let handle = FileHandle(forReadingAtPath: file), let header = try? handle.read(upToCount: 20), header.count == 20 else { return false }
        return header[header.startIndex + 18] == 2 && header[header.startIndex + 19] == 2
    }

    /// Maps SQLite's result codes to messages a person can act on.
    static func from(_ error: any Error, file: String) -> StoreError {
        if let error = error as? StoreError { return error }
        guard let sqlite = error as? DatabaseError else { return StoreError(.sqlite("\(error)"), file: file) }
        switch sqlite.resultCode {
        case .SQLITE_NOTADB: return StoreError(.notSQLite("file is not a database"), file: file)
        case .SQLITE_CORRUPT: return StoreError(.notSQLite("the file is damaged: \(sqlite.message ?? "database disk image is malformed")"), file: file)
        case .SQLITE_BUSY, .SQLITE_LOCKED: return StoreError(.locked(sqlite.message ?? "database is locked"), file: file)
        case .SQLITE_READONLY where isWAL(file), .SQLITE_CANTOPEN where isWAL(file):
            let folder = (file as NSString).deletingLastPathComponent.isEmpty ? "." : (file as NSString).deletingLastPathComponent
            return StoreError(.sqlite("""
                a WAL-mode database needs its shared-memory file (\((file as NSString).lastPathComponent)-shm) to be read, and this user \
                cannot create it: give write access to the folder \(folder), run as the app's user, or read it as an unchanging \
                snapshot with --db 'file:\(file)?immutable=1' (only while nothing writes to it)
                """), file: file)
        case .SQLITE_CANTOPEN: return StoreError(.sqlite("cannot open the file (\(sqlite.message ?? "unable to open database file"))"), file: file)
        default: return StoreError(.sqlite(sqlite.message ?? "\(sqlite)"), file: file)
        }
    }
}
