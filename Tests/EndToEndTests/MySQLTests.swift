import Foundation
import GRDB
import Testing
import WorkflowModel
import SQLiteStore
import WorkflowStore

/// The real binary against a real MariaDB server (`MariaDBServer`), on databases made by the real SQLModel library
/// through PyMySQL and by Prisma's MySQL migration SQL.
@Suite(.serialized) struct MySQLTests {
    static func server() throws -> MariaDBServer { try MariaDBServer.shared.get() }

    /// The small demo in one layout. SQLModel's `DATETIME` on MySQL holds whole seconds (MariaDB truncates the
    /// microseconds PyMySQL sends, MySQL rounds them), so for that layout the SQLite file is given the times the
    /// server keeps: the same data on both sides.
    static func demo(_ layout: DatabaseLayout, in folder: URL) throws -> URL {
        let url = folder.appending(path: "\(layout.rawValue).db")
        try DemoDatabase(layout: layout, size: .small, seed: 1, now: Flowsite.asOf).write(to: url.path)
        if layout == .sqlmodel {
            let queue = try DatabaseQueue(path: url.path)
            try queue.write { db in
                try db.execute(sql: """
                    UPDATE user SET created_at = substr(created_at, 1, 19);
                    UPDATE workflow SET created_at = substr(created_at, 1, 19), updated_at = substr(updated_at, 1, 19);
                    UPDATE integration SET created_at = substr(created_at, 1, 19);
                    UPDATE workflowrun SET triggered_at = substr(triggered_at, 1, 19);
                    """)
            }
        }
        return url
    }

    func render(_ db: String, into folder: URL, _ extra: [String] = []) throws -> Flowsite.Outcome {
        try Flowsite.run(["render", "--db", db, "--out", folder.path, "--as-of", "2026-11-25T00:00:00Z"] + extra)
    }

    /// The same data in SQLite and MariaDB gives the same stats.json and the same pages but for the footer's source
    /// and the schema page's types; `check` gives the same verdicts.
    @Test(arguments: [DatabaseLayout.sqlmodel, .prisma])
    func sameAnswersAsSQLite(_ layout: DatabaseLayout) throws {
        let server = try Self.server()
        let folder = try Flowsite.folder()
        let sqlite = try Self.demo(layout, in: folder)
        let name = "same_\(layout.rawValue)"
        let url = try server.demoDatabase(name, layout: layout.rawValue, from: sqlite)
        #expect(try render(sqlite.path, into: folder.appending(path: "from-sqlite")).status == 0)
        let fromMySQL = try render(url, into: folder.appending(path: "from-mysql"))
        #expect(fromMySQL.status == 0, "\(fromMySQL.stderr)")
        let expected = try PostgresTests.site(folder.appending(path: "from-sqlite"), source: sqlite.lastPathComponent)
        let actual = try PostgresTests.site(folder.appending(path: "from-mysql"), source: "\(name) on 127.0.0.1:\(server.port)")
        #expect(Set(expected.keys) == Set(actual.keys))
        #expect(actual["stats.json"] != nil)
        for path in expected.keys.filter({ !$0.hasPrefix("schema") }).sorted() {
            #expect(actual[path] == expected[path], "\(path) differs between SQLite and MariaDB")
        }
        let gates = try [sqlite.path, url].map { try Flowsite.run(["check", "--db", $0, "--as-of", "2026-11-25T00:00:00Z", "--json"]) }
        #expect(gates[0].status == gates[1].status && (gates[0].status == 0 || gates[0].status == 1), "\(gates[1].stderr)")
        #expect(gates[0].stdout == gates[1].stdout)
        // The schema page shows the server's own types and keys: JSON is LONGTEXT with a check on MariaDB.
        let schema = actual["schema.md"] ?? ""
        #expect(schema.contains(layout == .prisma ? "datetime(3)" : "datetime") && schema.contains("longtext"), "\(schema.prefix(3000))")
        #expect(schema.contains(layout == .prisma ? "Workflow ||--o{ WorkflowRun" : "workflow ||--o{ workflowrun"), "foreign keys are drawn: \(schema.prefix(3000))")
    }

