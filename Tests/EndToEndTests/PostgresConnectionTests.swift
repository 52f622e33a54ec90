import Foundation
import Testing
import WorkflowModel
import PostgresStore
import SQLiteStore
import WorkflowStore

/// The shapes production installs connect in, on the real server of `PostgresServer`: every form libpq takes,
/// search_path through `options` and `PGOPTIONS`, TLS with a private CA, service files, least-privilege roles, row
/// level security, a stalled network. Each run names itself `flowsite-conn` (PGAPPNAME), so the other suite's
/// `pg_terminate_backend` of `flowsite` connections never reaches these. The password is checked absent from every
/// output.
@Suite(.serialized) struct PostgresConnectionTests {
    static func server() throws -> PostgresServer { try PostgresServer.shared.get() }

    static func password(_ server: PostgresServer) -> String {
        String(server.url.split(separator: ":")[2].split(separator: "@")[0])
    }

    func flowsite(_ arguments: [String], _ environment: [String: String] = [:]) throws -> Flowsite.Outcome {
        try Flowsite.run(arguments, environment: ["PGAPPNAME": "flowsite-conn"].merging(environment) { $1 })
    }

    /// stats.json without its source line, to compare reads of the same data.
    static func stats(_ folder: URL) throws -> String {
        try String(contentsOf: folder.appending(path: "stats.json"), encoding: .utf8)
            .split(separator: "\n").filter { !$0.contains("\"source\"") }.joined(separator: "\n")
    }

    func render(_ db: String, into folder: URL, _ extra: [String] = [], _ environment: [String: String] = [:]) throws -> Flowsite.Outcome {
        try flowsite(["render", "--db", db, "--out", folder.path, "--as-of", "2026-11-25T00:00:00Z", "--format", "md"] + extra, environment)
    }

    func expectNoPassword(_ outcome: Flowsite.Outcome, _ secrets: [String], _ context: String) {
        for secret in secrets {
            #expect(!outcome.stdout.contains(secret) && !outcome.stderr.contains(secret), "\(context) printed a password: \(outcome.stderr)")
        }
    }

    /// Two schemas with the same table names and different data: the schema `options=-csearch_path=app` or
    /// `PGOPTIONS` names is the one rendered, exactly as SQLite renders the same data.
    @Test func searchPathFromOptionsOrPGOPTIONS() throws {
        let server = try Self.server()
        let folder = try Flowsite.folder()
        let inApp = folder.appending(path: "app.db"), inPublic = folder.appending(path: "public.db")
        try DemoDatabase(layout: .sqlmodel, size: .small, seed: 1, now: Flowsite.asOf).write(to: inApp.path)
        try DemoDatabase(layout: .sqlmodel, size: .small, seed: 7, now: Flowsite.asOf).write(to: inPublic.path)
        _ = try server.demoDatabase("two_schemas", layout: "sqlmodel", from: inApp, schema: "app")
        let url = server.url(database: "two_schemas")
        let loader = Flowsite.packageRoot.appending(path: "Tests/EndToEndTests/Cases/postgres/load_into_postgres.py").path
        let loaded = try Flowsite.run([PostgresServer.python, loader, "sqlmodel", inPublic.path, url, "public"], direct: true)
        #expect(loaded.status == 0, "\(loaded.stderr)")
        for (name, db) in [("app", inApp.path), ("public", inPublic.path)] {
            #expect(try render(db, into: folder.appending(path: "sqlite-\(name)")).status == 0)
        }
        let viaOptions = try render(url + "?options=-csearch_path%3Dapp", into: folder.appending(path: "options"))
        #expect(viaOptions.status == 0, "\(viaOptions.stderr)")
        #expect(try Self.stats(folder.appending(path: "options")) == Self.stats(folder.appending(path: "sqlite-app")))
        let viaEnvironment = try render(url, into: folder.appending(path: "pgoptions"), [], ["PGOPTIONS": "-c search_path=app"])
        #expect(viaEnvironment.status == 0, "\(viaEnvironment.stderr)")
        #expect(try Self.stats(folder.appending(path: "pgoptions")) == Self.stats(folder.appending(path: "sqlite-app")))
        let plain = try render(url, into: folder.appending(path: "plain"))
        #expect(plain.status == 0, "\(plain.stderr)")
        #expect(try Self.stats(folder.appending(path: "plain")) == Self.stats(folder.appending(path: "sqlite-public")))
        #expect(try Self.stats(folder.appending(path: "plain")) != Self.stats(folder.appending(path: "sqlite-app")))
    }

