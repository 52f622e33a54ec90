import CLibPQ
import Foundation
import WorkflowModel
import WorkflowStore

/// One libpq connection inside one `REPEATABLE READ` transaction (`READ ONLY` unless importing). Every wait for the
/// server is bounded: libpq's `connect_timeout` while connecting, TCP keepalives for a peer that is gone, and a
/// client-side read timeout (`readTimeout`) for a server or network that stalls while the connection stays up,
/// which keepalives cannot see. Statements go through the unnamed prepared statement only (`PQsendQueryParams`),
/// so a pgbouncer in transaction mode is fine.
final class PostgresSession {
    enum Access {
        case readOnly
        /// Import: writes are allowed, and a row lock held by another writer is waited for at most `lockTimeout`
        /// seconds.
        case readWrite(lockTimeout: Double)
    }

    /// Defaults that yield to the connection string (and, for `connect_timeout`, to `PGCONNECT_TIMEOUT`): libpq
    /// would otherwise wait for ever on a host that does not answer, and notice a dead peer only after the
    /// kernel's two hours. With these a vanished server is noticed in about a minute.
    static let connectTimeout = "10"
    static let keepalives = [("keepalives", "1"), ("keepalives_idle", "30"), ("keepalives_interval", "10"), ("keepalives_count", "3")]
    /// Where libpq is pointed instead of a password file it would ignore anyway (others may read it): libpq would
    /// print its warning on stderr around flowsite's one line; flowsite names the file in its hint instead.
    static let ignoredPasswordFile = "/nonexistent/flowsite-ignores-an-unsafe-password-file"

    let location: PostgresLocation
    /// Seconds without a byte from the server before giving up; 0: wait as long as it takes.
    let readTimeout: Double
    private var connection: OpaquePointer?
    /// After a timeout or a lost connection, nothing more is sent: closing only drops the socket.
    private var broken = false
    private(set) var secrets: SecretMask
    /// A password file libpq was kept from reading because others may read it (for the hint).
    let unsafePasswordFile: String?
    /// The schema the app's tables are read from: Prisma's `?schema=`, else `current_schema()`.
    private(set) var schema = "public"
    /// The database and server, for page footers and `stats.json` (no user, no password).
    private(set) var shownName: String

    /// Connects and begins the transaction; `statementTimeout` (seconds, 0 = none) bounds every statement.
    init(_ location: PostgresLocation, statementTimeout: Double = 0, readTimeout: Double, access: Access = .readOnly) throws(PostgresFailure) {
        self.location = location
        self.readTimeout = location.socketTimeout ?? readTimeout
        secrets = location.secrets
        let environment = ProcessInfo.processInfo.environment
        unsafePasswordFile = Self.unsafePasswordFile(location.connectionString, environment: environment)
        var parameters: [(String, String)] = [("fallback_application_name", "flowsite")]
        if environment["PGCONNECT_TIMEOUT"] == nil { parameters.append(("connect_timeout", Self.connectTimeout)) }
        parameters += Self.keepalives
        if unsafePasswordFile != nil { parameters.append(("passfile", Self.ignoredPasswordFile)) }
        // Last, so what the string says wins over the defaults above.
        parameters.append(("dbname", location.connectionString))
        let connection = Self.withCStrings(parameters.map(\.0)) { keywords in
            Self.withCStrings(parameters.map(\.1)) { values in PQconnectdbParams(keywords, values, 1) }
        }
        guard let connection else {
            throw PostgresFailure(message: "cannot connect: out of memory", phase: .connecting)
        }
        self.connection = connection
        if let password = PQpass(connection) { secrets.add(String(cString: password)) }
        shownName = ""
        guard PQstatus(connection) == CONNECTION_OK else {
            let message = String(cString: PQerrorMessage(connection))
            PQfinish(connection)
            self.connection = nil
            throw PostgresFailure(message: secrets.masked(PostgresFailure.oneLine(message)), phase: .connecting)
        }
        // Notices and warnings go nowhere: libpq would print them on stderr, around flowsite's own lines.
        PQsetNoticeProcessor(connection, { _, _ in }, nil)
        do throws(PostgresFailure) {
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
            if let named = location.schema {
                schema = named
            } else {
                let current = try query("SELECT current_schema(), current_setting('search_path')")
                guard let name = current.text(0, 0) else {
                    throw PostgresFailure(message: "no schema on the search path exists (search_path is '\(current.text(0, 1) ?? "")'); name one with ?schema= or options=-csearch_path=…", phase: .working)
                }
                schema = name
            }
        } catch let failure {
            close()
            throw failure
        }
        let host = String(cString: PQhost(connection)), port = String(cString: PQport(connection)), database = String(cString: PQdb(connection))
        shownName = "\(database) on \(host.contains(":") ? "[\(host)]" : host):\(port)\(schema == "public" ? "" : " (schema \(schema))")"
    }

