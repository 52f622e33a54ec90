import Foundation
import GRDB
import Testing
import WorkflowModel
import WorkflowStore

/// Bad input gets a clear message naming the file (and line), a non-zero exit code, and leaves every database
/// and output file as it was.
@Suite(.serialized) struct BadInputTests {
    // MARK: Databases

    @Test(arguments: try Flowsite.expectations("databases"))
    func committedDatabaseCases(_ name: String, _ status: Int32, _ message: String?) throws {
        let folder = try Flowsite.folder()
        let sql = try String(contentsOf: Flowsite.cases.appending(path: "databases/\(name)"), encoding: .utf8)
        let db = try Flowsite.database(fromSQL: sql, in: folder, name: name.replacingOccurrences(of: ".sql", with: ".db"))
        let before = try Data(contentsOf: db)
        for command in [["render", "--db", db.path, "--out", folder.appending(path: "site").path, "--as-of", "2026-11-25T00:00:00Z"], ["inspect", "--db", db.path]] {
            let outcome = try Flowsite.run(command)
            #expect(outcome.status == status, "\(name) \(command[0]): \(outcome.stderr)")
            if let message { #expect(outcome.stderr.contains(message) && outcome.stderr.contains(db.lastPathComponent), "\(name): \(outcome.stderr)") }
            #expect(try Data(contentsOf: db) == before, "\(name): the database changed")
        }
        // `check` refuses an unusable database the same way; a usable one gets a verdict (0 or 1), never 2.
        let check = try Flowsite.run(["check", "--db", db.path, "--as-of", "2026-11-25T00:00:00Z"])
        if status == 2 {
            #expect(check.status == 2, "\(name) check: \(check.stderr)")
            if let message { #expect(check.stderr.contains(message), "\(name) check: \(check.stderr)") }
        } else {
            #expect(check.status == 0 || check.status == 1, "\(name) check: \(check.stdout)\(check.stderr)")
        }
        #expect(try Data(contentsOf: db) == before, "\(name): check changed the database")
    }

    @Test func malformedJSONAndOddValuesShowUpAsFindings() throws {
        let folder = try Flowsite.folder()
        for (name, expected) in [("malformed-json", ["workflow.structured_definition: malformed JSON", "integration.config: malformed JSON"]),
                                 ("odd-values", ["workflowrun.status: unknown run status", "workflowrun.error_message: invalid UTF-8", "workflow.name: NULL in a non-null column", "workflowrun.workflow_id: NULL in a non-null column"]),
                                 ("dates", ["workflowrun.triggered_at: unreadable datetime, 3 rows (ids 6, 7, 8)"])] {
            let sql = try String(contentsOf: Flowsite.cases.appending(path: "databases/\(name).sql"), encoding: .utf8)
            let db = try Flowsite.database(fromSQL: sql, in: folder, name: "\(name).db")
            let report = try Flowsite.run(["inspect", "--db", db.path]).stdout
            for line in expected { #expect(report.contains(line), "\(name): \(report)") }
        }
    }

    @Test func aMissingEmptyTextOrDamagedFileGivesAClearErrorAndExitCode2() throws {
        let folder = try Flowsite.folder()
        let demo = try Flowsite.demo(in: folder)
        let bytes = try Data(contentsOf: demo)
        let empty = folder.appending(path: "empty.db"); try Data().write(to: empty)
        let text = folder.appending(path: "notes.db"); try Data(String(repeating: "not a database\n", count: 200).utf8).write(to: text)
        let truncated = folder.appending(path: "truncated.db"); try bytes.prefix(bytes.count / 3).write(to: truncated)
        var damaged = bytes
        for offset in stride(from: 4096 * 2, to: damaged.count - 100, by: 997) { damaged[offset] ^= 0x5A }
        let corrupt = folder.appending(path: "corrupt.db"); try damaged.write(to: corrupt)
        let cases: [(String, String)] = [
            (folder.appending(path: "missing.db").path, "missing.db: no such file"),
            (empty.path, "empty.db is not a workflow database: no table 'workflow' or 'Workflow' (no tables)"),
            (text.path, "notes.db is not a SQLite database (file is not a database)"),
            (truncated.path, "truncated.db"),
            (corrupt.path, "corrupt.db"),
        ]
        for (path, message) in cases {
            let before = FileManager.default.contents(atPath: path)
            let outcome = try Flowsite.run(["render", "--db", path, "--out", folder.appending(path: "site").path])
            #expect(outcome.status == 2, "\(path): \(outcome.status) \(outcome.stderr)")
            #expect(outcome.stderr.contains(message), "\(outcome.stderr)")
            #expect(outcome.stderr.split(separator: "\n").count == 1, "one line, not a stack trace: \(outcome.stderr)")
            #expect(FileManager.default.contents(atPath: path) == before)
        }
        #expect(!FileManager.default.fileExists(atPath: folder.appending(path: "missing.db").path))
        #expect(!FileManager.default.fileExists(atPath: folder.appending(path: "site").path))
    }

    @Test func aTenMegabyteErrorMessageRendersTruncated() throws {
        let folder = try Flowsite.folder()
        let db = try Flowsite.demo(in: folder)
        let huge = String(repeating: "boom ", count: 2_100_000)
        try DatabaseQueue(path: db.path).write { try $0.execute(sql: "UPDATE workflowrun SET error_message = ? WHERE id = 5", arguments: [huge]) }
        let site = folder.appending(path: "site")
        let outcome = try Flowsite.run(["render", "--db", db.path, "--out", site.path, "--as-of", "2026-11-25T00:00:00Z"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        // Pages only: the site's own Mermaid (assets/mermaid/, 3.5 MB) is the same whatever the data.
        let largest = try FileManager.default.subpathsOfDirectory(atPath: site.path).filter { !$0.hasPrefix("assets/") }.map { (try? FileManager.default.attributesOfItem(atPath: site.appending(path: $0).path)[.size] as? Int) ?? 0 }.max() ?? 0
        #expect(largest < 1_000_000)
    }

    @Test func aDatabaseLockedByAWriterFailsClearlyAfterTheBusyTimeout() throws {
        let folder = try Flowsite.folder()
        let db = try Flowsite.demo(in: folder)
        var configuration = Configuration()
        configuration.allowsUnsafeTransactions = true  // this test holds the lock across accesses on purpose
        let writer = try DatabaseQueue(path: db.path, configuration: configuration)
        try writer.writeWithoutTransaction { try $0.execute(sql: "BEGIN EXCLUSIVE; UPDATE workflow SET name = name") }
        let started = Date()
        let outcome = try Flowsite.run(["render", "--db", db.path, "--out", folder.appending(path: "site").path, "--busy-timeout", "1"])
        #expect(outcome.status == 2)
        #expect(outcome.stderr.contains("app.db is locked by another connection"), "\(outcome.stderr)")
        #expect(Date().timeIntervalSince(started) < 30)
        try writer.writeWithoutTransaction { try $0.execute(sql: "ROLLBACK") }
    }

    @Test func aRenderWhileTheAppWritesIsAConsistentSnapshot() throws {
        let folder = try Flowsite.folder()
        let db = try Flowsite.demo(in: folder)
        var configuration = Configuration()
        configuration.journalMode = .wal
        let app = try DatabasePool(path: db.path, configuration: configuration)
        let before = try app.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM workflowrun")! }
        let stop = Flag()
        let inserter = Thread {
            var index = 0
            while !stop.isSet {
                try? app.write { try $0.execute(sql: "INSERT INTO workflowrun (triggered_at, status, workflow_id) VALUES ('2026-11-24 12:00:00.000000', 'completed', ?)", arguments: [index % 12 + 1]) }
                index += 1
            }
        }
        inserter.start()
        let site = folder.appending(path: "site")
        let outcome = try Flowsite.run(["render", "--db", db.path, "--out", site.path, "--as-of", "2026-11-25T00:00:00Z"])
        stop.set()
        Thread.sleep(forTimeInterval: 0.2)
        let after = try app.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM workflowrun")! }
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let stats = try JSONParser.parse(String(contentsOf: site.appending(path: "stats.json"), encoding: .utf8))
        guard case .integer(let total)? = stats["totals"]?["runs"] else { Issue.record("no total"); return }
        #expect(total >= before && total <= after)
        let perWorkflow = stats["workflows"]?.arrayValue?.compactMap { workflow -> Int64? in if case .integer(let n)? = workflow["runs_total"] { return n } else { return nil } }.reduce(0, +)
        #expect(perWorkflow == total, "every run counted once, all from one snapshot")
        #expect(after > before, "the app really wrote during the render")
    }

    // MARK: Markdown files

    @Test(arguments: try Flowsite.expectations("markdown"))
    func committedMarkdownCases(_ name: String, _ status: Int32, _ message: String?) throws {
        let folder = try Flowsite.folder()
        let db = try Flowsite.demo(in: folder)
        let before = try Data(contentsOf: db)
        let outcome = try Flowsite.run(["import", "--db", db.path, Flowsite.cases.appending(path: "markdown/\(name)").path])
        #expect(outcome.status == status, "\(name): \(outcome.stderr)")
        if let message { #expect((outcome.stdout + outcome.stderr).contains(message), "\(name): \(outcome.stdout) \(outcome.stderr)") }
        if status != 0 { #expect(try Data(contentsOf: db) == before, "\(name): the database changed") }
        // `import --check` never writes: a file import refuses cannot be compared (2, same message); one it accepts
        // is drift (1: it is not in the demo database).
        let beforeCheck = try Data(contentsOf: db)
        let check = try Flowsite.run(["import", "--check", "--db", db.path, Flowsite.cases.appending(path: "markdown/\(name)").path])
        #expect(check.status == (status == 0 ? 1 : 2), "\(name) import --check: \(check.stdout)\(check.stderr)")
        if status != 0, let message { #expect(check.stderr.contains(message), "\(name) import --check: \(check.stderr)") }
        #expect(try Data(contentsOf: db) == beforeCheck, "\(name): import --check changed the database")
    }

    @Test func binaryHugeAndEscapingFilesAreRefusedAndNothingIsWritten() throws {
        let folder = try Flowsite.folder()
        let db = try Flowsite.demo(in: folder)
        let before = try Data(contentsOf: db)
        let files = folder.appending(path: "workflows")
        try FileManager.default.createDirectory(at: files, withIntermediateDirectories: true)
        try Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00]).write(to: files.appending(path: "logo.md"))
        try Data(("---\nname: Big\nowner: alice\ntrigger: {type: manual}\nactions: []\n---\n" + String(repeating: "x", count: 2 << 20)).utf8).write(to: files.appending(path: "big.md"))
        let outside = folder.appending(path: "secret.md")
        try Data("---\nname: Outside\nowner: alice\ntrigger: {type: manual}\nactions: []\n---\n".utf8).write(to: outside)
        try FileManager.default.createSymbolicLink(at: files.appending(path: "link.md"), withDestinationURL: outside)
        try Data("---\nname: Fine\nowner: alice\ntrigger: {type: manual}\nactions:\n  - {integration: github.com/acme/github-mcp, tool: ping}\n---\n".utf8).write(to: files.appending(path: "fine.md"))
        let outcome = try Flowsite.run(["import", "--db", db.path, files.path])
        #expect(outcome.status == 1)
        #expect(outcome.stderr.contains("logo.md:1:1: not UTF-8 text"), "\(outcome.stderr)")
        let bigSize = try FileManager.default.attributesOfItem(atPath: files.appending(path: "big.md").path)[.size] as? Int ?? 0
        #expect(outcome.stderr.contains("big.md:1:1: file is \(bigSize) bytes; workflow files are limited to 1048576 bytes (1 MiB)"), "\(outcome.stderr)")
        #expect(outcome.stderr.contains("link.md:1:1: symlink points outside"), "\(outcome.stderr)")
        #expect(outcome.stderr.contains("nothing was written"))
        #expect(try Data(contentsOf: db) == before)
    }

    // MARK: Output

    @Test func refusesAFolderItDoesNotOwnAndAFile() throws {
        let folder = try Flowsite.folder()
        let db = try Flowsite.demo(in: folder)
        let home = folder.appending(path: "home")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        try Data("keep me".utf8).write(to: home.appending(path: "notes.txt"))
        let refused = try Flowsite.run(["render", "--db", db.path, "--out", home.path])
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("\(home.path) holds 1 entry flowsite did not write"), "\(refused.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: home.path) == ["notes.txt"])
        let file = home.appending(path: "notes.txt")
        let notAFolder = try Flowsite.run(["render", "--db", db.path, "--out", file.path])
        #expect(notAFolder.status == 2)
        #expect(notAFolder.stderr.contains("notes.txt is a file, not a folder"), "\(notAFolder.stderr)")
        #expect(try String(contentsOf: file, encoding: .utf8) == "keep me")
    }

    @Test(.enabled(if: Flowsite.canMount, "needs root to mount a small tmpfs"))
    func aFullDiskOrReadOnlyFolderKeepsThePreviousSite() throws {
        let folder = try Flowsite.folder()
        let db = try Flowsite.demo(in: folder)
        let mount = folder.appending(path: "mnt")
        try FileManager.default.createDirectory(at: mount, withIntermediateDirectories: true)
        // Room for the HTML site with its run pages (a tmpfs gives each small file a 4 kB page).
        #expect(Flowsite.shell("mount -t tmpfs -o size=8m tmpfs '\(mount.path)'") == 0)
        defer { Flowsite.shell("umount '\(mount.path)'") }
        let site = mount.appending(path: "site")
        #expect(try Flowsite.run(["render", "--db", db.path, "--out", site.path, "--as-of", "2026-11-20T00:00:00Z", "--format", "html"]).status == 0)
        let snapshot = try Self.tree(site)

        // Full: leave room for a few pages only, then render a day later, which changes every page.
        #expect(Flowsite.shell("dd if=/dev/zero of='\(mount.path)/filler' bs=1k count=100000 2>/dev/null; true") == 0)
        let full = try Flowsite.run(["render", "--db", db.path, "--out", site.path, "--as-of", "2026-11-25T00:00:00Z"])
        #expect(full.status == 2)
        #expect(full.stderr.contains("No space left on device"), "\(full.stderr)")
        #expect(try Self.tree(site) == snapshot, "the previous site changed")
        try FileManager.default.removeItem(at: mount.appending(path: "filler"))

        // Read-only.
        #expect(Flowsite.shell("mount -o remount,ro '\(mount.path)'") == 0)
        let readOnly = try Flowsite.run(["render", "--db", db.path, "--out", site.path, "--as-of", "2026-11-25T00:00:00Z"])
        #expect(readOnly.status == 2)
        #expect(readOnly.stderr.contains("Read-only file system"), "\(readOnly.stderr)")
        #expect(try Self.tree(site) == snapshot)
    }

    /// Every file's path and bytes.
    static func tree(_ folder: URL) throws -> [String: Data] {
        var files: [String: Data] = [:]
        for path in try FileManager.default.subpathsOfDirectory(atPath: folder.path) {
            var isFolder: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: folder.appending(path: path).path, isDirectory: &isFolder)
            if !isFolder.boolValue { files[path] = FileManager.default.contents(atPath: folder.appending(path: path).path) }
        }
        return files
    }
}

final class Flag: @unchecked Sendable {
    private var value = false
    private let lock = NSLock()
    var isSet: Bool { lock.lock(); defer { lock.unlock() }; return value }
    func set() { lock.lock(); value = true; lock.unlock() }
}