    /// A user that may only SELECT the four tables renders, inspects and exports: nothing is created or written.
    /// The saved fold on MariaDB: continued from its boundary it writes the `--full` render's tree and fold file.
    @Test func aSavedFoldContinuesOnMariaDB() throws {
        let server = try Self.server()
        let folder = try Flowsite.folder()
        let url = try server.demoDatabase("saved_fold", layout: "sqlmodel", from: try SavedFoldRenderTests.history(in: folder))
        try SavedFoldRenderTests.expectContinuedLikeFull(url, in: folder) {
            let added = try server.sql("""
                INSERT INTO workflowrun (id, triggered_at, status, error_message, workflow_id)
                WITH RECURSIVE n(i) AS (SELECT 3001 UNION ALL SELECT i + 1 FROM n WHERE i < 3200)
                SELECT i, TIMESTAMP('2026-11-20') + INTERVAL (i - 3000) * 30 MINUTE, 'completed', NULL, 1 + i % 12 FROM n;
                UPDATE workflowrun SET status = 'failed', error_message = 'killed' WHERE status = 'running' AND id > 2900;
                """, database: "saved_fold")
            #expect(added.status == 0, "\(added.stderr)")
        }
    }

    @Test func aSelectOnlyUserIsEnough() throws {
        let server = try Self.server()
        let folder = try Flowsite.folder()
        _ = try server.demoDatabase("readonly", layout: "sqlmodel", from: try Self.demo(.sqlmodel, in: folder))
        let grants = try server.sql("""
            CREATE USER reporter@'%' IDENTIFIED BY 'r3p0rt';
            GRANT SELECT ON readonly.user TO reporter@'%'; GRANT SELECT ON readonly.workflow TO reporter@'%';
            GRANT SELECT ON readonly.integration TO reporter@'%'; GRANT SELECT ON readonly.workflowrun TO reporter@'%';
            """)
        #expect(grants.status == 0, "\(grants.stderr)")
        let reporter = "mysql://reporter:r3p0rt@127.0.0.1:\(server.port)/readonly"
        let rendered = try render(reporter, into: folder.appending(path: "site"))
        #expect(rendered.status == 0, "\(rendered.stderr)")
        #expect(try Flowsite.run(["inspect", "--db", reporter]).status == 0)
        let exported = try Flowsite.run(["export", "--db", reporter, "--out", folder.appending(path: "files").path])
        #expect(exported.status == 0 && exported.stdout.contains("exported 12 workflow(s)"), "\(exported.stderr)")
        #expect(!rendered.stderr.contains("r3p0rt") && !rendered.stdout.contains("r3p0rt"))
    }

    /// Every spelling apps use, a unix socket, `~/.my.cnf` holding the password, and `DATABASE_URL`.
    @Test func urlFormsSocketsAndOptionFiles() throws {
        let server = try Self.server()
        let folder = try Flowsite.folder()
        let url = try server.demoDatabase("forms", layout: "sqlmodel", from: try Self.demo(.sqlmodel, in: folder))
        for scheme in ["mysql", "mariadb", "mysql+pymysql", "mysql+mysqldb"] {
            let form = server.url(database: "forms", query: scheme == "mysql+pymysql" ? "?charset=utf8mb4" : "", scheme: scheme)
            let result = try Flowsite.run(["inspect", "--db", form])
            #expect(result.status == 0 && result.stdout.contains("sqlmodel layout"), "\(form): \(result.stderr)")
        }
        let socket = try Flowsite.run(["inspect", "--db", "mysql://root:\(server.password)@localhost/forms?unix_socket=\(server.socket)"])
        #expect(socket.status == 0 && socket.stdout.contains("forms on \(server.socket)"), "\(socket.stderr)")
        let home = folder.appending(path: "home")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        try Data("[client]\nuser = root\npassword = \(server.password)\n".utf8).write(to: home.appending(path: ".my.cnf"))
        chmod(home.appending(path: ".my.cnf").path, 0o600)
        let fromOptionFile = try Flowsite.run(["inspect", "--db", "mysql://127.0.0.1:\(server.port)/forms"], environment: ["HOME": home.path])
        #expect(fromOptionFile.status == 0, "\(fromOptionFile.stderr)")
        let fromEnvironment = try Flowsite.run(["inspect"], environment: ["DATABASE_URL": url])
        #expect(fromEnvironment.status == 0, "\(fromEnvironment.stderr)")
    }