    deinit { close() }

    /// Ends the connection, rolling back whatever was not committed; after a timeout or a lost connection only the
    /// socket is dropped.
    func close() {
        guard let connection else { return }
        if !broken, PQstatus(connection) == CONNECTION_OK, PQtransactionStatus(connection) != PQTRANS_ACTIVE {
            try? execute("ROLLBACK")
        }
        PQfinish(connection)
        self.connection = nil
    }

    func execute(_ sql: String, _ parameters: [String?] = []) throws(PostgresFailure) {
        _ = try query(sql, parameters)
    }

    /// Runs one statement with text parameters (`$1`, …) and returns its rows, as text or, with `binary`, in
    /// PostgreSQL's binary forms (eight big-endian bytes for an `int8` or a timestamp).
    func query(_ sql: String, _ parameters: [String?] = [], binary: Bool = false) throws(PostgresFailure) -> PostgresResult {
        let connection = try open()
        let sent = Self.withOptionalCStrings(parameters) { values in
            PQsendQueryParams(connection, sql, Int32(parameters.count), nil, values, nil, nil, binary ? 1 : 0)
        }
        guard sent == 1 else { throw connectionFailure() }
        var kept: PostgresResult?
        var failure: PostgresFailure?
        while let result = try nextResult() {
            switch PQresultStatus(result) {
            case PGRES_TUPLES_OK, PGRES_COMMAND_OK:
                if kept == nil { kept = PostgresResult(result) } else { PQclear(result) }
            default:
                if failure == nil { failure = self.failure(result) }
                PQclear(result)
            }
        }
        if let failure { throw failure }
        guard let kept else { throw connectionFailure() }
        return kept
    }

    /// Runs `COPY (select) TO STDOUT (FORMAT binary)` and hands each row's bytes to `body`, as libpq receives them:
    /// what `psql \copy` does, so reading costs what the floor costs. Binary measured faster than text here (no
    /// integer or timestamp formatting on the server, no parsing here). Each wait for the next row is bounded by
    /// the read timeout; TCP holds the server back while `body` works, so memory stays flat.
    func copyOut(_ select: String, _ body: (UnsafeRawBufferPointer) throws -> Void) throws {
        let connection = try open()
        guard PQsendQuery(connection, "COPY (\(select)) TO STDOUT (FORMAT binary)") == 1 else { throw connectionFailure() }
        guard let started = try nextResult() else { throw connectionFailure() }
        guard PQresultStatus(started) == PGRES_COPY_OUT else {
            let failure = self.failure(started)
            PQclear(started)
            while let rest = try nextResult() { PQclear(rest) }
            throw failure
        }
        PQclear(started)
        var row: UnsafeMutablePointer<CChar>?
        var drained = false
        while true {
            let length = PQgetCopyData(connection, &row, 1)
            if length > 0, let bytes = row {
                drained = false
                defer { PQfreemem(bytes) }
                do {
                    try body(UnsafeRawBufferPointer(start: bytes, count: Int(length)))
                } catch {
                    // The server is still sending; the connection cannot be used for anything else.
                    broken = true
                    throw error
                }
            } else if length == 0 {
                // First read what has already arrived (over TLS, a record may wait inside the TLS library while
                // the socket has nothing more to say); only then wait on the socket.
                if drained { try awaitInput() } else { try consumeInput() }
                drained.toggle()
            } else if length == -1 {
                break
            } else {
                throw connectionFailure()
            }
        }
        var failure: PostgresFailure?
        while let result = try nextResult() {
            if PQresultStatus(result) != PGRES_COMMAND_OK, failure == nil { failure = self.failure(result) }
            PQclear(result)
        }
        if let failure { throw failure }
    }

