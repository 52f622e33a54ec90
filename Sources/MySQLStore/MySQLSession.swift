import CMariaDB
import Foundation
import WorkflowModel
import WorkflowStore

/// One MariaDB Connector/C connection inside one `REPEATABLE READ` transaction started `WITH CONSISTENT SNAPSHOT`
/// (`READ ONLY` unless importing), with the session's time zone UTC so `TIMESTAMP` columns read as the instants
/// they hold and `DATETIME` columns as the UTC wall times the apps write. Every wait is bounded: the connector's
/// connect, read and write timeouts (a stalled server or network ends the command instead of hanging it), the
/// server's `max_statement_time` (MariaDB) or `max_execution_time` (MySQL) for `--statement-timeout`, and
/// `innodb_lock_wait_timeout` for an import waiting on another writer's row lock.
final class MySQLSession {
    enum Access {
        case readOnly
        case readWrite(lockTimeout: Double)
    }

    /// Seconds to wait for the server to accept the connection, unless the URL says otherwise.
    static let connectTimeout: Double = 10

    let location: MySQLLocation
    let readTimeout: Double
    private var connection: UnsafeMutablePointer<MYSQL>?
    /// After a lost connection or an abandoned stream nothing more is sent: closing only drops the socket.
    private var broken = false
    /// Whether the server is MariaDB (its statement timeout has another name and unit than MySQL's).
    private(set) var isMariaDB = false
    /// The database and server, for page footers and `stats.json` (no user, no password).
    let shownName: String

    init(_ location: MySQLLocation, statementTimeout: Double = 0, readTimeout: Double, access: Access = .readOnly) throws(MySQLFailure) {
        self.location = location
        self.readTimeout = location.readTimeout ?? readTimeout
        shownName = location.shownServer
        guard let connection = mysql_init(nil) else {
            throw MySQLFailure(code: 2008, message: "cannot connect: out of memory", phase: .connecting)
        }
        self.connection = connection
        // `[client]` (and `[client-server]`, `[client-mariadb]`) of the default option files, ~/.my.cnf included, plus
        // the URL's own group; or the URL's file.
        if let file = location.optionFile { _ = mysql_options(connection, MYSQL_READ_DEFAULT_FILE, file) }
        _ = mysql_options(connection, MYSQL_READ_DEFAULT_GROUP, location.optionGroup ?? "client")
        var connectSeconds = Self.wholeSeconds(location.connectTimeout ?? Self.connectTimeout)
        var readSeconds = Self.wholeSeconds(self.readTimeout)
        var writeSeconds = Self.wholeSeconds(location.writeTimeout ?? self.readTimeout)
        _ = mysql_options(connection, MYSQL_OPT_CONNECT_TIMEOUT, &connectSeconds)
        if readSeconds > 0 { _ = mysql_options(connection, MYSQL_OPT_READ_TIMEOUT, &readSeconds) }
        if writeSeconds > 0 { _ = mysql_options(connection, MYSQL_OPT_WRITE_TIMEOUT, &writeSeconds) }
        _ = mysql_options(connection, MYSQL_SET_CHARSET_NAME, "utf8mb4")
        var noLocalFiles: UInt32 = 0
        _ = mysql_options(connection, MYSQL_OPT_LOCAL_INFILE, &noLocalFiles)
        if location.socket != nil {
            var socketProtocol = MYSQL_PROTOCOL_SOCKET.rawValue
            _ = mysql_options(connection, MYSQL_OPT_PROTOCOL, &socketProtocol)
        }
        var yes: my_bool = 1
        switch location.sslMode {
        case .required?:
            _ = mysql_options(connection, MYSQL_OPT_SSL_ENFORCE, &yes)
        case .verifyCA?, .verifyIdentity?:
            _ = mysql_options(connection, MYSQL_OPT_SSL_ENFORCE, &yes)
            _ = mysql_options(connection, MYSQL_OPT_SSL_VERIFY_SERVER_CERT, &yes)
        case .disabled?, .preferred?, nil:
            break
        }
        if let ca = location.sslCA { _ = mysql_options(connection, MYSQL_OPT_SSL_CA, ca) }
        if let cert = location.sslCert { _ = mysql_options(connection, MYSQL_OPT_SSL_CERT, cert) }
        if let key = location.sslKey { _ = mysql_options(connection, MYSQL_OPT_SSL_KEY, key) }
        let connected = mysql_real_connect(connection, location.host, location.user, location.password, location.database,
                                           location.port, location.socket, 0)
        guard connected != nil else {
            let failure = failure(phase: .connecting)
            mysql_close(connection)
            self.connection = nil
            throw failure
        }
        // Connector/C 3.3 goes on without TLS when the server offers none, whatever MYSQL_OPT_SSL_ENFORCE says.
        if let mode = location.sslMode, [.required, .verifyCA, .verifyIdentity].contains(mode), mysql_get_ssl_cipher(connection) == nil {
            mysql_close(connection)
            self.connection = nil
            throw MySQLFailure(code: 2026, message: "the server offers no TLS, which ssl-mode=\(mode.rawValue) requires", phase: .connecting)
        }
        isMariaDB = String(cString: mysql_get_server_info(connection)).contains("MariaDB")
        do throws(MySQLFailure) {
            try execute("SET time_zone = '+00:00'")
            // The server gives up on a client that reads slowly after net_write_timeout (60 s by default); the fold
            // is never that slow, but a busy machine should not end a long read.
            try execute("SET SESSION net_write_timeout = \(max(600, Int(self.readTimeout.rounded(.up))))")
            if statementTimeout > 0 {
                try execute(isMariaDB ? "SET SESSION max_statement_time = \(statementTimeout)"
                                      : "SET SESSION max_execution_time = \(Int((statementTimeout * 1000).rounded()))")
            }
            try execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            switch access {
            case .readOnly:
                try execute("START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY")
            case .readWrite(let lockTimeout):
                // InnoDB counts whole seconds, at least one; a zero --busy-timeout waits the least it can.
                let seconds = max(1, Int(lockTimeout.rounded(.up)))
                try execute("SET SESSION innodb_lock_wait_timeout = \(seconds)")
                try execute("SET SESSION lock_wait_timeout = \(seconds)")
                try execute("START TRANSACTION WITH CONSISTENT SNAPSHOT, READ WRITE")
            }
        } catch let failure {
            close()
            throw failure
        }
    }

