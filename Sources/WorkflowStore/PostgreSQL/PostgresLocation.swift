import Foundation

/// Where a PostgreSQL database is, from a URL as the apps and libpq spell it, completed by libpq's conventions:
/// `PGHOST`/`PGPORT`/`PGUSER`/`PGPASSWORD`/`PGDATABASE`/`PGSSLMODE`/`PGCONNECT_TIMEOUT`, `~/.pgpass` (or
/// `PGPASSFILE`), a socket folder as host, and defaults (the local socket, port 5432, the login name).
/// The password never appears in `description`: messages show the URL with `****`.
public struct PostgresLocation: Sendable, Equatable, CustomStringConvertible {
    public enum SSLMode: String, Sendable, Equatable {
        case disable, allow, prefer, require, verifyCA = "verify-ca", verifyFull = "verify-full"
    }

    /// A TCP host name or address, or a folder holding the server's Unix socket (starts with `/`).
    public var host: String
    public var port: Int
    public var user: String
    public var password: String?
    public var database: String
    /// The schema the app's tables live in (Prisma's `?schema=`); `public` by default.
    public var schema: String
    public var sslMode: SSLMode
    public var connectTimeout: Int
    public var applicationName: String

    public var isSocket: Bool { host.hasPrefix("/") }
    /// The socket file libpq would use: `<folder>/.s.PGSQL.<port>`.
    public var socketPath: String { (host as NSString).appendingPathComponent(".s.PGSQL.\(port)") }

    static let schemes = ["postgresql://", "postgres://", "postgresql+psycopg://", "postgresql+psycopg2://", "postgresql+asyncpg://", "postgresql+pg8000://"]

    /// Whether `text` is a PostgreSQL URL (any of the forms the apps use).
    public static func isURL(_ text: String) -> Bool {
        schemes.contains { text.lowercased().hasPrefix($0) }
    }

    /// Reads a URL; `environment` and `home` stand for the process's, so tests can pass their own.
    public init(parsing text: String, environment: [String: String] = ProcessInfo.processInfo.environment,
                home: String = NSHomeDirectory()) throws(StoreError) {
        guard let scheme = Self.schemes.first(where: { text.lowercased().hasPrefix($0) }) else {
            throw StoreError(.unsupportedURL("not a PostgreSQL URL"), file: Self.redacted(text))
        }
        var rest = Substring(text.dropFirst(scheme.count))
        var query: [String: String] = [:]
        if let mark = rest.firstIndex(of: "?") {
            for pair in rest[rest.index(after: mark)...].split(separator: "&") {
                let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                query[Self.decode(parts[0])] = parts.count > 1 ? Self.decode(parts[1]) : ""
            }
            rest = rest[..<mark]
        }
        var databasePart: Substring = ""
        if let slash = rest.firstIndex(of: "/") {
            databasePart = rest[rest.index(after: slash)...]
            rest = rest[..<slash]
        }
        var userPart: Substring?
        if let at = rest.lastIndex(of: "@") {
            userPart = rest[..<at]
            rest = rest[rest.index(after: at)...]
        }
        var urlUser: String?, urlPassword: String?
        if let userPart {
            let parts = userPart.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
            urlUser = parts[0].isEmpty ? nil : Self.decode(parts[0])
            urlPassword = parts.count > 1 ? Self.decode(parts[1]) : nil
        }
        var urlHost: String?, urlPort: String?
        if rest.hasPrefix("[") , let close = rest.firstIndex(of: "]") {  // [::1]:5432
            urlHost = String(rest[rest.index(after: rest.startIndex)..<close])
            let after = rest[rest.index(after: close)...]
            if after.hasPrefix(":") { urlPort = String(after.dropFirst()) }
        } else if !rest.isEmpty {
            let parts = rest.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
            urlHost = parts[0].isEmpty ? nil : Self.decode(parts[0])
            urlPort = parts.count > 1 ? String(parts[1]) : nil
        }
        let shown = Self.redacted(text)
        func pick(_ values: String?...) -> String? { values.first { $0 != nil && !$0!.isEmpty } ?? nil }

        host = pick(query["host"], urlHost, environment["PGHOST"]) ?? "/var/run/postgresql"
        let portText = pick(query["port"], urlPort, environment["PGPORT"]) ?? "5432"
        guard let port = Int(portText), (1...65535).contains(port) else {
            throw StoreError(.unsupportedURL("port '\(portText)' is not a port number"), file: shown)
        }
        self.port = port
        user = pick(query["user"], urlUser, environment["PGUSER"]) ?? ProcessInfo.processInfo.userName
        database = pick(query["dbname"], databasePart.isEmpty ? nil : Self.decode(databasePart), environment["PGDATABASE"]) ?? user
        schema = pick(query["schema"], query["currentSchema"]) ?? "public"
        let modeText = pick(query["sslmode"], environment["PGSSLMODE"]) ?? "prefer"
        guard let mode = SSLMode(rawValue: modeText) else {
            throw StoreError(.unsupportedURL("sslmode '\(modeText)' is not one of disable, allow, prefer, require, verify-ca, verify-full"), file: shown)
        }
        sslMode = mode
        let timeoutText = pick(query["connect_timeout"], environment["PGCONNECT_TIMEOUT"]) ?? "10"
        guard let timeout = Int(timeoutText), timeout >= 0 else {
            throw StoreError(.unsupportedURL("connect_timeout '\(timeoutText)' is not a number of seconds"), file: shown)
        }
        connectTimeout = timeout == 0 ? 10 : timeout
        applicationName = pick(query["application_name"], environment["PGAPPNAME"]) ?? "flowsite"
        password = pick(query["password"], urlPassword, environment["PGPASSWORD"])
        if password == nil {
            password = PGPass.lookup(file: environment["PGPASSFILE"] ?? (home as NSString).appendingPathComponent(".pgpass"),
                                     host: isSocket ? "localhost" : host, port: port, database: database, user: user)
        }
    }