    /// Keyword/value strings, service files (by `service=`, in a URI, by `PGSERVICE`), multi-host URIs with
    /// `target_session_attrs`, Prisma's pool parameters, a socket folder: each reads the database.
    @Test func everyFormLibpqTakes() throws {
        let server = try Self.server()
        let folder = try Flowsite.folder()
        let url = try server.demoDatabase("forms21", layout: "sqlmodel", from: try Flowsite.demo(in: folder))
        let password = Self.password(server), port = server.port
        let services = folder.appending(path: "pg_service.conf")
        try Data("[flowsite_test]\nhost=127.0.0.1\nport=\(port)\ndbname=forms21\nuser=postgres\npassword=\(password)\n".utf8).write(to: services)
        let serviceEnvironment = ["PGSERVICEFILE": services.path]
        let forms: [(String, [String: String])] = [
            ("host=127.0.0.1 port=\(port) dbname=forms21 user=postgres password=\(password)", [:]),
            ("  host = 127.0.0.1 port=\(port) dbname='forms21' user=postgres password='\(password)' connect_timeout=5", [:]),
            ("host=\(server.directory) port=\(port) dbname=forms21 user=postgres", [:]),
            ("service=flowsite_test", serviceEnvironment),
            ("postgresql:///forms21?service=flowsite_test&application_name=flowsite-conn", serviceEnvironment),
            ("postgresql://", serviceEnvironment.merging(["PGSERVICE": "flowsite_test"]) { $1 }),
            ("postgresql://postgres:\(password)@127.0.0.1:1,127.0.0.1:\(port)/forms21?target_session_attrs=read-write&connect_timeout=5", [:]),
            (url + "?schema=public&connection_limit=5&pool_timeout=10&pgbouncer=true", [:]),
            (url.replacingOccurrences(of: "postgresql://", with: "postgresql+psycopg2://") + "?sslmode=prefer&application_name=x", [:]),
        ]
        for (form, environment) in forms {
            let result = try flowsite(["inspect", "--db", form], environment)
            #expect(result.status == 0 && result.stdout.contains("sqlmodel layout"), "\(form): \(result.stderr)")
            #expect(result.stdout.hasPrefix("forms21 on "), "\(result.stdout.prefix(80))")
            expectNoPassword(result, [password], form)
        }
        // FLOWSITE_DB takes the same forms.
        let fromEnvironment = try flowsite(["inspect"], serviceEnvironment.merging(["FLOWSITE_DB": "service=flowsite_test"]) { $1 })
        #expect(fromEnvironment.status == 0, "\(fromEnvironment.stderr)")
    }

