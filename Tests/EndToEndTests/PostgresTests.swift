import Foundation
import Testing
import WorkflowModel
import PostgresStore
import SQLiteStore
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
    /// `naive` turns SQLModel's datetimes into `timestamp without time zone`, as SQLModel before 0.0.45 made them.
    @Test(arguments: [(DatabaseLayout.sqlmodel, false), (.sqlmodel, true), (.prisma, false)])
    func sameAnswersAsSQLite(_ layout: DatabaseLayout, naive: Bool) throws {
        let server = try Self.server()
        let folder = try Flowsite.folder()
        let sqlite = try Self.demo(layout, in: folder)
        let schema = layout == .prisma ? "app" : "public"
        let name = "same_\(layout.rawValue)\(naive ? "_naive" : "")"
        let url = try server.demoDatabase(name, layout: layout.rawValue, from: sqlite, schema: schema)
        if naive {
            let columns = ["\"user\"": ["created_at"], "workflow": ["created_at", "updated_at"], "integration": ["created_at"], "workflowrun": ["triggered_at"]]
            let sql = columns.map { table, names in
                "ALTER TABLE \(table) " + names.map { "ALTER \($0) TYPE timestamp USING \($0) AT TIME ZONE 'UTC'" }.joined(separator: ", ")
            }.joined(separator: "; ") + "; ALTER DATABASE \(name) SET timezone = 'Asia/Kolkata'"
            #expect(try server.psql(sql, database: name).status == 0)
        }
        #expect(try render(sqlite.path, into: folder.appending(path: "from-sqlite")).status == 0)
        let fromPostgres = try render(url, into: folder.appending(path: "from-postgres"))
        #expect(fromPostgres.status == 0, "\(fromPostgres.stderr)")
        let expected = try Self.site(folder.appending(path: "from-sqlite"), source: sqlite.lastPathComponent)
        let actual = try Self.site(folder.appending(path: "from-postgres"), source: "\(name) on 127.0.0.1:\(server.port)\(schema == "public" ? "" : " (schema \(schema))")")
        #expect(Set(expected.keys) == Set(actual.keys))
        let compared = layout == .sqlmodel
            ? expected.keys.filter { !$0.hasPrefix("schema.") }
            : ["stats.json", "index.html", "index.md", "workflows/index.html", "workflows/index.md", "integrations/index.html", "quality.html", "quality.md"]
        for path in compared.sorted() {
            #expect(actual[path] == expected[path], "\(path) differs between SQLite and PostgreSQL")
        }
        // The gates give the same verdicts from either database.
        let gates = try [sqlite.path, url].map { try Flowsite.run(["check", "--db", $0, "--as-of", "2026-11-25T00:00:00Z", "--json"]) }
        #expect(gates[0].status == gates[1].status && (gates[0].status == 0 || gates[0].status == 1), "\(gates[1].stderr)")
        #expect(gates[0].stdout == gates[1].stdout)
        let timeType = layout == .prisma ? "timestamp(3) without time zone" : naive ? "timestamp without time zone" : "timestamp with time zone"
        #expect(actual["schema.md"]?.contains(timeType) == true)
    }

    /// The saved fold on PostgreSQL: continued, it reads only the runs after its boundary (a range of the primary
    /// key) and writes exactly the `--full` render's tree and fold file; deleted runs make it fold every run.
    @Test func aSavedFoldContinuesOnPostgres() throws {
        let server = try Self.server()
        let folder = try Flowsite.folder()
        let url = try server.demoDatabase("saved_fold", layout: "sqlmodel", from: SavedFoldRenderTests.history(in: folder))
        let state = try SavedFoldRenderTests.expectContinuedLikeFull(url, in: folder) {
            let added = try server.psql("""
                INSERT INTO workflowrun (id, triggered_at, status, error_message, workflow_id)
                SELECT i, timestamptz '2026-11-20 00:00:00+00' + (i - 3000) * interval '30 minutes', 'completed', NULL, 1 + i % 12
                FROM generate_series(3001, 3200) AS i;
                UPDATE workflowrun SET status = 'failed', error_message = 'killed' WHERE status = 'running' AND id > 2900;
                """, database: "saved_fold")
            #expect(added.status == 0, "\(added.stderr)")
        }
        #expect(try server.psql("DELETE FROM workflowrun WHERE id = 5", database: "saved_fold").status == 0)
        let afterDelete = folder.appending(path: "after-delete")
        let deleted = try SavedFoldRenderTests.render(url, afterDelete, state: state, asOf: "2026-11-26T00:00:00Z")
        #expect(deleted.stderr.contains("runs deleted or added"), "\(deleted.stderr)")
        try SavedFoldRenderTests.expectSameAsFull(afterDelete, state, db: url, asOf: "2026-11-26T00:00:00Z", in: folder)
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

    /// Values only PostgreSQL has are findings, never failures: ±infinity and instants outside years 1-9999 in the run table, a
    /// `date` column where the app declares a datetime.
    @Test func postgresOnlyValuesAreFindings() throws {
        let server = try Self.server()
        let folder = try Flowsite.folder()
        let url = try server.demoDatabase("odd_values", layout: "sqlmodel", from: try Self.demo(.sqlmodel, in: folder))
        #expect(try server.psql("""
            INSERT INTO workflowrun (id, triggered_at, status, workflow_id) VALUES
              (90001, 'infinity', 'success', 1), (90002, '-infinity', 'failed', 1),
              (90003, '294000-01-01 00:00:00+00', 'success', 2), (90004, '4713-01-01 00:00:00+00 BC', 'success', 2);
            ALTER TABLE "user" ALTER created_at TYPE date;
            CREATE TABLE "we""ird ta|ble" ("col ""x"" {y}" int PRIMARY KEY, "wf→id" int REFERENCES workflow (id), UNIQUE ("wf→id"));
            """, database: "odd_values").status == 0)
        let inspected = try Flowsite.run(["inspect", "--db", url])
        #expect(inspected.status == 0, "\(inspected.stderr)")
        // Years PostgreSQL holds and Python cannot (294000, 4713 BC) are outside what any figure can place: findings too.
        #expect(inspected.stdout.contains("workflowrun.triggered_at: unreadable datetime, 4 rows (ids 90001, 90002, 90003, 90004): infinity"), "\(inspected.stdout)")
        let rendered = try render(url, into: folder.appending(path: "site"))
        #expect(rendered.status == 0, "\(rendered.stderr)")
        // A table no ORM made, with quotes, a pipe, braces and an arrow in its names, is on the schema page.
        let schemaPage = try String(contentsOf: folder.appending(path: "site/schema.md"), encoding: .utf8)
        #expect(schemaPage.contains("ird ta") && schemaPage.contains("wf→id"), "\(schemaPage.prefix(2000))")
    }

    // MARK: import

    /// Exports a database, edits one workflow's body and adds a new workflow; returns the folder and the edited id.
    func editedExport(_ url: String, in folder: URL) throws -> (files: URL, editedID: Int64) {
        let files = folder.appending(path: "files-\(UUID().uuidString.prefix(8))")
        let exported = try Flowsite.run(["export", "--db", url, "--out", files.path])
        guard exported.status == 0 else { throw PostgresServerError(reason: exported.stderr) }
        let edited = files.appending(path: "webhook-echo.md")
        let text = try String(contentsOf: edited, encoding: .utf8)
        try Data((text + "An added line.\n").utf8).write(to: edited)
        let id = text.split(separator: "\n").first { $0.hasPrefix("id: ") }.flatMap { Int64($0.dropFirst(4)) }
        try Data("---\nname: Brand new\nowner: alice\ntrigger: {type: schedule, cron: '0 9 * * 1'}\nactions:\n  - integration: github.com/acme/github-mcp\n    tool: ping\n---\nA new one.\n".utf8)
            .write(to: files.appending(path: "new.md"))
        return (files, try #require(id))
    }

    /// Every workflow row as one fingerprint per id, to see exactly which rows an import touched.
    func workflowRows(_ database: String, _ table: String) throws -> [String: String] {
        let listed = try Self.server().psql("SELECT id, md5(w::text) FROM \(table) w ORDER BY id", database: database)
        return Dictionary(uniqueKeysWithValues: listed.stdout.split(separator: "\n").map { line in
            let parts = line.split(separator: "|").map(String.init)
            return (parts[0], parts[1])
        })
    }

    /// Import into PostgreSQL writes as each app does: `json` text as json.dumps makes it or `jsonb`; instants in
    /// UTC whether the column has a time zone or not, whatever the database's own time zone; `updated_at` moves only
    /// on the rows that changed; a second import changes nothing; render reads the result.
    @Test(arguments: [("sqlmodel", "timestamptz"), ("sqlmodel", "timestamp"), ("prisma", "timestamp(3)")])
    func importWritesAsTheAppDoes(_ layout: String, _ timeType: String) throws {
        let server = try Self.server()
        let folder = try Flowsite.folder()
        let name = "import_\(layout)_\(timeType.filter(\.isLetter))"
        let prisma = layout == "prisma"
        let url = try server.demoDatabase(name, layout: layout, from: try Self.demo(prisma ? .prisma : .sqlmodel, in: folder), schema: prisma ? "app" : "public")
        let table = prisma ? #"app."Workflow""# : "workflow"
        let (created, updated, definition) = prisma ? (#""createdAt""#, #""updatedAt""#, #""structuredDefinition""#) : ("created_at", "updated_at", "structured_definition")
        var setup = "ALTER DATABASE \(name) SET timezone = 'America/New_York';"
        if timeType == "timestamp" {
            setup += "ALTER TABLE workflow ALTER created_at TYPE timestamp USING created_at AT TIME ZONE 'UTC', ALTER updated_at TYPE timestamp USING updated_at AT TIME ZONE 'UTC';"
        }
        #expect(try server.psql(setup, database: name).status == 0)
        let (files, editedID) = try editedExport(url, in: folder)
        let before = try workflowRows(name, table)

        let started = Date().timeIntervalSince1970
        let imported = try Flowsite.run(["import", "--db", url, files.path])
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stdout.contains("created 1, updated 1, unchanged 11"), "\(imported.stdout)")
        let after = try workflowRows(name, table)
        #expect(after.count == before.count + 1)
        for (id, row) in before where id != String(editedID) { #expect(after[id] == row, "workflow \(id) was not to be touched") }
        #expect(after[String(editedID)] != before[String(editedID)])

        // Read as UTC epoch seconds in the session's New York zone: a wall time written in the wrong zone is hours off.
        let times = try server.psql("""
            SELECT extract(epoch from \(created)), extract(epoch from \(updated)), name = 'Brand new' FROM \(table)
            WHERE id = \(editedID) OR name = 'Brand new' ORDER BY id
            """, database: name).stdout.split(separator: "\n").map { $0.split(separator: "|").map(String.init) }
        #expect(times.count == 2)
        for row in times {
            let (createdAt, updatedAt) = (Double(row[0]) ?? 0, Double(row[1]) ?? 0)
            #expect(abs(updatedAt - started) < 300, "updated_at \(updatedAt) is the import's instant (\(started)) in UTC")
            if row[2] == "t" { #expect(createdAt == updatedAt) } else { #expect(createdAt < started - 86_400, "created_at of an update is kept") }
        }
        let stored = try server.psql("SELECT pg_typeof(\(definition))::text, \(definition)::text FROM \(table) WHERE name = 'Brand new'", database: name).stdout.trimmingCharacters(in: .newlines)
        if prisma {
            #expect(stored.hasPrefix("jsonb|"), "\(stored)")
        } else {
            #expect(stored == #"json|{"trigger": {"type": "schedule", "cron": "0 9 * * 1"}, "actions": [{"integration": "github.com/acme/github-mcp", "tool": "ping"}]}"#, "json.dumps text as SQLModel writes it: \(stored)")
        }

        let again = try Flowsite.run(["import", "--db", url, files.path])
        #expect(again.status == 0 && again.stdout.contains("created 0, updated 0, unchanged 13"), "\(again.stdout)\(again.stderr)")
        #expect(try workflowRows(name, table) == after, "an unchanged import writes nothing, updated_at included")
        let rendered = try render(url, into: folder.appending(path: "site"))
        #expect(rendered.status == 0, "\(rendered.stderr)")
        #expect(try String(contentsOf: folder.appending(path: "site/workflows/index.md"), encoding: .utf8).contains("Brand new"))
    }

    /// All or nothing: a row the database refuses rolls back the rows written before it; a workflow locked by
    /// another writer is waited for `--busy-timeout` seconds and then refused; a role without INSERT/UPDATE is told
    /// what it lacks. Each is one line naming the server (no password), exit 2, the database as it was.
    @Test func importIsAllOrNothingAndRespectsOtherWriters() throws {
        let server = try Self.server()
        let folder = try Flowsite.folder()
        let name = "import_safety"
        let url = try server.demoDatabase(name, layout: "sqlmodel", from: try Self.demo(.sqlmodel, in: folder))
        let password = String(url.split(separator: ":")[2].split(separator: "@")[0])
        let (files, editedID) = try editedExport(url, in: folder)
        let before = try workflowRows(name, "workflow")
        func refused(_ db: String, _ expected: String, _ extra: [String] = []) throws {
            let result = try Flowsite.run(["import", "--db", db] + extra + [files.path])
            #expect(result.status == 2, "\(result.stdout)\(result.stderr)")
            #expect(result.stderr.contains(expected), "\(result.stderr)")
            #expect(result.stderr.split(separator: "\n").count == 1 && !result.stderr.contains(password), "\(result.stderr)")
            #expect(try workflowRows(name, "workflow") == before, "nothing was written")
        }

        // The new workflow is written after the update, and refused: the update must not stay.
        #expect(try server.psql("ALTER TABLE workflow ADD CONSTRAINT no_brand_new CHECK (name <> 'Brand new')", database: name).status == 0)
        try refused(url, "violates check constraint \"no_brand_new\"")
        #expect(try server.psql("ALTER TABLE workflow DROP CONSTRAINT no_brand_new", database: name).status == 0)

        // Another writer holds the edited workflow's row for 8 s; import waits 1 s for it.
        let holder = Process()
        holder.executableURL = URL(fileURLWithPath: "/usr/bin/psql")
        holder.arguments = ["-X", "-q", server.url(database: name), "-c",
                            "BEGIN; SELECT 1 FROM workflow WHERE id = \(editedID) FOR UPDATE; SELECT pg_sleep(8); COMMIT;"]
        holder.standardOutput = FileHandle.nullDevice
        try holder.run()
        Thread.sleep(forTimeInterval: 1.5)
        try refused(url, "another writer holds a lock", ["--busy-timeout", "1"])
        holder.waitUntilExit()

        #expect(try server.psql("""
            CREATE ROLE reader_only LOGIN PASSWORD 'r3ad';
            GRANT SELECT ON "user", workflow, integration, workflowrun TO reader_only;
            """, database: name).status == 0)
        try refused(url.replacingOccurrences(of: "postgres:\(password)", with: "reader_only:r3ad"), "permission denied for table workflow")

        let imported = try Flowsite.run(["import", "--db", url, files.path])
        #expect(imported.status == 0 && imported.stdout.contains("created 1, updated 1"), "\(imported.stderr)")
    }
}