    /// The URL as a person may see it: user, host, port, database and schema; never the password.
    public var description: String {
        let where_ = isSocket ? "\(host) (socket)" : (host.contains(":") ? "[\(host)]" : host)
        return "postgresql://\(user)\(password == nil ? "" : ":****")@\(where_):\(port)/\(database)\(schema == "public" ? "" : "?schema=\(schema)")"
    }

    /// The database and server, for page footers and `stats.json` (no user, no password).
    public var shownName: String {
        "\(database) on \(isSocket ? host : host.contains(":") ? "[\(host)]" : host):\(port)\(schema == "public" ? "" : " (schema \(schema))")"
    }

    /// Any text with a URL's password replaced by `****` (for messages about URLs that did not parse).
    public static func redacted(_ text: String) -> String {
        guard let scheme = text.range(of: "://") else { return text }
        let afterScheme = text[scheme.upperBound...]
        let authorityEnd = afterScheme.firstIndex(where: { $0 == "/" || $0 == "?" }) ?? afterScheme.endIndex
        let authority = afterScheme[..<authorityEnd]
        var result = text
        if let at = authority.lastIndex(of: "@"), let colon = authority[..<at].firstIndex(of: ":") {
            result = String(text[..<text.index(after: colon)]) + "****" + String(text[at...])
        }
        return result.replacingOccurrences(of: #"([?&]password=)[^&]*"#, with: "$1****", options: .regularExpression)
    }

    private static func decode(_ text: Substring) -> String {
        String(text).removingPercentEncoding ?? String(text)
    }
}

/// libpq's password file: `host:port:database:username:password` lines, `*` matching anything, `\:` and `\\`
/// escaped; the first matching line wins. Like libpq, a file others can read is ignored.
enum PGPass {
    static func lookup(file: String, host: String, port: Int, database: String, user: String) -> String? {
        var info = stat()
        guard stat(file, &info) == 0, info.st_mode & 0o077 == 0, let text = try? String(contentsOfFile: file, encoding: .utf8) else { return nil }
        for line in text.split(whereSeparator: \.isNewline) where !line.hasPrefix("#") {
            let fields = split(line)
            guard fields.count == 5 else { continue }
            let wanted = [host, String(port), database, user]
            if zip(fields.prefix(4), wanted).allSatisfy({ $0 == "*" || $0 == $1 }) { return fields[4] }
        }
        return nil
    }

    /// Splits on unescaped `:`; `\:` and `\\` stand for themselves.
    static func split(_ line: Substring) -> [String] {
        var fields = [""]
        var escaped = false
        for character in line {
            if escaped { fields[fields.count - 1].append(character); escaped = false }
            else if character == "\\" { escaped = true }
            else if character == ":" { fields.append("") }
            else { fields[fields.count - 1].append(character) }
        }
        return fields
    }
}