    deinit { close() }

    /// Ends the connection, rolling back whatever was not committed (the server does so when the connection ends).
    func close() {
        guard let connection else { return }
        if !broken { _ = mysql_real_query(connection, "ROLLBACK", 8) }
        mysql_close(connection)
        self.connection = nil
    }

    static func wholeSeconds(_ seconds: Double) -> UInt32 {
        seconds <= 0 ? 0 : UInt32(min(seconds.rounded(.up), 86_400))
    }

    private func open() throws(MySQLFailure) -> UnsafeMutablePointer<MYSQL> {
        guard let connection, !broken else {
            throw MySQLFailure(code: 2006, message: "the connection is closed", phase: .working)
        }
        return connection
    }

    private func send(_ sql: String) throws(MySQLFailure) -> UnsafeMutablePointer<MYSQL> {
        let connection = try open()
        var sql = sql
        let started = Self.now()
        let status = sql.withUTF8 { bytes in
            bytes.withMemoryRebound(to: CChar.self) { mysql_real_query(connection, $0.baseAddress, UInt($0.count)) }
        }
        guard status == 0 else { throw failure(phase: .working, waitedSince: started) }
        return connection
    }

    /// Seconds on a monotonic clock (the coarse one: a few nanoseconds a call, read once per row of the stream).
    static func now() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC_COARSE, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }

    func execute(_ sql: String) throws(MySQLFailure) {
        let connection = try send(sql)
        if let result = mysql_store_result(connection) { mysql_free_result(result) } else if mysql_errno(connection) != 0 {
            throw failure(phase: .working)
        }
    }

    /// The id the last INSERT gave its row.
    var insertID: UInt64 { connection.map { mysql_insert_id($0) } ?? 0 }

    /// Runs one statement and returns all its rows (catalog queries and the small tables), each cell converted by
    /// its column's type.
    func query(_ sql: String) throws(MySQLFailure) -> [[CellValue]] {
        let connection = try send(sql)
        guard let result = mysql_store_result(connection) else {
            if mysql_errno(connection) != 0 { throw failure(phase: .working) }
            return []
        }
        defer { mysql_free_result(result) }
        let columns = Int(mysql_num_fields(result))
        let kinds = Self.kinds(result, columns)
        defer { kinds.deallocate() }
        var rows: [[CellValue]] = []
        rows.reserveCapacity(Int(mysql_num_rows(result)))
        while let row = mysql_fetch_row(result) {
            guard let lengths = mysql_fetch_lengths(result) else { break }
            let cells = MySQLCells(row: row, lengths: lengths, kinds: UnsafeBufferPointer(kinds))
            rows.append((0..<columns).map { cells.value(Int32($0)) })
        }
        return rows
    }

    /// Runs one statement unbuffered (`mysql_use_result`): each row is read from the connector's network buffer as it
    /// arrives and handed to `body` in place, so memory stays flat however many rows there are. If `body` throws,
    /// the rest of the rows are not read: the connection is dropped instead of draining them.
    func stream(_ sql: String, _ body: (MySQLCells) throws -> Void) throws {
        let connection = try send(sql)
        guard let result = mysql_use_result(connection) else {
            if mysql_errno(connection) != 0 { throw failure(phase: .working) }
            return
        }
        let kinds = Self.kinds(result, Int(mysql_num_fields(result)))
        defer { kinds.deallocate() }
        let columnKinds = UnsafeBufferPointer(kinds)
        // When the last wait for a row began: a lost connection after --read-timeout seconds of waiting is the
        // connector's read timeout (it reports both as CR_SERVER_LOST).
        var waiting = Self.now()
        do {
            while let row = mysql_fetch_row(result) {
                guard let lengths = mysql_fetch_lengths(result) else { break }
                try body(MySQLCells(row: row, lengths: lengths, kinds: columnKinds))
                waiting = Self.now()
            }
        } catch {
            broken = true
            mysql_close(connection)
            self.connection = nil
            throw error
        }
        // The end of the rows, or an error (the connection lost, a read timeout, the statement cancelled).
        let failed = mysql_errno(connection) != 0
        let failure = failed ? failure(phase: .working, waitedSince: waiting) : nil
        if failed, failure?.isConnectionLost == true {
            broken = true
            mysql_close(connection)
            self.connection = nil
            throw failure!
        }
        mysql_free_result(result)
        if let failure { throw failure }
    }

    /// How each column of a result is read back: by the type the server sends with it. The caller deallocates.
    static func kinds(_ result: UnsafeMutablePointer<MYSQL_RES>, _ columns: Int) -> UnsafeMutableBufferPointer<MySQLCells.Kind> {
        let kinds = UnsafeMutableBufferPointer<MySQLCells.Kind>.allocate(capacity: max(columns, 1))
        guard let fields = mysql_fetch_fields(result) else {
            kinds.initialize(repeating: .text)
            return kinds
        }
        for index in 0..<columns { kinds[index] = kind(fields[index]) }
        return kinds
    }

    static func kind(_ field: MYSQL_FIELD) -> MySQLCells.Kind {
        switch field.type {
        case MYSQL_TYPE_TINY, MYSQL_TYPE_SHORT, MYSQL_TYPE_LONG, MYSQL_TYPE_INT24, MYSQL_TYPE_LONGLONG, MYSQL_TYPE_YEAR:
            return .integer
        case MYSQL_TYPE_DATETIME, MYSQL_TYPE_TIMESTAMP, MYSQL_TYPE_DATE, MYSQL_TYPE_NEWDATE, MYSQL_TYPE_DATETIME2, MYSQL_TYPE_TIMESTAMP2:
            return .timestamp
        case MYSQL_TYPE_TINY_BLOB, MYSQL_TYPE_MEDIUM_BLOB, MYSQL_TYPE_LONG_BLOB, MYSQL_TYPE_BLOB, MYSQL_TYPE_VAR_STRING, MYSQL_TYPE_STRING, MYSQL_TYPE_VARCHAR:
            // Charset 63 is `binary`: bytes, which the decoder checks for UTF-8.
            return field.charsetnr == 63 ? .binary : .text
        default:
            return .text
        }
    }

    /// The connector's error: its number, SQLSTATE and message, masked. A connection lost after waiting
    /// `readTimeout` seconds for the server says so.
    private func failure(phase: MySQLFailure.Phase, waitedSince: Double? = nil) -> MySQLFailure {
        guard let connection else { return MySQLFailure(code: 2006, message: "the connection is closed", phase: phase) }
        let code = mysql_errno(connection)
        var message = String(cString: mysql_error(connection))
        if code == 2013, readTimeout > 0, let waitedSince, Self.now() - waitedSince >= readTimeout - 0.05 {
            message = "the server sent nothing for \(MySQLErrorHint.seconds(readTimeout)) (\(message))"
        }
        let state = String(cString: mysql_sqlstate(connection))
        let failure = MySQLFailure(code: code, sqlState: state == "00000" ? nil : state,
                                   message: location.secrets.masked(message.isEmpty ? "error \(code)" : message), phase: phase)
        if failure.isConnectionLost { broken = true }
        return failure
    }
}

/// Backtick-quotes a MySQL identifier (a backtick inside is doubled).
func backticked(_ identifier: String) -> String {
    "`" + identifier.replacingOccurrences(of: "`", with: "``") + "`"
}

/// A string as an SQL literal whatever the server's `sql_mode` (`NO_BACKSLASH_ESCAPES`, `ANSI_QUOTES`): its UTF-8
/// bytes in hex, converted to utf8mb4 so a `JSON` column takes it as text.
func literal(_ text: String?) -> String {
    guard let text else { return "NULL" }
    if text.isEmpty { return "CONVERT('' USING utf8mb4)" }
    var hex = "CONVERT(X'"
    hex.reserveCapacity(text.utf8.count * 2 + 24)
    let digits = Array("0123456789ABCDEF")
    for byte in text.utf8 {
        hex.append(digits[Int(byte >> 4)])
        hex.append(digits[Int(byte & 0x0F)])
    }
    return hex + "' USING utf8mb4)"
}
