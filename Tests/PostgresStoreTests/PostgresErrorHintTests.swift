import Testing
@testable import PostgresStore
import WorkflowStore

/// Each failure gets the hint that fits it: by SQLSTATE once connected, by libpq's message while connecting.
@Suite struct PostgresErrorHintTests {
    static let location = try! PostgresLocation(parsing: "postgresql://reporter:s3cret@db.internal/app")

    func line(_ failure: PostgresFailure, work: PostgresErrorHint.Work = .reading, unsafePasswordFile: String? = nil, retried: Bool = false) -> String {
        PostgresErrorHint.storeError(failure, location: Self.location, work: work, unsafePasswordFile: unsafePasswordFile, retried: retried)
            .errorDescription ?? ""
    }

    @Test func aRecoveryConflictOnAStandbyIsNotAboutAnImport() {
        let conflict = PostgresFailure(sqlState: "40001", message: "canceling statement due to conflict with recovery", phase: .working)
        #expect(conflict.isRecoveryConflict)
        #expect(line(conflict) == "postgresql://reporter:****@db.internal/app: canceling statement due to conflict with recovery (a standby's recovery conflict cancelled the read)")
        #expect(line(conflict, retried: true).contains("cancelled the read twice: raise max_standby_streaming_delay or turn on hot_standby_feedback"))
        #expect(!line(conflict).contains("import"))
        let serialization = PostgresFailure(sqlState: "40001", message: "could not serialize access due to concurrent update", phase: .working)
        #expect(!serialization.isRecoveryConflict)
        #expect(line(serialization, work: .importing).contains("nothing was written, run the import again"))
    }

    @Test func connectingFailuresAreMatchedByWhatTheServerSaid() {
        func connecting(_ message: String) -> PostgresFailure { PostgresFailure(message: message, phase: .connecting) }
        #expect(line(connecting("connection to server at \"10.0.0.5\", port 5432 failed: FATAL: permission denied for database \"app\"; DETAIL: User does not have CONNECT privilege."))
            .hasSuffix("(the role needs CONNECT on the database: GRANT CONNECT ON DATABASE … TO …; SELECT alone is not enough to log in)"))
        #expect(line(connecting("connection to server at \"10.0.0.5\", port 5432 failed: FATAL: pg_hba.conf rejects connection for host \"10.0.0.9\", user \"reporter\", database \"app\", no encryption"))
            .contains("takes this role only over TLS: drop sslmode=disable"))
        #expect(!line(connecting("connection to server failed: FATAL: pg_hba.conf rejects connection for host \"10.0.0.9\", user \"reporter\", database \"app\", no encryption")).contains("password"))
        #expect(line(connecting("connection to server at \"db\" failed: fe_sendauth: no password supplied"), unsafePasswordFile: "/home/r/.pgpass")
            .contains("the password file /home/r/.pgpass is ignored because others may read it, as psql warns: chmod 0600 it"))
        #expect(line(connecting("connection to server at \"db\" failed: fe_sendauth: no password supplied")).contains("PGPASSWORD, a ~/.pgpass line"))
        #expect(line(connecting("connection to server at \"db\" failed: Connection refused")).hasPrefix("postgresql://reporter:****@db.internal/app: cannot connect: connection to server"))
    }

    @Test func afterConnectingTheSQLStateDecides() {
        let denied = PostgresFailure(sqlState: "42501", message: "permission denied for table workflowrun", phase: .working)
        #expect(line(denied).hasSuffix("(the role needs SELECT on the app's four tables; see README)"))
        #expect(line(denied, work: .importing).contains("INSERT and UPDATE on the workflow table"))
        let stalled = PostgresFailure(kind: .readTimeout(2), message: "the server sent nothing for 2 s", phase: .working)
        #expect(line(stalled) == "postgresql://reporter:****@db.internal/app: the server sent nothing for 2 s; stopped after --read-timeout 2 s (0 waits for ever), a stalled network or server")
    }
}