    /// Each bad situation is one line naming the server without its password, exit 2, and nothing written.
    @Test func badSituationsAreOneClearLine() throws {
        let server = try Self.server()
        let folder = try Flowsite.folder()
        let url = try server.demoDatabase("bad", layout: "sqlmodel", from: try Self.demo(.sqlmodel, in: folder))
        let password = server.password
        #expect(try server.sql("CREATE USER nobody_here@'%' IDENTIFIED BY 'x'; CREATE TABLE bad.other (id int)").status == 0)
        let cases: [(String, String)] = [
            (url.replacingOccurrences(of: ":\(server.port)/", with: ":1/"), "cannot connect: Can't connect to server"),
            (url.replacingOccurrences(of: "127.0.0.1", with: "no-such-host.invalid"), "Unknown server host"),
            (url.replacingOccurrences(of: password, with: "wrong"), "Access denied for user 'root'"),
            (server.url(database: "missing_db"), "Unknown database 'missing_db'"),
            (url.replacingOccurrences(of: "root:\(password)", with: "nobody_here:x"), "Access denied for user 'nobody_here'"),
            (url + "?sslaccept=strict&sslcert=/nonexistent/ca.pem", "cannot connect"),
            (server.url(database: "mysql"), "not a workflow database"),
            (url + "?bogus=\(password)", "unknown parameter 'bogus'"),
        ]
        let site = folder.appending(path: "site")
        #expect(try render(url, into: site).status == 0)
        let before = try PostgresTests.site(site, source: "x")
        for (db, expected) in cases {
            let result = try render(db, into: site)
            #expect(result.status == 2, "\(db): \(result.status)")
            #expect(result.stderr.contains(expected), "\(db): \(result.stderr)")
            #expect(result.stderr.split(separator: "\n").count == 1, "one line: \(result.stderr)")
            #expect(!result.stderr.contains(password), "the password is never printed: \(result.stderr)")
        }
        #expect(try PostgresTests.site(site, source: "x") == before, "the previous site is as it was")
        // A server that was running and is stopped: its socket is gone.
        let stopped = try render("mysql://root:\(password)@localhost/bad?unix_socket=\(folder.path)/stopped.sock", into: site)
        #expect(stopped.status == 2 && stopped.stderr.contains("cannot connect") && stopped.stderr.split(separator: "\n").count == 1, "\(stopped.stderr)")
        // A missing column of the app's layout.
        #expect(try server.sql("ALTER TABLE workflowrun DROP COLUMN status", database: "bad").status == 0)
        let missing = try render(url, into: site)
        #expect(missing.status == 2 && missing.stderr.contains("has no column 'status'"), "\(missing.stderr)")
    }

    /// TLS with a private CA: required, verified against the right CA (the certificate names 127.0.0.1), refused with another
    /// CA; a user the server admits only over TLS is refused without it. Each failure is one line without the password.
    @Test func tlsWithAPrivateCA() throws {
        let server = try Self.server()
        let folder = try Flowsite.folder()
        let url = try server.demoDatabase("tls", layout: "prisma", from: try Self.demo(.prisma, in: folder))
        #expect(try server.sql("CREATE USER tls_only@'%' IDENTIFIED BY 't1s' REQUIRE SSL; GRANT SELECT ON tls.* TO tls_only@'%'").status == 0)
        let tlsOnly = "mysql://tls_only:t1s@127.0.0.1:\(server.port)/tls"
        for good in [url + "?ssl-mode=REQUIRED", url + "?ssl-mode=VERIFY_IDENTITY&ssl-ca=\(server.ca)",
                     url + "?sslaccept=strict&sslcert=\(server.ca)",
                     tlsOnly + "?ssl_mode=REQUIRED"] {
            let result = try Flowsite.run(["inspect", "--db", good])
            #expect(result.status == 0 && result.stdout.contains("prisma layout"), "\(good): \(result.stderr)")
        }
        for (bad, expected) in [(url + "?ssl-mode=VERIFY_CA&ssl-ca=\(server.otherCA)", "ssl-mode VERIFY_CA checks the server's certificate"),
                                (tlsOnly + "?ssl-mode=DISABLED", "Access denied for user 'tls_only'")] {
            let result = try Flowsite.run(["inspect", "--db", bad])
            #expect(result.status == 2 && result.stderr.contains(expected), "\(bad): \(result.stderr)")
            #expect(result.stderr.split(separator: "\n").count == 1 && !result.stderr.contains(server.password) && !result.stderr.contains("t1s"), "\(result.stderr)")
        }
    }

