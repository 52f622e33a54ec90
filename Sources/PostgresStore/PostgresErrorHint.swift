import Foundation
import WorkflowStore

/// Turns a `PostgresFailure` into the one line a person reads: what the server or libpq said, and a hint that fits
/// that error. After connecting, hints are keyed on the SQLSTATE. While connecting libpq reports no SQLSTATE
/// (only its message, `connection to server at … failed: FATAL:  …`), so the server's message is matched to the
/// code it stands for (28P01 password, 28000 no pg_hba entry, 42501 no CONNECT, 3D000 no database).
enum PostgresErrorHint {
    enum Work { case reading, importing }

    static func storeError(_ failure: PostgresFailure, location: PostgresLocation, work: Work, unsafePasswordFile: String? = nil,
                           retried: Bool = false) -> StoreError {
        let hint: String
        switch failure.kind {
        case .readTimeout(let seconds):
            hint = "; stopped after --read-timeout \(PostgresSession.seconds(seconds)) (0 waits for ever), a stalled network or server"
        case .connectionLost:
            hint = failure.message.isEmpty ? "the server closed the connection in the middle of the work" : ""
        case .reported:
            hint = failure.phase == .connecting
                ? connectingHint(failure.message, location: location, unsafePasswordFile: unsafePasswordFile)
                : workingHint(failure, work: work, retried: retried)
        }
        var message = failure.message
        if failure.phase == .connecting, !message.hasPrefix("cannot connect") { message = "cannot connect: " + message }
        if case .connectionLost = failure.kind {
            message = message.isEmpty ? hint : "the server closed the connection in the middle of the work (\(message))"
            return StoreError(.server(message), file: location.description)
        }
        return StoreError(.server(message + hint), file: location.description)
    }

    /// While connecting: the server's message, matched.
    static func connectingHint(_ message: String, location: PostgresLocation, unsafePasswordFile: String?) -> String {
        if message.contains("no password supplied") || message.contains("password authentication failed") {
            if let unsafePasswordFile {
                return " (the password file \(unsafePasswordFile) is ignored because others may read it, as psql warns: chmod 0600 it)"
            }
            return message.contains("no password supplied")
                ? " (give the password in PGPASSWORD, a ~/.pgpass line (or PGPASSFILE), a service file, or the URL)"
                : " (check the user and password, PGPASSWORD or ~/.pgpass)"
        }
        if message.contains("no pg_hba.conf entry") || message.contains("pg_hba.conf rejects connection") {
            if message.contains("no encryption") || message.contains("SSL off") {
                return " (the server takes this role only over TLS: drop sslmode=disable, or use sslmode=require or verify-full)"
            }
            return " (the server's pg_hba.conf admits no such connection: ask its administrator, or check the host, user and database)"
        }
        if message.contains("permission denied for database") || message.contains("CONNECT privilege") {
            return " (the role needs CONNECT on the database: GRANT CONNECT ON DATABASE … TO …; SELECT alone is not enough to log in)"
        }
        if message.contains("does not exist") && message.contains("database") { return " (check the database name)" }
        if message.contains("certificate verify failed") || message.contains("does not match host name") || message.contains("root certificate file") {
            return " (sslmode=\(sslMode(location) ?? "verify-…") checks the server's certificate against sslrootcert, PGSSLROOTCERT or ~/.postgresql/root.crt, and its name against the host)"
        }
        if message.contains("server does not support SSL") {
            return " (the server offers no TLS, which this sslmode requires)"
        }
        if message.contains("timeout expired") { return " (no answer within connect_timeout; check the host and port, or raise connect_timeout)" }
        if message.contains("definition of service") || message.contains("service file") { return " (check PGSERVICEFILE, ~/.pg_service.conf or PGSYSCONFDIR's pg_service.conf)" }
        return ""
    }

    /// After connecting: keyed on the SQLSTATE.
    static func workingHint(_ failure: PostgresFailure, work: Work, retried: Bool) -> String {
        if failure.isRecoveryConflict {
            return retried
                ? " (a standby's recovery conflict cancelled the read twice: raise max_standby_streaming_delay or turn on hot_standby_feedback there, or read from the primary)"
                : " (a standby's recovery conflict cancelled the read)"
        }
        switch failure.sqlState ?? "" {
        case "28P01", "28000": return " (check the user and password, PGPASSWORD or ~/.pgpass)"
        case "3D000": return " (check the database name)"
        case "42501":
            return work == .importing
                ? " (the role needs SELECT on the app's four tables, and INSERT and UPDATE on the workflow table to import; see README)"
                : " (the role needs SELECT on the app's four tables; see README)"
        case "25006": return " (this server only reads: a standby? import into the primary)"
        case "40001":
            return work == .importing
                ? " (another writer changed a workflow this import updates; nothing was written, run the import again)"
                : " (the server cancelled the snapshot; run again)"
        case "55P03": return " (another writer holds a lock on a workflow this import updates; nothing was written, raise --busy-timeout or try again)"
        case "40P01": return work == .importing ? " (a deadlock with another writer; nothing was written, run the import again)" : " (a deadlock; run again)"
        case "57014": return " (raise --statement-timeout, or run when the server is less busy)"
        case "57P01", "57P02", "57P03": return " (the server ended the connection)"
        case "0A000" where failure.message.contains("prepared"): return " (a connection pooler in transaction mode? flowsite uses no named prepared statements)"
        default: return ""
        }
    }

    static func sslMode(_ location: PostgresLocation) -> String? {
        PostgresConninfo.value("sslmode", in: location.connectionString) ?? ProcessInfo.processInfo.environment["PGSSLMODE"]
    }
}
