import Foundation
import WorkflowStore

/// Where a MySQL or MariaDB database is, from the URL an app's config holds: `mysql://user:pass@host:port/db` (also
/// `mariadb://`, SQLAlchemy's `mysql+pymysql://`, `mysql+mysqldb://` and any other `mysql+driver://` or
/// `mariadb+driver://`, and Prisma's `mysql://…?sslaccept=…`). Parameters: a unix socket (`unix_socket=` or
/// `socket=`), TLS (`ssl-mode`/`ssl_mode`/`sslmode`, `ssl_ca`/`ssl-ca`, `ssl_cert`, `ssl_key`; Prisma's `sslaccept`
/// and `sslcert`), timeouts (`connect_timeout`, `read_timeout`, `write_timeout`, Prisma's `socket_timeout`) and the
/// option files the connector reads (`read_default_file`, `read_default_group`: `~/.my.cnf`'s `[client]` group is
/// read in any case, so a password may live there). Parameters that only tune an app's pool are accepted and
/// ignored; anything else is refused in one line rather than silently dropped. `description` never holds a password.
public struct MySQLLocation: Sendable, Equatable, CustomStringConvertible {
    public enum SSLMode: String, Sendable, Equatable, CaseIterable {
        case disabled = "DISABLED", preferred = "PREFERRED", required = "REQUIRED", verifyCA = "VERIFY_CA", verifyIdentity = "VERIFY_IDENTITY"
    }

    /// nil: the connector's default (`localhost`, which it reaches through its default socket).
    public var host: String?
    /// 0: the connector's default (3306, or the option file's).
    public var port: UInt32 = 0
    /// nil: the option file's, else the login name.
    public var user: String?
    /// nil: the option file's (`~/.my.cnf`), else none.
    public var password: String?
    public var database: String
    public var socket: String?
    public var sslMode: SSLMode?
    public var sslCA: String?
    public var sslCert: String?
    public var sslKey: String?
    /// Seconds; nil: flowsite's defaults.
    public var connectTimeout: Double?
    public var readTimeout: Double?
    public var writeTimeout: Double?
    /// An option file to read instead of the default ones, and a group to read besides `[client]`.
    public var optionFile: String?
    public var optionGroup: String?
    /// The text as a person may see it, passwords masked.
    public let description: String
    /// Everything that must never be printed.
    package let secrets: SecretMask

    static let schemes = ["mysql", "mariadb"]

    /// Parameters that tune an app's connection pool or its driver's Python types: accepted, without effect here.
    static let ignoredParameters: Set<String> = [
        "charset", "use_unicode", "binary_prefix", "autocommit", "local_infile", "connection_limit", "pool_timeout",
        "pool_size", "max_overflow", "pool_recycle", "pool_pre_ping", "statement_cache_size", "pgbouncer", "client_flag",
        "ssl_check_hostname", "ssl_verify_cert", "ssl_verify_identity", "program_name", "init_command", "sql_mode",
    ]

