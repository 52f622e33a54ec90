import Foundation
import Testing

/// The real binary against a hostile file system and hostile options: it never deletes, overwrites or writes
/// outside what it owns, never follows a link below its folder, and never crashes or hangs. Every case also checks
/// that a watched sibling folder is byte-for-byte as it was.
@Suite struct SafetyTests {
    /// Every file below a folder with its bytes (links as their targets), to prove nothing there changed.
    static func contents(of folder: URL) -> [String: Data] {
        var result: [String: Data] = [:]
        let walker = FileManager.default.enumerator(atPath: folder.path)
        while let relative = walker?.nextObject() as? String {
            let path = folder.appending(path: relative).path
            if let target = try? FileManager.default.destinationOfSymbolicLink(atPath: path) {
                result[relative] = Data(("link:" + target).utf8)
            } else if let data = FileManager.default.contents(atPath: path) {
                result[relative] = data
            }
        }
        return result
    }

    /// A folder beside the work with files a user cares about.
    static func watched(in folder: URL) throws -> URL {
        let sibling = folder.appending(path: "sibling")
        try FileManager.default.createDirectory(at: sibling.appending(path: "sub"), withIntermediateDirectories: true)
        try Data("keep me".utf8).write(to: sibling.appending(path: "notes.txt"))
        try Data("and me".utf8).write(to: sibling.appending(path: "sub/index.html"))
        return sibling
    }

    @Test func demoNeverDestroysWhatIsThere() throws {
        let folder = try Flowsite.folder()
        let sibling = try Self.watched(in: folder)
        let before = Self.contents(of: sibling)
        let overFolder = try Flowsite.run(["demo", "--db", sibling.path, "--force"])
        #expect(overFolder.status == 2 && overFolder.stderr.contains("is not a regular file"), "\(overFolder.stderr)")
        let db = try Flowsite.demo(in: folder)
        let bytes = try Data(contentsOf: db)
        let again = try Flowsite.run(["demo", "--db", db.path])
        #expect(again.status == 2 && again.stderr.contains("already exists"), "\(again.stderr)")
        #expect(try Data(contentsOf: db) == bytes)
        let notes = sibling.appending(path: "notes.txt")
        #expect(try Flowsite.run(["demo", "--db", notes.path, "--force"]).status == 2)
        // A crash left a -wal beside the old database: --force replaces the three together.
        try Data(repeating: 7, count: 4096).write(to: URL(fileURLWithPath: db.path + "-wal"))
        #expect(try Flowsite.run(["demo", "--db", db.path, "--force", "--now", "2026-11-25T00:00:00Z"]).status == 0)
        #expect(!FileManager.default.fileExists(atPath: db.path + "-wal"))
        #expect(try Flowsite.run(["inspect", "--db", db.path]).status == 0)
        #expect(Self.contents(of: sibling) == before)
    }

    @Test func renderNeverFollowsALinkOrTrustsAnEditedManifest() throws {
        let folder = try Flowsite.folder()
        let sibling = try Self.watched(in: folder)
        let before = Self.contents(of: sibling)
        let db = try Flowsite.demo(in: folder)
        let site = folder.appending(path: "site")
        let render = { try Flowsite.run(["render", "--db", db.path, "--out", site.path, "--as-of", "2026-11-25T00:00:00Z"]) }
        #expect(try render().status == 0)

        try FileManager.default.removeItem(at: site.appending(path: "workflows"))
        try FileManager.default.createSymbolicLink(at: site.appending(path: "workflows"), withDestinationURL: sibling)
        let linked = try render()
        #expect(linked.status == 2 && linked.stderr.contains("workflows is a symbolic link inside the output folder"), "\(linked.stderr)")
        #expect(Self.contents(of: sibling) == before)
        try FileManager.default.removeItem(at: site.appending(path: "workflows"))

        try FileManager.default.createDirectory(at: site.appending(path: "keepme"), withIntermediateDirectories: true)
        try Data("precious".utf8).write(to: site.appending(path: "keepme/data.txt"))
        let manifest = site.appending(path: ".flowsite-manifest")
        try Data((try String(contentsOf: manifest, encoding: .utf8) + "keepme\nworkflows\n.\n../sibling/notes.txt\n").utf8).write(to: manifest)
        let edited = try render()
        #expect(edited.status == 0, "\(edited.stderr)")
        #expect(try String(contentsOf: site.appending(path: "keepme/data.txt"), encoding: .utf8) == "precious")
        #expect(try render().status == 0, "every later render works")

        let index = site.appending(path: "index.html")
        let good = try Data(contentsOf: index)
        try Data("defaced".utf8).write(to: index)
        let repaired = try render()
        #expect(repaired.stderr.contains("1 written"), "\(repaired.stderr)")
        #expect(try Data(contentsOf: index) == good)
        #expect(Self.contents(of: sibling) == before)
    }