    /// Values a MySQL or MariaDB table can hold that the app never writes are findings, never failures: text that is
    /// not JSON in a JSON column (MariaDB's is LONGTEXT; its check dropped), zero dates, NULL where the app always
    /// writes a value, a 5 MB error message, a table no ORM made with odd names.
    @Test func hostileValuesAreFindings() throws {
        let server = try Self.server()
        let folder = try Flowsite.folder()
        let url = try server.demoDatabase("hostile", layout: "sqlmodel", from: try Self.demo(.sqlmodel, in: folder))
        let altered = try server.sql("""
            SET SESSION sql_mode = '';
            ALTER TABLE workflow MODIFY structured_definition LONGTEXT NOT NULL;
            ALTER TABLE integration MODIFY config LONGTEXT NULL;
            ALTER TABLE workflowrun MODIFY status VARCHAR(255) NULL, MODIFY error_message LONGTEXT NULL;
            UPDATE workflow SET structured_definition = '{"trigger": ' WHERE id = 3;
            UPDATE integration SET config = NULL WHERE id = 2;
            INSERT INTO workflowrun (id, triggered_at, status, workflow_id, error_message) VALUES
              (90001, '0000-00-00 00:00:00', 'success', 1, NULL),
              (90002, '2026-11-20 10:00:00', NULL, 1, NULL),
              (90003, '2026-11-20 11:00:00', 'failed', 2, REPEAT('x', 5000000));
            CREATE TABLE `we``ird ta|ble` (`col "x" {y}` int PRIMARY KEY, `wf→id` int, UNIQUE (`wf→id`), FOREIGN KEY (`wf→id`) REFERENCES workflow (id));
            """, database: "hostile")
        #expect(altered.status == 0, "\(altered.stderr)")
        let inspected = try Flowsite.run(["inspect", "--db", url])
        #expect(inspected.status == 0, "\(inspected.stderr)")
        #expect(inspected.stdout.contains("workflowrun.triggered_at: unreadable datetime, 1 row (ids 90001): 0000-00-00 00:00:00"), "\(inspected.stdout)")
        #expect(inspected.stdout.contains("workflow.structured_definition: malformed JSON"), "\(inspected.stdout)")
        #expect(inspected.stdout.contains("integration.config: NULL in a non-null column, 1 row (ids 2)"), "\(inspected.stdout)")
        #expect(inspected.stdout.contains("workflowrun.status: NULL in a non-null column, 1 row (ids 90002)"), "\(inspected.stdout)")
        let rendered = try render(url, into: folder.appending(path: "site"))
        #expect(rendered.status == 0, "\(rendered.stderr)")
        let schemaPage = try String(contentsOf: folder.appending(path: "site/schema.md"), encoding: .utf8)
        #expect(schemaPage.contains("ird ta") && schemaPage.contains("wf→id"), "\(schemaPage.prefix(2000))")
    }