    /// Wrong passwords, unparsable strings, unencoded characters, an unsafe password file: one line, exit 2, and
    /// no password or piece of one in it.
    @Test func noErrorPathPrintsThePassword() throws {
        let server = try Self.server()
        let folder = try Flowsite.folder()
        _ = try server.demoDatabase("secrets21", layout: "sqlmodel", from: try Flowsite.demo(in: folder))
        let port = server.port, password = Self.password(server)
        let services = folder.appending(path: "pg_service.conf")
        try Data("[wrong]\nhost=127.0.0.1\nport=\(port)\ndbname=secrets21\nuser=postgres\npassword=Svc-Wr0ng-Pass\n".utf8).write(to: services)
        let cases: [(db: String, environment: [String: String], expected: String, secrets: [String])] = [
            ("host=127.0.0.1 port=\(port) dbname=secrets21 user=postgres password=Kw-Wr0ng-Pass", [:], "password authentication failed", ["Kw-Wr0ng-Pass"]),
            ("host=127.0.0.1 port=\(port) password=open Sesame-Wr0ng dbname=secrets21", [:], "missing \"=\"", ["Sesame-Wr0ng", "open"]),
            ("host=127.0.0.1 port=\(port) password='Quote-Wr0ng secret", [:], "unterminated quoted string", ["Quote-Wr0ng"]),
            ("postgresql://postgres:Sl/ash-Wr0ng@127.0.0.1:\(port)/secrets21", [:], "must be percent-encoded", ["ash-Wr0ng", "Sl/ash"]),
            ("postgresql://postgres:Qu?est-Wr0ng@127.0.0.1:\(port)/secrets21", [:], "must be percent-encoded", ["est-Wr0ng"]),
            ("postgresql://postgres:Url-Wr0ng-Pass@127.0.0.1:\(port)/secrets21?sslmode=sometimes", [:], "sslmode", ["Url-Wr0ng-Pass"]),
            ("postgresql://postgres:Url-Wr0ng-Pass@127.0.0.1:1/secrets21", [:], "cannot connect", ["Url-Wr0ng-Pass"]),
            ("service=wrong", ["PGSERVICEFILE": services.path], "password authentication failed", ["Svc-Wr0ng-Pass"]),
            ("service=absent", ["PGSERVICEFILE": services.path], "absent", []),
            ("postgresql://postgres@127.0.0.1:\(port)/secrets21", ["PGPASSWORD": "Env-Wr0ng-Pass"], "password authentication failed", ["Env-Wr0ng-Pass"]),
        ]
        for (db, environment, expected, secrets) in cases {
            let result = try flowsite(["inspect", "--db", db], environment)
            #expect(result.status == 2, "\(db): \(result.status) \(result.stderr)")
            #expect(result.stderr.contains(expected), "\(db): \(result.stderr)")
            #expect(result.stderr.split(separator: "\n").count == 1, "one line: \(result.stderr)")
            expectNoPassword(result, secrets + [password], db)
        }
        // A password file others may read is ignored, as psql does; the line says so instead of libpq's warning.
        let pgpass = folder.appending(path: "pgpass")
        try Data("127.0.0.1:\(port):*:postgres:\(password)\n".utf8).write(to: pgpass)
        chmod(pgpass.path, 0o644)
        let unsafe = try flowsite(["inspect", "--db", "postgresql://postgres@127.0.0.1:\(port)/secrets21"], ["PGPASSFILE": pgpass.path])
        #expect(unsafe.status == 2 && unsafe.stderr.contains("\(pgpass.path) is ignored because others may read it"), "\(unsafe.stderr)")
        #expect(unsafe.stderr.split(separator: "\n").count == 1, "\(unsafe.stderr)")
        expectNoPassword(unsafe, [password], "pgpass")
        chmod(pgpass.path, 0o600)
        let safe = try flowsite(["inspect", "--db", "postgresql://postgres@127.0.0.1:\(port)/secrets21"], ["PGPASSFILE": pgpass.path])
        #expect(safe.status == 0, "\(safe.stderr)")
    }

