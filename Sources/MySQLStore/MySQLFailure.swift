import Foundation
import WorkflowStore

/// What went wrong talking to MySQL or MariaDB, before it becomes a `StoreError` line: the connector's or the
/// server's error number and message (already masked), and when it happened.
struct MySQLFailure: Error, Sendable, Equatable {
    enum Phase: Sendable, Equatable { case connecting, working }

    /// The server's error number (1045 access denied, 1205 lock wait timeout, …) or the connector's (2002–2061).
    var code: UInt32
    var sqlState: String?
    var message: String
    var phase: Phase

    /// The connector's numbers for a connection that broke or timed out (CR_SERVER_GONE_ERROR, CR_SERVER_LOST, …).
    var isConnectionLost: Bool { [2006, 2013, 2055].contains(code) }
}

/// Turns a `MySQLFailure` into the one line a person reads: the server's or the connector's message and a hint that
/// fits its error number.
enum MySQLErrorHint {
    enum Work { case reading, importing }

    static func storeError(_ failure: MySQLFailure, location: MySQLLocation, work: Work, readTimeout: Double) -> StoreError {
        var message = failure.message.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: "; ")
        if failure.phase == .connecting, !message.hasPrefix("cannot connect") { message = "cannot connect: " + message }
        return StoreError(.server(location.secrets.masked(message + hint(failure, location: location, work: work, readTimeout: readTimeout))),
                          file: location.description)
    }

    static func hint(_ failure: MySQLFailure, location: MySQLLocation, work: Work, readTimeout: Double) -> String {
        switch failure.code {
        case 1045:
            return " (check the user and password: in the URL, the [client] group of ~/.my.cnf, or MYSQL_PWD)"
        case 1044, 1049:
            return failure.code == 1049 ? " (check the database name)" : " (the user needs privileges on this database: GRANT SELECT ON db.* TO …; see README)"
        case 1142, 1143:
            return work == .importing
                ? " (the user needs SELECT on the app's four tables, and INSERT and UPDATE on the workflow table to import; see README)"
                : " (the user needs SELECT on the app's four tables; see README)"
        case 1205:
            return work == .importing
                ? " (another writer holds a lock on a workflow this import updates; nothing was written, raise --busy-timeout or try again)"
                : " (another writer holds a lock; try again)"
        case 1213:
            return " (a deadlock with another writer; nothing was written, run the import again)"
        case 1020:
            return " (nothing was written, run the import again)"
        case 1792, 1290:
            return " (this server or transaction only reads: a replica? import into the primary)"
        case 1969, 3024:
            return " (raise --statement-timeout, or run when the server is less busy)"
        case 2002 where location.socket == nil && (location.host ?? "localhost") == "localhost":
            return " (host localhost means the server's unix socket, as for the mysql client: give ?unix_socket=PATH, or 127.0.0.1 for TCP)"
        case 2002, 2003:
            return " (is the server running, and are the host, port or socket right?)"
        case 2005:
            return " (check the host name)"
        case 2026 where failure.message.contains("offers no TLS"):
            return ""
        case 2026:
            return location.sslMode == .verifyCA || location.sslMode == .verifyIdentity
                ? " (ssl-mode \(location.sslMode!.rawValue) checks the server's certificate against ssl_ca and its name against the host)"
                : " (a TLS problem: check ssl-mode, ssl_ca, ssl_cert and ssl_key)"
        case 2006, 2013, 2055:
            let lowered = failure.message.lowercased()
            if lowered.contains("sent nothing for") || lowered.contains("timeout") || lowered.contains("timed out") || lowered.contains("system error: 110") || lowered.contains("errno: 110") {
                return failure.phase == .connecting
                    ? " (no answer within connect_timeout \(seconds(location.connectTimeout ?? MySQLSession.connectTimeout)); check the host and port, or raise connect_timeout in the URL)"
                    : "; stopped after --read-timeout \(seconds(readTimeout)) (0 waits for ever), a stalled network or server"
            }
            return failure.phase == .connecting ? " (the server closed the connection: check the host, port and TLS settings)" : " (the server closed the connection in the middle of the work)"
        default:
            return ""
        }
    }

    static func seconds(_ value: Double) -> String {
        value == value.rounded() ? "\(Int(value)) s" : "\(value) s"
    }
}