    /// A statement timeout and a connection killed in the middle of the run stream end the command cleanly.
    @Test func aTimeoutOrAKilledConnectionEndsCleanly() throws {
        let server = try Self.server()
        let folder = try Flowsite.folder()
        let url = try server.demoDatabase("busy", layout: "sqlmodel", from: try Self.demo(.sqlmodel, in: folder))
        #expect(try server.sql("""
            INSERT INTO workflowrun (triggered_at, status, workflow_id)
            SELECT TIMESTAMP('2026-11-24 00:00:00') - INTERVAL seq SECOND, 'success', 1 + seq % 12 FROM seq_1_to_400000
            """, database: "busy").status == 0)
        let site = folder.appending(path: "site")
        let timedOut = try render(url, into: site, ["--statement-timeout", "0.01"])
        #expect(timedOut.status == 2 && timedOut.stderr.contains("max_statement_time"), "\(timedOut.stderr)")
        #expect(!FileManager.default.fileExists(atPath: site.appending(path: "index.html").path))

        let killer = Thread {
            Thread.sleep(forTimeInterval: 0.5)
            let ids = (try? server.sql("SELECT ID FROM information_schema.PROCESSLIST WHERE DB = 'busy' AND ID <> CONNECTION_ID()"))?.stdout ?? ""
            for id in ids.split(separator: "\n") { _ = try? server.sql("KILL CONNECTION \(id)") }
        }
        killer.start()
        let killed = try render(url, into: site)
        #expect(killed.status == 2, "\(killed.stderr)")
        #expect(killed.stderr.contains("closed the connection") || killed.stderr.contains("Lost connection") || killed.stderr.contains("interrupted"), "\(killed.stderr)")
        #expect(killed.stderr.split(separator: "\n").count == 1 && !killed.stderr.contains(server.password), "\(killed.stderr)")
        #expect(!FileManager.default.fileExists(atPath: site.appending(path: "index.html").path))

        // A server that stops answering (here: another session holds the run table locked for 6 s) ends the command
        // after --read-timeout, in one line.
        let holder = Process()
        holder.executableURL = URL(fileURLWithPath: "/usr/bin/mariadb")
        holder.arguments = ["--no-defaults", "-uroot", "-p\(server.password)", "-h127.0.0.1", "-P\(server.port)", "busy", "-e",
                            "LOCK TABLES workflowrun WRITE; SELECT SLEEP(6); UNLOCK TABLES;"]
        holder.standardOutput = FileHandle.nullDevice
        try holder.run()
        Thread.sleep(forTimeInterval: 1)
        let started = Date()
        let stalled = try render(url, into: site, ["--read-timeout", "1"])
        #expect(stalled.status == 2 && stalled.stderr.contains("the server sent nothing for 1 s") && stalled.stderr.contains("--read-timeout"), "\(stalled.stderr)")
        #expect(stalled.stderr.split(separator: "\n").count == 1, "\(stalled.stderr)")
        #expect(Date().timeIntervalSince(started) < 4.5, "the read timeout fired, not the lock's end")
        holder.waitUntilExit()
    }

    // MARK: import

    /// Exports a database, edits one workflow's body and adds a new workflow; returns the folder and the edited id.
    func editedExport(_ url: String, in folder: URL) throws -> (files: URL, editedID: Int64) {
        let files = folder.appending(path: "files-\(UUID().uuidString.prefix(8))")
        let exported = try Flowsite.run(["export", "--db", url, "--out", files.path])
        guard exported.status == 0 else { throw MariaDBServerError(reason: exported.stderr) }
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
        let server = try Self.server()
        let columns = try server.sql("SELECT GROUP_CONCAT(CONCAT('`', COLUMN_NAME, '`') ORDER BY ORDINAL_POSITION) FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = '\(database)' AND TABLE_NAME = '\(table)'")
            .stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let listed = try server.sql("SELECT id, MD5(CONCAT_WS(0x1f, \(columns))) FROM `\(table)` ORDER BY id", database: database)
        return Dictionary(uniqueKeysWithValues: listed.stdout.split(separator: "\n").map { line in
            let parts = line.split(separator: "\t").map(String.init)
            return (parts[0], parts[1])
        })
    }

    /// Import writes as each app does: json.dumps text (SQLModel) or JSON.stringify text (Prisma); UTC wall times
    /// (DATETIME, DATETIME(3)); `updated_at` moves only on the rows that changed; `--dry-run` and `--check` write
    /// nothing; a second import changes nothing; render reads the result.
    @Test(arguments: [DatabaseLayout.sqlmodel, .prisma])
    func importWritesAsTheAppDoes(_ layout: DatabaseLayout) throws {
        let server = try Self.server()
        let folder = try Flowsite.folder()
        let name = "import_\(layout.rawValue)"
        let prisma = layout == .prisma
        let url = try server.demoDatabase(name, layout: layout.rawValue, from: try Self.demo(layout, in: folder))
        let table = prisma ? "Workflow" : "workflow"
        let (created, updated, definition) = prisma ? ("createdAt", "updatedAt", "structuredDefinition") : ("created_at", "updated_at", "structured_definition")
        let (files, editedID) = try editedExport(url, in: folder)
        let before = try workflowRows(name, table)

        let check = try Flowsite.run(["import", "--db", url, files.path, "--check"])
        #expect(check.status == 1 && check.stdout.contains("drift: 2 file(s) differ"), "\(check.stdout)\(check.stderr)")
        let dryRun = try Flowsite.run(["import", "--db", url, files.path, "--dry-run"])
        #expect(dryRun.status == 0 && dryRun.stdout.contains("dry run, nothing written: created 1, updated 1, unchanged 11"), "\(dryRun.stdout)\(dryRun.stderr)")
        #expect(try workflowRows(name, table) == before)

        let started = Date().timeIntervalSince1970
        let imported = try Flowsite.run(["import", "--db", url, files.path])
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stdout.contains("created 1, updated 1, unchanged 11"), "\(imported.stdout)")
        let after = try workflowRows(name, table)
        #expect(after.count == before.count + 1)
        for (id, row) in before where id != String(editedID) { #expect(after[id] == row, "workflow \(id) was not to be touched") }
        #expect(after[String(editedID)] != before[String(editedID)])

        // The wall times read as UTC: one written in another zone is hours off.
        let times = try server.sql("""
            SELECT TIMESTAMPDIFF(MICROSECOND, '1970-01-01', `\(created)`) / 1e6, TIMESTAMPDIFF(MICROSECOND, '1970-01-01', `\(updated)`) / 1e6, name = 'Brand new'
            FROM `\(table)` WHERE id = \(editedID) OR name = 'Brand new' ORDER BY id
            """, database: name).stdout.split(separator: "\n").map { $0.split(separator: "\t").map(String.init) }
        #expect(times.count == 2)
        for row in times {
            let (createdAt, updatedAt) = (Double(row[0]) ?? 0, Double(row[1]) ?? 0)
            #expect(abs(updatedAt - started) < 300, "updated_at \(updatedAt) is the import's instant (\(started)) in UTC")
            if row[2] == "1" { #expect(createdAt == updatedAt) } else { #expect(createdAt < started - 86_400, "created_at of an update is kept") }
        }
        let stored = try server.sql("SELECT `\(definition)` FROM `\(table)` WHERE name = 'Brand new'", database: name).stdout.trimmingCharacters(in: .newlines)
        if prisma {
            #expect(stored == #"{"trigger":{"type":"schedule","cron":"0 9 * * 1"},"actions":[{"integration":"github.com/acme/github-mcp","tool":"ping"}]}"#, "JSON.stringify text: \(stored)")
        } else {
            #expect(stored == #"{"trigger": {"type": "schedule", "cron": "0 9 * * 1"}, "actions": [{"integration": "github.com/acme/github-mcp", "tool": "ping"}]}"#, "json.dumps text as SQLModel writes it: \(stored)")
        }

        let again = try Flowsite.run(["import", "--db", url, files.path])
        #expect(again.status == 0 && again.stdout.contains("created 0, updated 0, unchanged 13"), "\(again.stdout)\(again.stderr)")
        #expect(try workflowRows(name, table) == after, "an unchanged import writes nothing, updated_at included")
        let inSync = try Flowsite.run(["import", "--db", url, files.path, "--check"])
        #expect(inSync.status == 0, "\(inSync.stdout)\(inSync.stderr)")
        let rendered = try render(url, into: folder.appending(path: "site"))
        #expect(rendered.status == 0, "\(rendered.stderr)")
        #expect(try String(contentsOf: folder.appending(path: "site/workflows/index.md"), encoding: .utf8).contains("Brand new"))
    }

    /// All or nothing: a row the database refuses rolls back the rows written before it; a workflow locked by
    /// another writer is waited for `--busy-timeout` seconds and then refused; a user without INSERT/UPDATE is told
    /// what it lacks. Each is one line naming the server (no password), exit 2, the database as it was.
    @Test func importIsAllOrNothingAndRespectsOtherWriters() throws {
        let server = try Self.server()
        let folder = try Flowsite.folder()
        let name = "import_safety"
        let url = try server.demoDatabase(name, layout: "sqlmodel", from: try Self.demo(.sqlmodel, in: folder))
        let password = server.password
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
        #expect(try server.sql("ALTER TABLE workflow ADD CONSTRAINT no_brand_new CHECK (name <> 'Brand new')", database: name).status == 0)
        try refused(url, "CONSTRAINT `no_brand_new` failed")
        #expect(try server.sql("ALTER TABLE workflow DROP CONSTRAINT no_brand_new", database: name).status == 0)

        // Another writer holds the edited workflow's row for 8 s; import waits 1 s for it.
        let holder = Process()
        holder.executableURL = URL(fileURLWithPath: "/usr/bin/mariadb")
        holder.arguments = ["--no-defaults", "-uroot", "-p\(password)", "-h127.0.0.1", "-P\(server.port)", name, "-e",
                            "BEGIN; SELECT 1 FROM workflow WHERE id = \(editedID) FOR UPDATE; SELECT SLEEP(8); COMMIT;"]
        holder.standardOutput = FileHandle.nullDevice
        try holder.run()
        Thread.sleep(forTimeInterval: 1.5)
        try refused(url, "Lock wait timeout exceeded", ["--busy-timeout", "1"])
        holder.waitUntilExit()

        #expect(try server.sql("""
            CREATE USER reader_only@'%' IDENTIFIED BY 'r3ad';
            GRANT SELECT ON \(name).* TO reader_only@'%';
            """).status == 0)
        try refused("mysql://reader_only:r3ad@127.0.0.1:\(server.port)/\(name)", "command denied to user 'reader_only'")

        let imported = try Flowsite.run(["import", "--db", url, files.path])
        #expect(imported.status == 0 && imported.stdout.contains("created 1, updated 1"), "\(imported.stderr)")
    }
}