    /// TLS with a private CA, as psql takes it: `sslrootcert=` (keyword or URI), `PGSSLROOTCERT`, `~/.postgresql/root.crt`;
    /// verify-full refuses a wrong host name and a wrong CA in one line; a role the server takes only over TLS is told
    /// so when it asks for `sslmode=disable`.
    @Test func tlsWithAPrivateCA() throws {
        let server = try Self.server()
        let folder = try Flowsite.folder()
        _ = try server.demoDatabase("tls21", layout: "sqlmodel", from: try Flowsite.demo(in: folder))
        let serverFiles = server.directory + "/tls"
        let made = Flowsite.shell("""
            set -e; mkdir -p '\(serverFiles)'; cd '\(folder.path)'
            openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.crt -days 2 -subj '/CN=flowsite test CA'
            openssl req -x509 -newkey rsa:2048 -nodes -keyout other.key -out other-ca.crt -days 2 -subj '/CN=another CA'
            openssl req -newkey rsa:2048 -nodes -keyout '\(serverFiles)/server.key' -out server.csr -subj '/CN=localhost'
            printf 'subjectAltName=DNS:localhost\\n' > san.ext
            openssl x509 -req -in server.csr -CA ca.crt -CAkey ca.key -CAcreateserial -out '\(serverFiles)/server.crt' -days 2 -extfile san.ext
            chmod 600 '\(serverFiles)/server.key'
            if [ "$(id -u)" -eq 0 ]; then chown -R postgres '\(serverFiles)'; fi
            mkdir -p home/.postgresql && cp ca.crt home/.postgresql/root.crt
            """)
        #expect(made == 0)
        for sql in ["ALTER SYSTEM SET ssl_cert_file = '\(serverFiles)/server.crt'", "ALTER SYSTEM SET ssl_key_file = '\(serverFiles)/server.key'",
                    "ALTER SYSTEM SET ssl = on", "SELECT pg_reload_conf()"] {
            let done = try server.psql(sql)
            #expect(done.status == 0, "\(sql): \(done.stderr)")
        }
        // The reload is asynchronous: wait until a TLS connection works.
        for _ in 0..<50 where try server.psql("SELECT 1", database: "tls21").status == 0 {
            if Flowsite.shell("psql -X -q '\(server.url(database: "tls21"))?sslmode=require' -c 'SELECT 1'") == 0 { break }
            Thread.sleep(forTimeInterval: 0.1)
        }
        let password = Self.password(server), port = server.port
        let ca = folder.appending(path: "ca.crt").path, otherCA = folder.appending(path: "other-ca.crt").path
        let keywords = "hostaddr=127.0.0.1 port=\(port) dbname=tls21 user=postgres password=\(password)"
        let accepted: [(String, [String: String])] = [
            ("host=localhost \(keywords) sslmode=verify-full sslrootcert=\(ca)", [:]),
            ("postgresql://postgres:\(password)@localhost:\(port)/tls21?hostaddr=127.0.0.1&sslmode=verify-full&sslrootcert=\(ca)", [:]),
            ("host=localhost \(keywords) sslmode=verify-full", ["PGSSLROOTCERT": ca]),
            ("host=localhost \(keywords)", ["PGSSLMODE": "verify-full", "HOME": folder.appending(path: "home").path]),
            ("host=wronghost \(keywords) sslmode=verify-ca sslrootcert=\(ca)", [:]),
        ]
        for (db, environment) in accepted {
            let result = try flowsite(["inspect", "--db", db], environment)
            #expect(result.status == 0, "\(db): \(result.stderr)")
            expectNoPassword(result, [password], db)
        }
        let refused: [(String, String)] = [
            ("host=wronghost \(keywords) sslmode=verify-full sslrootcert=\(ca)", "does not match host name \"wronghost\""),
            ("host=localhost \(keywords) sslmode=verify-full sslrootcert=\(otherCA)", "certificate verify failed"),
        ]
        for (db, expected) in refused {
            let result = try flowsite(["inspect", "--db", db])
            #expect(result.status == 2 && result.stderr.contains(expected), "\(db): \(result.stderr)")
            #expect(result.stderr.contains("checks the server's certificate"), "\(result.stderr)")
            #expect(result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
            expectNoPassword(result, [password], db)
        }

        // A role the server admits only over TLS.
        #expect(try server.psql("CREATE ROLE tlsonly LOGIN PASSWORD 't1s0nly'; GRANT SELECT ON \"user\", workflow, integration, workflowrun TO tlsonly", database: "tls21").status == 0)
        let hba = server.directory + "/data/pg_hba.conf"
        let rules = try String(contentsOfFile: hba, encoding: .utf8)
        try Data(("hostnossl all tlsonly 127.0.0.1/32 reject\n" + rules).utf8).write(to: URL(fileURLWithPath: hba))
        #expect(try server.psql("SELECT pg_reload_conf()").status == 0)
        Thread.sleep(forTimeInterval: 0.5)
        let plain = try flowsite(["inspect", "--db", "postgresql://tlsonly:t1s0nly@127.0.0.1:\(port)/tls21?sslmode=disable"])
        #expect(plain.status == 2 && plain.stderr.contains("takes this role only over TLS"), "\(plain.stderr)")
        expectNoPassword(plain, ["t1s0nly"], "tls-only")
        let encrypted = try flowsite(["inspect", "--db", "postgresql://tlsonly:t1s0nly@127.0.0.1:\(port)/tls21?sslmode=require"])
        #expect(encrypted.status == 0, "\(encrypted.stderr)")
    }

