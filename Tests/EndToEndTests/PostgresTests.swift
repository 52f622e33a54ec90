import Foundation
import Testing
import WorkflowModel
import WorkflowStore

/// The real binary against a real PostgreSQL server (`PostgresServer`), on databases made by the real SQLModel
/// library and by Prisma's migration SQL.
@Suite(.serialized) struct PostgresTests {
    static func server() throws -> PostgresServer { try PostgresServer.shared.get() }

    static func demo(_ layout: DatabaseLayout, in folder: URL) throws -> URL {
        let url = folder.appending(path: "\(layout.rawValue).db")
        try DemoDatabase(layout: layout, size: .small, seed: 1, now: Flowsite.asOf).write(to: url.path)
        return url
    }

    /// Every file of a rendered site, with the footer's source name made neutral.
    static func site(_ folder: URL, source: String) throws -> [String: String] {
        var files: [String: String] = [:]
        let walker = FileManager.default.enumerator(atPath: folder.path)
        while let path = walker?.nextObject() as? String {
            guard !path.hasPrefix("."), let data = FileManager.default.contents(atPath: folder.appending(path: path).path), !data.isEmpty else { continue }
            files[path] = String(decoding: data, as: UTF8.self)
                .replacingOccurrences(of: "<code>\(source)</code>", with: "<code>SOURCE</code>")
                .replacingOccurrences(of: "`\(source)`", with: "`SOURCE`")
                .replacingOccurrences(of: "\"source\": \"\(source)\"", with: "\"source\": \"SOURCE\"")
        }
        return files
    }

    func render(_ db: String, into folder: URL, _ extra: [String] = []) throws -> Flowsite.Outcome {
        try Flowsite.run(["render", "--db", db, "--out", folder.path, "--as-of", "2026-11-25T00:00:00Z"] + extra)
    }

    /// The same data in SQLite and PostgreSQL gives the same stats.json and the same pages but for the footer's
    /// source and the schema page's types. Prisma's `jsonb` keeps object keys in its own order, so for that layout
    /// the pages that print JSON objects differ in key order only; stats.json and the dashboards are compared whole.
    @Test(arguments: [DatabaseLayout.sqlmodel, .prisma])
    func sameAnswersAsSQLite(_ layout: DatabaseLayout) throws {
        let server = try Self.server()
        let folder = try Flowsite.folder()
        let sqlite = try Self.demo(layout, in: folder)
        let schema = layout == .prisma ? "app" : "public"
        let url = try server.demoDatabase("same_\(layout.rawValue)", layout: layout.rawValue, from: sqlite, schema: schema)
        #expect(try render(sqlite.path, into: folder.appending(path: "from-sqlite")).status == 0)
        let fromPostgres = try render(url, into: folder.appending(path: "from-postgres"))
        #expect(fromPostgres.status == 0, "\(fromPostgres.stderr)")
        let expected = try Self.site(folder.appending(path: "from-sqlite"), source: sqlite.lastPathComponent)
        let actual = try Self.site(folder.appending(path: "from-postgres"), source: "same_\(layout.rawValue) on 127.0.0.1:\(server.port)\(schema == "public" ? "" : " (schema \(schema))")")
        #expect(Set(expected.keys) == Set(actual.keys))
        let compared = layout == .sqlmodel
            ? expected.keys.filter { !$0.hasPrefix("schema.") }
            : ["stats.json", "index.html", "index.md", "workflows/index.html", "workflows/index.md", "integrations/index.html", "quality.html", "quality.md"]
        for path in compared.sorted() {
            #expect(actual[path] == expected[path], "\(path) differs between SQLite and PostgreSQL")
        }
        #expect(actual["schema.md"]?.contains(layout == .sqlmodel ? "timestamp with time zone" : "timestamp(3) without time zone") == true)
    }

