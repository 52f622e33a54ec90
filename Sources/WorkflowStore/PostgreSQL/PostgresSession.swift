import Foundation
import GRDB
import Logging
import NIOSSL
import PostgresNIO
import WorkflowModel

/// One connection to a PostgreSQL server inside one `REPEATABLE READ` transaction (`READ ONLY` unless importing),
/// used from synchronous code: the command is a batch job, so each call waits for its answer while PostgresNIO's
/// event loop does the I/O.
final class PostgresSession: @unchecked Sendable {
    enum Access {
        case readOnly
        /// Import: writes are allowed, and a row lock held by another writer is waited for at most `lockTimeout`
        /// seconds.
        case readWrite(lockTimeout: Double)
    }

    let location: PostgresLocation
    private let connection: PostgresConnection
    private let logger = Logger(label: "flowsite.postgres", factory: { _ in SwiftLogNoOpLogHandler() })

    /// Connects and begins the transaction; `statementTimeout` (seconds, 0 = none) bounds every statement.
    init(_ location: PostgresLocation, statementTimeout: Double = 0, access: Access = .readOnly) throws(StoreError) {
        self.location = location
        var configuration: PostgresConnection.Configuration
        if location.isSocket {
            configuration = .init(unixSocketPath: location.socketPath, username: location.user, password: location.password, database: location.database)
        } else {
            configuration = .init(host: location.host, port: location.port, username: location.user, password: location.password,
                                  database: location.database, tls: try Self.tls(location))
        }
        configuration.options.connectTimeout = .seconds(Int64(location.connectTimeout))
        configuration.options.additionalStartupParameters = [("application_name", location.applicationName)]
        let logger = self.logger, settings = configuration
        do {
            connection = try blocking { try await PostgresConnection.connect(configuration: settings, id: 1, logger: logger) }
        } catch {
            throw Self.storeError(error, location)
        }
        do {
            switch access {
            case .readOnly:
                try execute("START TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            case .readWrite(let lockTimeout):
                try execute("START TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ WRITE")
                // 0 would mean "wait forever" to PostgreSQL; a zero --busy-timeout means "do not wait".
                try execute("SET LOCAL lock_timeout = \(max(1, Int((lockTimeout * 1000).rounded())))")
            }
            if statementTimeout > 0 { try execute("SET LOCAL statement_timeout = \(Int((statementTimeout * 1000).rounded()))") }
            try execute("SET LOCAL TIME ZONE 'UTC'")
        } catch {
            close()
            throw error
        }
    }

    /// Ends the connection, rolling back whatever was not committed; after the server dropped the connection there
    /// is nothing left to end.
    func close() {
        guard !connection.isClosed else { return }
        try? execute("ROLLBACK")
        try? connection.close().wait()
    }

    func execute(_ sql: String, _ binds: PostgresBindings = PostgresBindings()) throws(StoreError) {
        _ = try query(sql, binds) { _ in }
    }

    /// Runs a query and hands each row to `body` as it arrives. `body` runs on the connection's event loop, which
    /// reads no more from the socket until it returns: TCP itself holds the server back, so memory stays flat
    /// however many rows come. (The AsyncSequence API's demand-driven stream crashes in PostgresNIO 1.33 when the
    /// server closes the connection mid-stream, as `pg_terminate_backend` does; this callback form does not.)
    @discardableResult
    func query(_ sql: String, _ binds: PostgresBindings = PostgresBindings(), _ body: (PostgresRow) throws -> Void) throws(StoreError) -> Int {
        let connection = self.connection, logger = self.logger
        // PostgresNIO keeps its row callback after the query ends, so the callback holds only this sink, whose
        // handler (`body`, which must not escape) is cleared before `body`'s scope ends.
        let sink = RowSink()
        do {
            return try withoutActuallyEscaping(body) { escapable in
                sink.handler = escapable
                defer { sink.handler = nil }
                let query = connection.query(PostgresQuery(unsafeSQL: sql, binds: binds), logger: logger) { row in
                    try sink.handler?(row)
                    sink.count += 1
                }
                // A connection closed mid-stream (pg_terminate_backend, a restart) does not always fail the query's
                // future; the connection's own close does, so whichever comes first ends the wait.
                let outcome = query.eventLoop.makePromise(of: Void.self)
                query.whenComplete { outcome.completeWith($0.map { _ in }) }
                connection.closeFuture.whenComplete { _ in outcome.fail(ConnectionClosed()) }
                try outcome.futureResult.wait()
                return sink.count
            }
        } catch let error as StoreError {
            throw error
        } catch {
            throw Self.storeError(error, location)
        }
    }

    /// Runs a query whose rows are handed to `body` on the calling thread, a batch at a time, while the event loop
    /// goes on reading and decoding the next ones: on two cores the fold and PostgresNIO's decoding overlap instead
    /// of taking turns. A batch is the rows' cells, `columns` per row, row after row. At most `BatchQueue.capacity`
    /// batches wait; beyond that the event loop stops reading, so TCP holds the server back and memory stays flat.
    func stream(_ sql: String, columns: Int, _ body: ([ByteBuffer?]) throws -> Void) throws(StoreError) {
        let queue = BatchQueue<[ByteBuffer?]>()
        let filling = BatchInProgress(columns: columns)
        let query = connection.query(PostgresQuery(unsafeSQL: sql), logger: logger) { row in
            filling.append(row)
            if filling.isFull { queue.put(filling.take()) }
        }
        query.whenComplete { result in
            switch result {
            case .success:
                if !filling.isEmpty { queue.put(filling.take()) }
                queue.finish(nil)
            case .failure(let error):
                queue.finish(error)
            }
        }
        connection.closeFuture.whenComplete { _ in queue.finish(ConnectionClosed()) }
        do {
            while let batch = try queue.take() { try body(batch) }
        } catch let error as StoreError {
            queue.abandon()
            throw error
        } catch {
            queue.abandon()
            throw Self.storeError(error, location)
        }
    }

    static func tls(_ location: PostgresLocation) throws(StoreError) -> PostgresConnection.Configuration.TLS {
        var configuration = TLSConfiguration.makeClientConfiguration()
        switch location.sslMode {
        case .disable: return .disable
        case .allow, .prefer, .require: configuration.certificateVerification = .none
        case .verifyCA: configuration.certificateVerification = .noHostnameVerification
        case .verifyFull: configuration.certificateVerification = .fullVerification
        }
        do {
            let context = try NIOSSLContext(configuration: configuration)
            return location.sslMode == .allow || location.sslMode == .prefer ? .prefer(context) : .require(context)
        } catch {
            throw StoreError(.server("cannot set up TLS: \(error)"), file: location.description)
        }
    }

    /// One line for a person: what the server or the network said, naming the server (never the password).
    static func storeError(_ error: any Error, _ location: PostgresLocation) -> StoreError {
        if error is ConnectionClosed {
            return StoreError(.server("the server closed the connection in the middle of the work"), file: location.description)
        }
        guard let error = error as? PSQLError else {
            return StoreError(.server("\(error)"), file: location.description)
        }
        if let message = error.serverInfo?[.message] {
            let state = error.serverInfo?[.sqlState] ?? ""
            let hint = switch state {
            case "28P01", "28000": " (check the user and password, PGPASSWORD or ~/.pgpass)"
            case "3D000": " (check the database name in the URL)"
            case "42501": " (the role needs SELECT on the app's four tables, and INSERT and UPDATE on the workflow table to import; see README)"
            case "25006": " (this server only reads: a standby? import into the primary)"
            case "40001": " (another writer changed a workflow this import updates; nothing was written, run the import again)"
            case "55P03": " (another writer holds a lock on a workflow this import updates; nothing was written, raise --busy-timeout or try again)"
            case "40P01": " (a deadlock with another writer; nothing was written, run the import again)"
            case "57014": " (raise --statement-timeout, or run when the server is less busy)"
            case "57P01", "57P02", "57P03": " (the server ended the connection)"
            default: ""
            }
            return StoreError(.server(message + hint), file: location.description)
        }
        switch error.code {
        case .connectionError:
            let reason = error.underlying.map { "\($0)" } ?? "no connection"
            return StoreError(.server("cannot connect: \(reason)"), file: location.description)
        case .serverClosedConnection, .uncleanShutdown:
            return StoreError(.server("the server closed the connection in the middle of the work"), file: location.description)
        case .sslUnsupported:
            return StoreError(.server("the server does not offer TLS, and sslmode=\(location.sslMode.rawValue) requires it"), file: location.description)
        default:
            return StoreError(.server("\(error.code)" + (error.underlying.map { ": \($0)" } ?? "")), file: location.description)
        }
    }
}

/// The connection ended before the query did.
struct ConnectionClosed: Error {}

/// Rows of one query on their way to a caller who waits (so no two threads touch it at once).
private final class RowSink: @unchecked Sendable {
    var handler: ((PostgresRow) throws -> Void)?
    var count = 0
}

/// Rows being gathered into one batch on the event loop.
private final class BatchInProgress: @unchecked Sendable {
    static let rows = 2048
    let columns: Int
    private var cells: [ByteBuffer?] = []

    init(columns: Int) {
        self.columns = columns
        cells.reserveCapacity(columns * Self.rows)
    }

    func append(_ row: PostgresRow) {
        var index = 0
        for cell in row where index < columns {
            cells.append(cell.bytes)
            index += 1
        }
        // A row always has the columns asked for; pad if it ever had fewer, so rows stay aligned.
        while index < columns { cells.append(nil); index += 1 }
    }

    var isFull: Bool { cells.count >= columns * Self.rows }
    var isEmpty: Bool { cells.isEmpty }

    func take() -> [ByteBuffer?] {
        defer { cells = []; cells.reserveCapacity(columns * Self.rows) }
        return cells
    }
}

/// Runs async work to the end from synchronous code. The calling thread only waits; the work runs on Swift's
/// cooperative pool and PostgresNIO's event loop.
func blocking<T>(_ work: @escaping @Sendable () async throws -> T) throws -> T {
    let outcome = Outcome<T>()
    let done = DispatchSemaphore(value: 0)
    Task {
        do { outcome.result = .success(try await work()) } catch { outcome.result = .failure(error) }
        done.signal()
    }
    done.wait()
    return try outcome.result!.get()
}

private final class Outcome<T>: @unchecked Sendable {
    var result: Result<T, any Error>?
}