    /// A column-restricted role renders (no e-mail is selected unless shown); a role without a page's table renders
    /// the rest with a warning; row level security is warned about; no CONNECT is named as such.
    @Test func leastPrivilegeRolesRenderWhatTheyMay() throws {
        let server = try Self.server()
        let folder = try Flowsite.folder()
        let url = try server.demoDatabase("least21", layout: "sqlmodel", from: try Flowsite.demo(in: folder))
        let granted = try server.psql("""
            CREATE ROLE colrole LOGIN PASSWORD 'c0lr0le'; CREATE ROLE noint LOGIN PASSWORD 'n0int'; CREATE ROLE rlsrole LOGIN PASSWORD 'rl5r0le';
            CREATE ROLE noconnect LOGIN PASSWORD 'n0c0nnect';
            GRANT SELECT (id, username, created_at) ON "user" TO colrole;
            GRANT SELECT ON workflow, integration, workflowrun TO colrole;
            GRANT SELECT ON "user", workflow, workflowrun TO noint;
            GRANT SELECT ON "user", workflow, integration, workflowrun TO rlsrole, noconnect;
            ALTER TABLE workflow ENABLE ROW LEVEL SECURITY;
            CREATE POLICY own ON workflow FOR SELECT TO rlsrole USING (owner_id = 1);
            CREATE POLICY everyone ON workflow FOR SELECT TO colrole, noint, noconnect USING (true);
            REVOKE CONNECT ON DATABASE least21 FROM PUBLIC; GRANT CONNECT ON DATABASE least21 TO colrole, noint, rlsrole;
            """, database: "least21")
        #expect(granted.status == 0, "\(granted.stderr)")
        func role(_ name: String, _ password: String) -> String {
            "postgresql://\(name):\(password)@127.0.0.1:\(server.port)/least21"
        }
        #expect(try render(url, into: folder.appending(path: "full")).status == 0)

        let columns = try render(role("colrole", "c0lr0le"), into: folder.appending(path: "colrole"))
        #expect(columns.status == 0 && !columns.stderr.contains("may not read"), "\(columns.stderr)")
        #expect(try Self.stats(folder.appending(path: "colrole")) == Self.stats(folder.appending(path: "full")))
        let withEmails = try render(role("colrole", "c0lr0le"), into: folder.appending(path: "colrole-emails"), ["--show-emails"])
        #expect(withEmails.status == 0 && withEmails.stderr.contains("role colrole may not read user.email: read as empty"), "\(withEmails.stderr)")

        let noIntegrations = try render(role("noint", "n0int"), into: folder.appending(path: "noint"))
        #expect(noIntegrations.status == 0 && noIntegrations.stderr.contains("role noint may not read table integration"), "\(noIntegrations.stderr)")

        let rowSecurity = try render(role("rlsrole", "rl5r0le"), into: folder.appending(path: "rls"))
        #expect(rowSecurity.status == 0, "\(rowSecurity.stderr)")
        #expect(rowSecurity.stderr.contains("row level security is on for workflow: the site shows only the rows role rlsrole may see"), "\(rowSecurity.stderr)")

        let noConnect = try render(role("noconnect", "n0c0nnect"), into: folder.appending(path: "noconnect"))
        #expect(noConnect.status == 2 && noConnect.stderr.contains("needs CONNECT on the database"), "\(noConnect.stderr)")
        for outcome in [columns, withEmails, noIntegrations, rowSecurity, noConnect] {
            expectNoPassword(outcome, ["c0lr0le", "n0int", "rl5r0le", "n0c0nnect"], "a restricted role")
        }
    }

