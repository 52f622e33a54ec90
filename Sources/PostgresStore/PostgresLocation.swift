import CLibPQ
import Foundation
import WorkflowStore

/// Where a PostgreSQL database is, in any form libpq takes — a `postgresql://` or `postgres://` URI with all its
/// parameters (multi-host, `options`, `sslrootcert`, `service`, `target_session_attrs`, …), a keyword/value string
/// (`host=db dbname=app`), `service=NAME` — plus the spellings users paste from their app's config: SQLAlchemy's
/// `postgresql+psycopg2://…` and Prisma's `?schema=NAME` (with its pool parameters, which libpq would refuse).
/// Only those spellings are translated; the rest is handed to libpq as it is, so its environment variables,
/// `.pgpass` and `pg_service.conf` apply exactly as for psql. `description` never holds a password.
public struct PostgresLocation: Sendable, Equatable, CustomStringConvertible {
    /// What libpq is given as `dbname` (expanded): a URI or a keyword/value string.
    public let connectionString: String
    /// Prisma's `?schema=`; nil: the session's `current_schema()`, which follows `search_path` however it is set
    /// (`options=-csearch_path=…`, `PGOPTIONS`, the role's or the database's setting).
    public let schema: String?
    /// Prisma's `socket_timeout` (seconds), which libpq does not know; it overrides `--read-timeout`.
    public let socketTimeout: Double?
    /// The text as a person may see it, passwords masked.
    public let description: String
    /// Everything that must never be printed (passwords and their pieces), for masking libpq's messages.
    let secrets: SecretMask

    static let schemes = ["postgresql://", "postgres://"]
    /// `postgresql+<driver>://`: SQLAlchemy's dialect+driver spelling.
    static let driverPrefix = "postgresql+"
    /// Prisma's own URL parameters: not libpq's, so they are taken out before libpq parses the URI.
    static let prismaParameters: Set<String> = ["schema", "connection_limit", "pool_timeout", "pgbouncer", "statement_cache_size", "socket_timeout", "connect_timeout_ms"]

    /// libpq's own keywords (`host`, `dbname`, `sslrootcert`, …), from the library itself.
    static let keywords: Set<String> = {
        var names: Set<String> = []
        guard let defaults = PQconndefaults() else { return ["host", "hostaddr", "port", "dbname", "user", "password", "service", "sslmode"] }
        defer { PQconninfoFree(defaults) }
        var option = defaults
        while let keyword = option.pointee.keyword {
            names.insert(String(cString: keyword))
            option += 1
        }
        return names
    }()

    /// Whether `text` is for PostgreSQL: a URI in any of the spellings above, or a keyword/value string holding one
    /// of libpq's keywords (`host=…`, `service=…`, `dbname=…`).
    public static func isPostgres(_ text: String) -> Bool {
        let lowered = text.lowercased()
        if schemes.contains(where: { lowered.hasPrefix($0) }) { return true }
        if lowered.hasPrefix(driverPrefix), let scheme = lowered.range(of: "://"), !lowered[..<scheme.lowerBound].contains("/") { return true }
        // A keyword/value string: starts with `word=`, and one of its keywords is libpq's (so a misspelt first
        // keyword is still libpq's to report, and the password after it is masked, not printed as a file name).
        guard firstKeyword(text) != nil else { return false }
        return text.split(whereSeparator: \.isWhitespace).contains { token in
            firstKeyword(String(token)).map { keywords.contains($0) } ?? false
        }
    }

    /// The old name, kept for callers: any form `isPostgres` takes.
    public static func isURL(_ text: String) -> Bool { isPostgres(text) }

    /// The keyword before the first `=` of a keyword/value string, if the text starts like one.
    static func firstKeyword(_ text: String) -> String? {
        let trimmed = text.drop { $0.isWhitespace }
        guard let equals = trimmed.firstIndex(of: "=") else { return nil }
        let keyword = trimmed[..<equals].trimmingCharacters(in: .whitespaces)
        guard !keyword.isEmpty, keyword.allSatisfy({ $0.isLetter || $0 == "_" }) else { return nil }
        return keyword.lowercased()
    }

    public init(parsing text: String) throws(StoreError) {
        secrets = SecretMask(connectionText: text)
        description = secrets.masked(text)
        let lowered = text.lowercased()
        if Self.schemes.contains(where: { lowered.hasPrefix($0) }) || lowered.hasPrefix(Self.driverPrefix) {
            (connectionString, schema, socketTimeout) = try Self.translateURI(text, shown: description)
        } else {
            connectionString = text
            schema = nil
            socketTimeout = nil
        }
        try Self.checkWithLibpq(connectionString, secrets: secrets, shown: description)
    }

    /// SQLAlchemy's `postgresql+driver://` becomes `postgresql://`; Prisma's parameters are taken out (`schema`
    /// and `socket_timeout` kept for flowsite). A password holding an unencoded `/`, `?` or `@` is refused before
    /// libpq sees it: libpq would split the URI there and print the pieces in its message.
    static func translateURI(_ text: String, shown: String) throws(StoreError) -> (String, String?, Double?) {
        guard let schemeEnd = text.range(of: "://") else {
            throw StoreError(.unsupportedURL("not a PostgreSQL URL"), file: shown)
        }
        let rest = text[schemeEnd.upperBound...]
        if let problem = SecretMask.unencodedPasswordProblem(rest) {
            throw StoreError(.unsupportedURL(problem), file: shown)
        }
        var uri = "postgresql://" + rest
        var schema: String?
        var socketTimeout: Double?
        if let mark = uri.firstIndex(of: "?") {
            var kept: [Substring] = []
            for pair in uri[uri.index(after: mark)...].split(separator: "&") {
                let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                let key = String(parts[0]).removingPercentEncoding ?? String(parts[0])
                let value = parts.count > 1 ? (String(parts[1]).removingPercentEncoding ?? String(parts[1])) : ""
                // JDBC's currentSchema is Prisma's schema under another name.
                if key == "schema" || key == "currentSchema" {
                    schema = value.isEmpty ? nil : value
                } else if key == "socket_timeout" {
                    guard let seconds = Double(value), seconds.isFinite, seconds >= 0 else {
                        throw StoreError(.unsupportedURL("socket_timeout '\(value)' is not a number of seconds"), file: shown)
                    }
                    socketTimeout = seconds
                } else if !prismaParameters.contains(key) {
                    kept.append(pair)
                }
            }
            uri = String(uri[..<mark]) + (kept.isEmpty ? "" : "?" + kept.joined(separator: "&"))
        }
        return (uri, schema, socketTimeout)
    }

    /// Lets libpq parse the string now, so a mistake is one line before any connection is tried (libpq's own
    /// message, masked: it may quote the text).
    static func checkWithLibpq(_ connectionString: String, secrets: SecretMask, shown: String) throws(StoreError) {
        var error: UnsafeMutablePointer<CChar>?
        guard let options = PQconninfoParse(connectionString, &error) else {
            let message = error.map { String(cString: $0) } ?? "cannot parse the connection string"
            if let error { PQfreemem(error) }
            throw StoreError(.unsupportedURL(secrets.masked(PostgresFailure.oneLine(message))), file: shown)
        }
        PQconninfoFree(options)
    }

    /// Any text with the passwords of a URI or keyword/value string replaced by `****` (for messages about text
    /// that did not parse).
    public static func redacted(_ text: String) -> String {
        SecretMask(connectionText: text).masked(text)
    }
}