    private func open() throws(PostgresFailure) -> OpaquePointer {
        guard let connection, !broken else {
            throw PostgresFailure(kind: .connectionLost, message: "the connection is closed", phase: .working)
        }
        return connection
    }

    /// The next result of the statement in flight, waiting (bounded) for the server; nil when there are no more.
    private func nextResult() throws(PostgresFailure) -> OpaquePointer? {
        let connection = try open()
        if PQisBusy(connection) == 1 { try consumeInput() }
        while PQisBusy(connection) == 1 { try awaitInput() }
        return PQgetResult(connection)
    }

    /// Lets libpq read whatever has arrived, without waiting (its socket is non-blocking).
    private func consumeInput() throws(PostgresFailure) {
        guard PQconsumeInput(try open()) == 1 else { throw connectionFailure() }
    }

    /// Waits until the server sends something, at most `readTimeout` seconds, and lets libpq read it.
    private func awaitInput() throws(PostgresFailure) {
        let connection = try open()
        var descriptor = pollfd(fd: PQsocket(connection), events: Int16(POLLIN), revents: 0)
        let milliseconds = readTimeout > 0 ? Int32(min(readTimeout * 1000, Double(Int32.max)).rounded(.up)) : -1
        while true {
            let ready = poll(&descriptor, 1, milliseconds)
            if ready > 0 { break }
            if ready < 0, errno == EINTR { continue }
            if ready == 0 {
                broken = true
                throw PostgresFailure(kind: .readTimeout(readTimeout), message: "the server sent nothing for \(Self.seconds(readTimeout))", phase: .working)
            }
            throw connectionFailure()
        }
        guard PQconsumeInput(connection) == 1 else { throw connectionFailure() }
    }

    /// The server's error, with its SQLSTATE: one line, masked.
    private func failure(_ result: OpaquePointer) -> PostgresFailure {
        let state = PQresultErrorField(result, Int32(UInt8(ascii: "C"))).map { String(cString: $0) }
        let primary = PQresultErrorField(result, Int32(UInt8(ascii: "M"))).map { String(cString: $0) }
        let message = primary ?? String(cString: PQresultErrorMessage(result))
        if let connection, PQstatus(connection) != CONNECTION_OK { broken = true }
        let lost = state == nil && broken
        return PostgresFailure(kind: lost ? .connectionLost : .reported, sqlState: state,
                               message: secrets.masked(PostgresFailure.oneLine(message)), phase: .working)
    }

    /// libpq's own message when the connection itself failed (closed by the server, reset, …).
    private func connectionFailure() -> PostgresFailure {
        broken = true
        let message = connection.map { String(cString: PQerrorMessage($0)) } ?? ""
        return PostgresFailure(kind: .connectionLost, message: secrets.masked(PostgresFailure.oneLine(message)), phase: .working)
    }

    static func seconds(_ value: Double) -> String {
        value == value.rounded() ? "\(Int(value)) s" : "\(value) s"
    }

    /// The password file libpq would read (`passfile=`, `PGPASSFILE`, `~/.pgpass`) when others may read it: libpq
    /// ignores such a file (with a warning on stderr), as psql does.
    static func unsafePasswordFile(_ connectionString: String, environment: [String: String]) -> String? {
        let path = PostgresConninfo.value("passfile", in: connectionString)
            ?? environment["PGPASSFILE"] ?? (environment["HOME"] ?? NSHomeDirectory()) + "/.pgpass"
        var info = stat()
        guard stat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG, info.st_mode & 0o077 != 0 else { return nil }
        return path
    }

    static func withCStrings<T>(_ strings: [String], _ body: (UnsafePointer<UnsafePointer<CChar>?>) -> T) -> T {
        let copies = strings.map { strdup($0) }
        defer { copies.forEach { free($0) } }
        let pointers = copies.map { UnsafePointer($0) } + [nil]
        return pointers.withUnsafeBufferPointer { body($0.baseAddress!) }
    }

    static func withOptionalCStrings<T>(_ strings: [String?], _ body: (UnsafePointer<UnsafePointer<CChar>?>?) -> T) -> T {
        let copies = strings.map { $0.map { strdup($0) } ?? nil }
        defer { copies.forEach { free($0) } }
        let pointers = copies.map { $0.map { UnsafePointer($0) } } + [nil]
        return pointers.withUnsafeBufferPointer { body($0.baseAddress!) }
    }
}