    /// Through a pgbouncer in transaction mode (where named prepared statements break): the same statistics as a
    /// direct connection, for render and import --dry-run.
    @Test func throughPgbouncerInTransactionMode() throws {
        let server = try Self.server()
        let folder = try Flowsite.folder()
        let url = try server.demoDatabase("bouncer21", layout: "sqlmodel", from: try Flowsite.demo(in: folder))
        let password = Self.password(server)
        let bouncer = try Pgbouncer(server: server, password: password)
        defer { bouncer.stop() }
        let pooled = "postgresql://postgres:\(password)@127.0.0.1:\(bouncer.port)/bouncer21?sslmode=disable"
        #expect(try render(url, into: folder.appending(path: "direct")).status == 0)
        let viaPool = try render(pooled, into: folder.appending(path: "pooled"))
        #expect(viaPool.status == 0, "\(viaPool.stderr)")
        #expect(try Self.stats(folder.appending(path: "pooled")) == Self.stats(folder.appending(path: "direct")))
        let files = folder.appending(path: "files")
        #expect(try flowsite(["export", "--db", pooled, "--out", files.path]).status == 0)
        let dryRun = try flowsite(["import", "--db", pooled, "--dry-run", files.path])
        #expect(dryRun.status == 0, "\(dryRun.stderr)")
        expectNoPassword(viaPool, [password], "pgbouncer")
    }