    @Test func exportNeverClobbersAFileItDidNotWrite() throws {
        let folder = try Flowsite.folder()
        let db = try Flowsite.demo(in: folder)
        let mine = folder.appending(path: "mine")
        try FileManager.default.createDirectory(at: mine, withIntermediateDirectories: true)
        try Data("my readme".utf8).write(to: mine.appending(path: "readme.md"))
        let refused = try Flowsite.run(["export", "--db", db.path, "--out", mine.path])
        #expect(refused.status == 2 && refused.stderr.contains("flowsite did not write"), "\(refused.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: mine.path) == ["readme.md"])
        let file = try Flowsite.run(["export", "--db", db.path, "--out", mine.appending(path: "readme.md").path])
        #expect(file.status == 2 && file.stderr.contains("is a file, not a folder"), "\(file.stderr)")
    }

    @Test func badOptionsAreUsageErrorsAndNothingHangsOrCrashes() throws {
        let folder = try Flowsite.folder()
        let db = try Flowsite.demo(in: folder)
        let out = folder.appending(path: "out").path
        for value in ["nan", "inf", "3000000", "-5"] {
            let result = try Flowsite.run(["render", "--db", db.path, "--out", out, "--busy-timeout=\(value)"])
            #expect(result.status == 64, "--busy-timeout \(value): \(result.status) \(result.stderr)")
        }
        #expect(try Flowsite.run(["render", "--db", db.path, "--out", out, "--format", ","]).status == 64)
        #expect(try Flowsite.run(["render", "--db", db.path, "--out", out, "--templates", "/missing"]).status == 64)
        let fifo = folder.appending(path: "fifo").path
        #expect(mkfifo(fifo, 0o600) == 0)
        for command in [["render", "--out", out], ["export", "--out", out], ["inspect"]] {
            let result = try Flowsite.run([command[0], "--db", fifo] + command.dropFirst())
            #expect(result.status == 2 && result.stderr.contains("is a FIFO"), "\(command[0]): \(result.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    @Test func outputThatCannotBeWrittenFailsAndTerminalTextIsEscaped() throws {
        let folder = try Flowsite.folder()
        let db = try Flowsite.demo(in: folder)
        #expect(Flowsite.shell("'\(Flowsite.binary)' inspect --db '\(db.path)' > /dev/full") == 2)
        #expect(Flowsite.shell("'\(Flowsite.binary)' inspect --db '\(db.path)' 2>&-") == 0, "a closed stderr is no crash")
        #expect(Flowsite.shell("sqlite3 '\(db.path)' \"UPDATE workflowrun SET status = 'x' || char(27) || '[2J' || char(7) WHERE id = 1\"") == 0)
        let inspect = try Flowsite.run(["inspect", "--db", db.path])
        #expect(!inspect.stdout.contains("\u{1B}") && !inspect.stdout.contains("\u{07}"))
        #expect(inspect.stdout.contains("x\\u{1B}[2j\\u{7}"), "\(inspect.stdout)")
    }

    /// A user without write access to the folder of a WAL database (a report job reading the app's file) is told
    /// what is needed instead of "attempt to write a readonly database", and `?immutable=1` reads it.
    @Test(.enabled(if: getuid() == 0 && FileManager.default.isExecutableFile(atPath: "/usr/sbin/runuser"), "needs root to run as another user"))
    func aReaderWithoutWriteAccessToAWALDatabaseIsToldWhatItNeeds() throws {
        let folder = try Flowsite.folder()
        let db = try Flowsite.demo(in: folder)
        #expect(Flowsite.shell("sqlite3 '\(db.path)' 'PRAGMA journal_mode=WAL' && chmod 755 '\(folder.path)' && chmod 644 '\(db.path)'") == 0)
        let binary = folder.appending(path: "flowsite").path
        // Copied by cp, not by this process: a test forking at the same moment would inherit our open write
        // descriptor, and exec would fail with "Text file busy".
        #expect(Flowsite.shell("cp '\(Flowsite.binary)' '\(binary)'") == 0)
        let plain = try Flowsite.run(["/usr/sbin/runuser", "-u", "nobody", "--", binary, "inspect", "--db", db.path], direct: true)
        #expect(plain.status == 2 && plain.stderr.contains("give write access to the folder \(folder.path)") && plain.stderr.contains("immutable=1"), "\(plain.stderr)")
        let immutable = try Flowsite.run(["/usr/sbin/runuser", "-u", "nobody", "--", binary, "inspect", "--db", "file:\(db.path)?immutable=1"], direct: true)
        #expect(immutable.status == 0, "\(immutable.stderr)")
    }

    /// A render that fails part-way leaves the previous site byte-for-byte; duplicate ids are a finding, not a failure.
    @Test func aFailedRenderLeavesThePreviousSiteAndDuplicateIDsRender() throws {
        let folder = try Flowsite.folder()
        let db = try Flowsite.demo(in: folder)
        let site = folder.appending(path: "site")
        let render = { try Flowsite.run(["render", "--db", db.path, "--out", site.path, "--as-of", "2026-11-25T00:00:00Z"]) }
        #expect(try render().status == 0)
        let before = Self.contents(of: site)
        #expect(Flowsite.shell("sqlite3 '\(db.path)' \"INSERT INTO workflow (id, name, natural_language_description, structured_definition, created_at, updated_at, owner_id) VALUES (500, 'Newcomer', 'x', '{}', '2026-11-01 00:00:00', '2026-11-01 00:00:00', 1)\"") == 0)
        try Data("someone else's".utf8).write(to: site.appending(path: "workflows/500-newcomer.md"))
        let failed = try render()
        #expect(failed.status == 2 && failed.stderr.contains("500-newcomer.md exists and flowsite did not write it"), "\(failed.stderr)")
        var after = Self.contents(of: site)
        after["workflows/500-newcomer.md"] = nil
        #expect(after == before, "no page of the previous site changed, no staging file is left")

        let plain = folder.appending(path: "plain.sql")
        try Data("""
            CREATE TABLE user (id INTEGER, username TEXT, hashed_password TEXT, email TEXT, created_at TEXT);
            CREATE TABLE workflow (id INTEGER, name TEXT, description TEXT, natural_language_description TEXT, structured_definition TEXT, created_at TEXT, updated_at TEXT, owner_id INTEGER);
            CREATE TABLE integration (id INTEGER, server_name TEXT, config TEXT, created_at TEXT, owner_id INTEGER);
            CREATE TABLE workflowrun (id INTEGER, triggered_at TEXT, status TEXT, trigger_data TEXT, output_data TEXT, error_message TEXT, workflow_id INTEGER);
            INSERT INTO user VALUES (1, 'alice', 'x', NULL, '2026-11-01 00:00:00');
            INSERT INTO workflow VALUES (1, 'First', NULL, 'x', '{}', '2026-11-01 00:00:00', '2026-11-01 00:00:00', 1);
            INSERT INTO workflow VALUES (1, 'Second', NULL, 'x', '{}', '2026-11-01 00:00:00', '2026-11-01 00:00:00', 1);
            """.utf8).write(to: plain)
        let duplicate = folder.appending(path: "duplicate.db")
        #expect(Flowsite.shell("sqlite3 '\(duplicate.path)' < '\(plain.path)'") == 0)
        let rendered = try Flowsite.run(["render", "--db", duplicate.path, "--out", folder.appending(path: "dup-site").path])
        #expect(rendered.status == 0, "\(rendered.stderr)")
        #expect(try Flowsite.run(["inspect", "--db", duplicate.path]).stdout.contains("workflow.id: duplicate id, 1 row (ids 1)"))
    }
}