    /// A role that may only SELECT the four tables renders, inspects and exports: nothing is created or written.
    @Test func aReadOnlyRoleIsEnough() throws {
        let server = try Self.server()
        let folder = try Flowsite.folder()
        let url = try server.demoDatabase("readonly", layout: "sqlmodel", from: try Self.demo(.sqlmodel, in: folder))
        let grants = try server.psql("""
            CREATE ROLE reporter LOGIN PASSWORD 'r3p0rt';
            REVOKE ALL ON SCHEMA public FROM PUBLIC; GRANT USAGE ON SCHEMA public TO reporter;
            GRANT SELECT ON "user", workflow, integration, workflowrun TO reporter;
            """, database: "readonly")
        #expect(grants.status == 0, "\(grants.stderr)")
        let reporter = url.replacingOccurrences(of: "postgres:", with: "reporter:").replacingOccurrences(of: #":[^:@/]+@"#, with: ":r3p0rt@", options: .regularExpression)
        let rendered = try render(reporter, into: folder.appending(path: "site"))
        #expect(rendered.status == 0, "\(rendered.stderr)")
        #expect(try Flowsite.run(["inspect", "--db", reporter]).status == 0)
        let exported = try Flowsite.run(["export", "--db", reporter, "--out", folder.appending(path: "files").path])
        #expect(exported.status == 0 && exported.stdout.contains("exported 12 workflow(s)"), "\(exported.stderr)")
        #expect(!rendered.stderr.contains("r3p0rt") && !rendered.stdout.contains("r3p0rt"))
    }

    @Test func urlFormsAndEnvironment() throws {
        let server = try Self.server()
        let folder = try Flowsite.folder()
        let url = try server.demoDatabase("forms", layout: "sqlmodel", from: try Self.demo(.sqlmodel, in: folder))
        let password = url.split(separator: ":")[2].split(separator: "@")[0]
        for form in [url, url.replacingOccurrences(of: "postgresql://", with: "postgres://"),
                     url.replacingOccurrences(of: "postgresql://", with: "postgresql+psycopg2://"),
                     url.replacingOccurrences(of: "postgresql://", with: "postgresql+asyncpg://") + "?sslmode=disable"] {
            let result = try Flowsite.run(["inspect", "--db", form])
            #expect(result.status == 0 && result.stdout.contains("sqlmodel layout"), "\(form): \(result.stderr)")
        }
        // libpq's environment and a socket folder as host, with no password in the URL: the socket is trusted.
        let socket = try Flowsite.run(["inspect", "--db", "postgresql:///forms?host=\(server.directory)&port=\(server.port)&user=postgres"])
        #expect(socket.status == 0, "\(socket.stderr)")
        let fromEnvironment = try Flowsite.run(["inspect"], environment: [
            "DATABASE_URL": "postgresql://127.0.0.1/forms", "PGPORT": server.port, "PGUSER": "postgres", "PGPASSWORD": String(password)])
        #expect(fromEnvironment.status == 0, "\(fromEnvironment.stderr)")
        let pgpass = folder.appending(path: "pgpass")
        try Data("# comment\n127.0.0.1:\(server.port):*:postgres:\(password)\n".utf8).write(to: pgpass)
        chmod(pgpass.path, 0o600)
        let fromPGPass = try Flowsite.run(["inspect", "--db", "postgresql://postgres@127.0.0.1:\(server.port)/forms"], environment: ["PGPASSFILE": pgpass.path])
        #expect(fromPGPass.status == 0, "\(fromPGPass.stderr)")
    }

    /// Each bad situation is one line naming the server without its password, exit 2, and nothing written.
    @Test func badSituationsAreOneClearLine() throws {
        let server = try Self.server()
        let folder = try Flowsite.folder()
        let url = try server.demoDatabase("bad", layout: "sqlmodel", from: try Self.demo(.sqlmodel, in: folder))
        let password = String(url.split(separator: ":")[2].split(separator: "@")[0])
        #expect(try server.psql("CREATE ROLE nobody_here LOGIN PASSWORD 'x'; CREATE TABLE other (id int)", database: "bad").status == 0)
        let cases: [(String, String)] = [
            (url.replacingOccurrences(of: ":\(server.port)/", with: ":1/"), "cannot connect"),
            (url.replacingOccurrences(of: password, with: "wrong"), "password authentication failed for user \"postgres\""),
            (server.url(database: "missing_db"), "database \"missing_db\" does not exist"),
            (url + "?schema=nothing_here", "schema 'nothing_here' holds no tables"),
            (url.replacingOccurrences(of: "postgres:\(password)", with: "nobody_here:x"), "permission denied"),
            (server.url(database: "postgres"), "not a workflow database"),
        ]
        let site = folder.appending(path: "site")
        #expect(try render(url, into: site).status == 0)
        let before = try Self.site(site, source: "x")
        for (db, expected) in cases {
            let result = try render(db, into: site)
            #expect(result.status == 2, "\(db): \(result.status)")
            #expect(result.stderr.contains(expected), "\(db): \(result.stderr)")
            #expect(result.stderr.split(separator: "\n").count == 1, "one line: \(result.stderr)")
            #expect(!result.stderr.contains(password) || expected.contains("cannot"), "the password is never printed: \(result.stderr)")
            #expect(!result.stderr.contains(":\(password)@"))
        }
        #expect(try Self.site(site, source: "x") == before, "the previous site is as it was")
        // A missing column of the app's layout.
        #expect(try server.psql("ALTER TABLE workflowrun DROP COLUMN status", database: "bad").status == 0)
        let missing = try render(url, into: site)
        #expect(missing.status == 2 && missing.stderr.contains("has no column 'status'"), "\(missing.stderr)")
    }

    /// A statement timeout and a connection killed in the middle of the run stream end the command cleanly.
    @Test func aTimeoutOrAKilledConnectionEndsCleanly() throws {
        let server = try Self.server()
        let folder = try Flowsite.folder()
        let url = try server.demoDatabase("busy", layout: "sqlmodel", from: try Self.demo(.sqlmodel, in: folder))
        #expect(try server.psql("""
            INSERT INTO workflowrun (triggered_at, status, workflow_id)
            SELECT now() - (g || ' seconds')::interval, 'success', 1 + g % 12 FROM generate_series(1, 300000) g
            """, database: "busy").status == 0)
        let site = folder.appending(path: "site")
        let timedOut = try render(url, into: site, ["--statement-timeout", "0.05"])
        #expect(timedOut.status == 2 && timedOut.stderr.contains("statement timeout"), "\(timedOut.stderr)")
        #expect(!FileManager.default.fileExists(atPath: site.appending(path: "index.html").path))

        let killer = Thread {
            Thread.sleep(forTimeInterval: 0.5)
            _ = try? server.psql("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'flowsite'")
        }
        killer.start()
        let killed = try render(url, into: site)
        #expect(killed.status == 2, "\(killed.stderr)")
        #expect(killed.stderr.contains("terminat") || killed.stderr.contains("closed the connection"), "\(killed.stderr)")
        #expect(!FileManager.default.fileExists(atPath: site.appending(path: "index.html").path))
    }
}