    /// Whether `text` is a MySQL or MariaDB URL: `mysql://`, `mariadb://`, or either with `+driver`.
    public static func isMySQL(_ text: String) -> Bool {
        guard let scheme = text.range(of: "://") else { return false }
        let name = text[..<scheme.lowerBound].lowercased()
        let base = name.split(separator: "+", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? name
        return schemes.contains(base) && !name.contains("/")
    }

    public init(parsing text: String) throws(StoreError) {
        secrets = SecretMask(connectionText: text)
        let shown = secrets.masked(text)
        description = shown
        guard Self.isMySQL(text), let schemeEnd = text.range(of: "://") else {
            throw StoreError(.unsupportedURL("not a MySQL or MariaDB URL (mysql://user:password@host:port/database)"), file: shown)
        }
        var rest = Substring(text[schemeEnd.upperBound...])
        if let problem = SecretMask.unencodedPasswordProblem(rest) {
            throw StoreError(.unsupportedURL(problem), file: shown)
        }
        var query: Substring = ""
        if let mark = rest.firstIndex(of: "?") {
            query = rest[rest.index(after: mark)...]
            rest = rest[..<mark]
        }
        if let hash = rest.firstIndex(of: "#") { rest = rest[..<hash] }
        let authority: Substring
        var path: Substring = ""
        if let slash = rest.firstIndex(of: "/") {
            authority = rest[..<slash]
            path = rest[rest.index(after: slash)...]
        } else {
            authority = rest
        }
        var hostPort = authority
        if let at = authority.lastIndex(of: "@") {
            let userinfo = authority[..<at]
            hostPort = authority[authority.index(after: at)...]
            if let colon = userinfo.firstIndex(of: ":") {
                user = try Self.decoded(userinfo[..<colon], what: "user name", shown: shown)
                password = try Self.decoded(userinfo[userinfo.index(after: colon)...], what: "password", shown: shown)
            } else {
                user = try Self.decoded(userinfo, what: "user name", shown: shown)
            }
            if user?.isEmpty == true { user = nil }
        }
        if hostPort.hasPrefix("[") {
            guard let close = hostPort.firstIndex(of: "]") else {
                throw StoreError(.unsupportedURL("an IPv6 host needs its closing ']'"), file: shown)
            }
            host = String(hostPort[hostPort.index(after: hostPort.startIndex)..<close])
            let after = hostPort[hostPort.index(after: close)...]
            if after.hasPrefix(":") { port = try Self.port(after.dropFirst(), shown: shown) } else if !after.isEmpty {
                throw StoreError(.unsupportedURL("unexpected '\(after)' after the host"), file: shown)
            }
        } else if let colon = hostPort.lastIndex(of: ":") {
            host = try Self.decoded(hostPort[..<colon], what: "host", shown: shown)
            port = try Self.port(hostPort[hostPort.index(after: colon)...], shown: shown)
        } else if !hostPort.isEmpty {
            host = try Self.decoded(hostPort, what: "host", shown: shown)
        }
        if host?.isEmpty == true { host = nil }
        database = try Self.decoded(path, what: "database name", shown: shown)
        if database.hasSuffix("/") { database.removeLast() }
        for pair in query.split(separator: "&") where !pair.isEmpty {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = (String(parts[0]).removingPercentEncoding ?? String(parts[0])).lowercased()
            let value = parts.count > 1 ? (String(parts[1]).removingPercentEncoding ?? String(parts[1])) : ""
            try apply(key.replacingOccurrences(of: "-", with: "_"), value, shown: shown)
        }
        guard !database.isEmpty else {
            throw StoreError(.unsupportedURL("the URL names no database (mysql://user:password@host:port/DATABASE)"), file: shown)
        }
        if socket != nil, host == nil { host = "localhost" }
    }

    private mutating func apply(_ key: String, _ value: String, shown: String) throws(StoreError) {
        switch key {
        case "unix_socket", "socket":
            socket = value.isEmpty ? nil : value
        case "ssl_mode", "sslmode":
            guard let mode = SSLMode(rawValue: value.uppercased().replacingOccurrences(of: "-", with: "_")) else {
                throw StoreError(.unsupportedURL("ssl-mode '\(value)' is not one of \(SSLMode.allCases.map(\.rawValue).joined(separator: ", "))"), file: shown)
            }
            sslMode = mode
        case "ssl":
            // SQLAlchemy's `ssl=true`: TLS required.
            if ["true", "1", "yes", "required"].contains(value.lowercased()) { sslMode = sslMode ?? .required }
        case "ssl_disabled":
            if ["true", "1", "yes"].contains(value.lowercased()) { sslMode = .disabled }
        case "sslaccept":
            // Prisma: `strict` checks the certificate, `accept_invalid_certs` only encrypts.
            switch value.lowercased() {
            case "strict": sslMode = .verifyIdentity
            case "accept_invalid_certs": sslMode = .required
            default: throw StoreError(.unsupportedURL("sslaccept '\(value)' is not strict or accept_invalid_certs"), file: shown)
            }
        case "ssl_ca", "sslca":
            sslCA = value
        case "sslcert":
            // Prisma's `sslcert` is the server's CA certificate; pymysql's `ssl_cert` the client's.
            sslCA = value
        case "ssl_cert":
            sslCert = value
        case "ssl_key":
            sslKey = value
        case "sslidentity", "sslpassword":
            throw StoreError(.unsupportedURL("Prisma's \(key) (a PKCS#12 client identity) is not supported: give ssl_cert and ssl_key files"), file: shown)
        case "connect_timeout":
            connectTimeout = try Self.seconds(value, key: key, shown: shown)
        case "read_timeout", "socket_timeout":
            readTimeout = try Self.seconds(value, key: key, shown: shown)
        case "write_timeout":
            writeTimeout = try Self.seconds(value, key: key, shown: shown)
        case "read_default_file":
            optionFile = value
        case "read_default_group":
            optionGroup = value
        case "password":
            password = value
        case "user":
            user = value
        default:
            if Self.ignoredParameters.contains(key) { return }
            throw StoreError(.unsupportedURL("unknown parameter '\(key)' (flowsite reads unix_socket, ssl-mode, ssl_ca, ssl_cert, ssl_key, sslaccept, sslcert, connect_timeout, read_timeout, write_timeout, read_default_file, read_default_group)"), file: shown)
        }
    }

    static func decoded(_ text: Substring, what: String, shown: String) throws(StoreError) -> String {
        guard let decoded = String(text).removingPercentEncoding else {
            throw StoreError(.unsupportedURL("the \(what) in the URL has a broken percent-encoding"), file: shown)
        }
        return decoded
    }

    static func port(_ text: Substring, shown: String) throws(StoreError) -> UInt32 {
        if text.isEmpty { return 0 }
        guard let number = UInt32(text), (1...65535).contains(number) else {
            throw StoreError(.unsupportedURL("port '\(text)' is not a number from 1 to 65535"), file: shown)
        }
        return number
    }

    static func seconds(_ text: String, key: String, shown: String) throws(StoreError) -> Double {
        guard let seconds = Double(text), seconds.isFinite, seconds >= 0, seconds <= 86_400 else {
            throw StoreError(.unsupportedURL("\(key) '\(text)' is not a number of seconds"), file: shown)
        }
        return seconds
    }

    /// Where the server is, for page footers and `stats.json`: no user, no password.
    var shownServer: String {
        if let socket { return "\(database) on \(socket)" }
        let name = host ?? "localhost"
        let hostText = name.contains(":") ? "[\(name)]" : name
        return "\(database) on \(hostText)\(port == 0 ? "" : ":\(port)")"
    }
}