    /// A proxy that stops forwarding the server's bytes mid-stream while keeping the connection open: keepalives
    /// cannot see it; the read timeout ends the command with one line and exit 2.
    @Test func aStalledNetworkEndsAfterTheReadTimeout() throws {
        let server = try Self.server()
        let folder = try Flowsite.folder()
        _ = try server.demoDatabase("stall21", layout: "sqlmodel", from: try Flowsite.demo(in: folder))
        #expect(try server.psql("""
            INSERT INTO workflowrun (triggered_at, status, workflow_id)
            SELECT now() - (g || ' seconds')::interval, 'success', 1 + g % 12 FROM generate_series(1, 200000) g
            """, database: "stall21").status == 0)
        let proxy = try StallProxy(target: server.port, forwardBytes: 1_000_000)
        defer { proxy.stop() }
        let password = Self.password(server)
        let started = Date()
        let result = try Flowsite.run(["/usr/bin/timeout", "60", Flowsite.binary, "render", "--db",
                                       "postgresql://postgres:\(password)@127.0.0.1:\(proxy.port)/stall21?sslmode=disable",
                                       "--out", folder.appending(path: "site").path, "--read-timeout", "2"],
                                      environment: ["PGAPPNAME": "flowsite-conn"], direct: true)
        #expect(result.status == 2, "\(result.status): \(result.stderr)")
        #expect(result.stderr.contains("the server sent nothing for 2 s"), "\(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
        #expect(Date().timeIntervalSince(started) < 30)
        expectNoPassword(result, [password], "stall")
        #expect(!FileManager.default.fileExists(atPath: folder.appending(path: "site/index.html").path))
    }
}

/// A TCP proxy on loopback (python3) that forwards everything the client sends, and the server's first
/// `forwardBytes` bytes, then stops forwarding while keeping both connections open: a stalled network.
final class StallProxy {
    let port: String
    private let process: Process

    static let script = """
        import socket, sys, threading
        target, limit = int(sys.argv[1]), int(sys.argv[2])
        listener = socket.socket(); listener.bind(("127.0.0.1", 0)); listener.listen(8)
        print(listener.getsockname()[1], flush=True)
        def pipe(source, sink, counted):
            total = 0
            while True:
                data = source.recv(65536)
                if not data:
                    break
                total += len(data)
                if counted and total > limit:
                    threading.Event().wait()
                sink.sendall(data)
        while True:
            client, _ = listener.accept()
            upstream = socket.create_connection(("127.0.0.1", target))
            threading.Thread(target=pipe, args=(client, upstream, False), daemon=True).start()
            threading.Thread(target=pipe, args=(upstream, client, True), daemon=True).start()
        """

    init(target: String, forwardBytes: Int) throws {
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = ["-c", Self.script, target, String(forwardBytes)]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        var line = Data()
        while let byte = try output.fileHandleForReading.read(upToCount: 1), !byte.isEmpty, byte != Data("\n".utf8) { line.append(byte) }
        port = String(decoding: line, as: UTF8.self)
    }

    /// SIGKILL: the proxy may inherit a mask that blocks SIGTERM from the test process's thread.
    func stop() {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }
}

/// pgbouncer (Debian's package) in transaction mode in front of the test server, on a free loopback port, SCRAM
/// with the superuser's password. Refuses to run as root, so as root it runs as `postgres`, like the server.
final class Pgbouncer {
    let port: String
    private let process: Process

    init(server: PostgresServer, password: String) throws {
        let directory = server.directory + "/pgbouncer-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        chmod(directory, 0o755)
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in(sin_family: sa_family_t(AF_INET), sin_port: 0, sin_addr: in_addr(s_addr: inet_addr("127.0.0.1")), sin_zero: (0, 0, 0, 0, 0, 0, 0, 0))
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, length) } }
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(listener, $0, &length) } }
        close(listener)
        port = String(UInt16(bigEndian: address.sin_port))
        try Data("\"postgres\" \"\(password)\"\n".utf8).write(to: URL(fileURLWithPath: directory + "/users.txt"))
        try Data("""
            [databases]
            * = host=127.0.0.1 port=\(server.port)
            [pgbouncer]
            listen_addr = 127.0.0.1
            listen_port = \(port)
            unix_socket_dir =
            auth_type = scram-sha-256
            auth_file = \(directory)/users.txt
            pool_mode = transaction
            logfile =
            pidfile =
            """.utf8).write(to: URL(fileURLWithPath: directory + "/pgbouncer.ini"))
        for file in ["users.txt", "pgbouncer.ini"] { chmod(directory + "/" + file, 0o644) }
        process = Process()
        let root = getuid() == 0
        process.executableURL = URL(fileURLWithPath: root ? "/usr/sbin/runuser" : "/usr/sbin/pgbouncer")
        process.arguments = (root ? ["-u", "postgres", "--", "/usr/sbin/pgbouncer"] : []) + [directory + "/pgbouncer.ini"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        // Ready when it accepts connections.
        for _ in 0..<100 {
            if Flowsite.shell("python3 -c 'import socket; socket.create_connection((\"127.0.0.1\", \(port)), 1)'") == 0 { return }
            Thread.sleep(forTimeInterval: 0.1)
        }
        throw PostgresServerError(reason: "pgbouncer did not start on port \(port)")
    }

    /// SIGKILL to runuser's child too: the group is ours.
    func stop() {
        Flowsite.shell("pkill -KILL -P \(process.processIdentifier)")
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }
}
