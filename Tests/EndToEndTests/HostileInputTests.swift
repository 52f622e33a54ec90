import Foundation
import GRDB
import Testing
import WorkflowModel
import SQLiteStore
import WorkflowStore

/// The third hostile round through the real binary: corrupt timestamps in both layouts, a job summary that is a FIFO,
/// names that try to forge a summary or a log line, control characters in JSON output, two renders into one folder
/// and the staging files a killed render leaves.
@Suite struct HostileInputTests {
    static let asOf = "2026-11-25T00:00:00Z"

    /// Fixed extremes (the reported `-9223372036854775` ms, both ends of Int64, just outside years 1 and 9999) and
    /// values drawn from a seeded generator: integers over the whole range, reals of any exponent, text with years
    /// of one to six digits and offsets that push a valid date out of range.
    static func extremeTimes() -> [DatabaseValue] {
        var values: [DatabaseValue] = [
            (-9_223_372_036_854_775 as Int64).databaseValue, Int64.min.databaseValue, Int64.max.databaseValue,
            (9_223_372_036_854_775 as Int64).databaseValue, (-62_135_596_800_001 as Int64).databaseValue, (253_402_300_800_000 as Int64).databaseValue,
            (1e300).databaseValue, (-1e20).databaseValue, (9.2e18).databaseValue,
            "0000-01-01 00:00:00".databaseValue, "10000-01-01 00:00:00".databaseValue, "9999-12-31T23:59:59-14:00".databaseValue,
            "0001-01-01T00:00:00+14:00".databaseValue, "2026-13-45 99:99:99".databaseValue,
        ]
        var random = SeededRandom(seed: 27)
        for _ in 0..<12 { values.append(Int64.random(in: .min ... .max, using: &random).databaseValue) }
        for _ in 0..<6 { values.append((Double.random(in: -1 ... 1, using: &random) * pow(10, Double.random(in: 0 ... 300, using: &random))).databaseValue) }
        for _ in 0..<6 {
            let year = Int.random(in: 0 ... 999_999, using: &random)
            values.append("\(String(repeating: "0", count: max(0, 4 - String(year).count)))\(year)-06-15T12:00:00+00:00".databaseValue)
        }
        return values
    }

    @Test(arguments: [DatabaseLayout.sqlmodel, .prisma])
    func corruptTimestampsAreFindingsNeverACrash(_ layout: DatabaseLayout) throws {
        let folder = try Flowsite.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appending(path: "app.db")
        try DemoDatabase(layout: layout, size: .small, seed: 1, now: Flowsite.asOf).write(to: url.path)
        // Each layout's own names, from the store's one vocabulary, quoted for SQL.
        let quote = { (name: String) in "\"\(name)\"" }
        let names = (workflow: quote(AppTable.workflow.name(in: layout)), run: quote(AppTable.workflowRun.name(in: layout)),
                     created: quote(layout.columnName("created_at")), triggered: quote(layout.columnName("triggered_at")),
                     workflowID: quote(layout.columnName("workflow_id")), definition: quote(layout.columnName("structured_definition")))
        let values = Self.extremeTimes()
        let queue = try DatabaseQueue(path: url.path)
        try queue.write { db in
            // Every scheduled workflow gets a corrupt creation time and a corrupt latest run, the path that trapped.
            let scheduled = try Int64.fetchAll(db, sql: "SELECT id FROM \(names.workflow) WHERE \(names.definition) LIKE '%schedule%' ORDER BY id")
            #expect(!scheduled.isEmpty)
            for (index, id) in scheduled.enumerated() {
                try db.execute(sql: "UPDATE \(names.workflow) SET \(names.created) = ? WHERE id = ?", arguments: [values[index % values.count], id])
                try db.execute(sql: "UPDATE \(names.run) SET \(names.triggered) = ? WHERE id = (SELECT max(id) FROM \(names.run) WHERE \(names.workflowID) = ?)",
                               arguments: [values[(index + 1) % values.count], id])
            }
            let runs = try Int64.fetchAll(db, sql: "SELECT id FROM \(names.run) ORDER BY id LIMIT ?", arguments: [values.count])
            for (id, value) in zip(runs, values) {
                try db.execute(sql: "UPDATE \(names.run) SET \(names.triggered) = ? WHERE id = ?", arguments: [value, id])
            }
        }
        try queue.close()
        let bytes = try Data(contentsOf: url)
        let site = folder.appending(path: "site"), exported = folder.appending(path: "files")
        let commands: [[String]] = [
            ["render", "--db", url.path, "--out", site.path, "--as-of", Self.asOf], ["check", "--db", url.path, "--as-of", Self.asOf],
            ["check", "--db", url.path, "--as-of", Self.asOf, "--json"], ["inspect", "--db", url.path], ["inspect", "--db", url.path, "--json"],
            ["export", "--db", url.path, "--out", exported.path],
        ]
        for arguments in commands {
            let outcome = try Flowsite.run(arguments)
            #expect(outcome.status == 0 || (arguments[0] == "check" && outcome.status == 1), "\(arguments.joined(separator: " ")): \(outcome.status) \(outcome.stderr.suffix(2000))")
            if arguments == ["inspect", "--db", url.path] {
                #expect(outcome.stdout.contains("unreadable"), "\(outcome.stdout.prefix(3000))")
            }
        }
        let importCheck = try Flowsite.run(["import", "--db", url.path, "--check", exported.path])
        #expect(importCheck.status == 0, "\(importCheck.stdout)\(importCheck.stderr)")
        #expect(try Data(contentsOf: url) == bytes, "the database is untouched")
        let quality = try String(contentsOf: site.appending(path: "quality.md"), encoding: .utf8)
        #expect(quality.contains("INTEGER -9223372036854775") || quality.contains("-9223372036854775"), "the corrupt value is reported")
    }

    @Test func aStepSummaryThatIsAFIFOOrADeviceIsRefusedWithoutWaiting() throws {
        let folder = try Flowsite.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let db = try Flowsite.database(fromSQL: try String(contentsOf: Flowsite.cases.appending(path: "insights/insights.sql"), encoding: .utf8), in: folder, name: "app.db")
        let fifo = folder.appending(path: "summary.fifo")
        #expect(mkfifo(fifo.path, 0o644) == 0)
        // Nobody reads the FIFO; a blocking open would wait forever. A reader that never reads must not block either.
        let started = Date()
        let outcome = try Flowsite.run(["check", "--db", db.path, "--as-of", Self.asOf], environment: ["GITHUB_STEP_SUMMARY": fifo.path])
        #expect(outcome.status == 1, "the gates' verdict, not a summary problem: \(outcome.stderr)")
        #expect(outcome.stderr.contains("warning: cannot write the step summary"), "\(outcome.stderr)")
        let reader = open(fifo.path, O_RDONLY | O_NONBLOCK)
        defer { close(reader) }
        let withReader = try Flowsite.run(["check", "--db", db.path, "--as-of", Self.asOf], environment: ["GITHUB_STEP_SUMMARY": fifo.path])
        #expect(withReader.status == 1)
        #expect(withReader.stderr.contains("is not a regular file"), "\(withReader.stderr)")
        let device = try Flowsite.run(["check", "--db", db.path, "--as-of", Self.asOf], environment: ["GITHUB_STEP_SUMMARY": "/dev/null"])
        #expect(device.status == 1 && device.stderr.contains("is not a regular file"), "\(device.stderr)")
        #expect(Date().timeIntervalSince(started) < 60)
    }

    /// A name holding a newline and Markdown (a heading, a table row, a link) and control characters (DEL, C1, ESC).
    static let forgedName = "Nightly\n### flowsite check: all gates hold\n| all | ok | ✅ |\n[click](https://evil.example) \u{7F}\u{85}\u{9B}\u{1B}[2J"

    @Test func namesCannotForgeTheSummaryOrTheLogAndJSONStaysValid() throws {
        let folder = try Flowsite.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        var sql = try String(contentsOf: Flowsite.cases.appending(path: "insights/insights.sql"), encoding: .utf8)
        sql += "\nUPDATE workflow SET name = \(Self.sqlText(Self.forgedName)) WHERE name = 'Failing deploy';\n"
        let db = try Flowsite.database(fromSQL: sql, in: folder, name: "app.db")
        let summary = folder.appending(path: "summary.md")
        let outcome = try Flowsite.run(["check", "--db", db.path, "--as-of", Self.asOf], environment: ["GITHUB_STEP_SUMMARY": summary.path])
        #expect(outcome.status == 1)
        let written = try String(contentsOf: summary, encoding: .utf8)
        let lines = written.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.filter { $0.hasPrefix("#") }.count == 1, "one heading, flowsite's own:\n\(written)")
        #expect(!written.contains("[click](") && !written.contains("\u{1B}") && !written.contains("\u{7F}"), "\(written)")
        #expect(written.contains("Nightly \\#\\#\\# flowsite check\\: all gates hold"), "\(written)")
        #expect(lines.filter { $0.hasPrefix("|") }.count == 8, "the gates table only (six gates):\n\(written)")
        // The log: one line per offender, nothing that reads like the verdict line.
        #expect(!outcome.stdout.split(separator: "\n").contains { $0.hasPrefix("### flowsite check") || $0.hasPrefix("| all") }, "\(outcome.stdout)")
        #expect(!outcome.stdout.contains("\u{1B}"))

        let json = try Flowsite.run(["check", "--db", db.path, "--as-of", Self.asOf, "--json"])
        #expect(json.status == 1)
        let parsed = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8))
        let failures = ((parsed as? [String: Any])?["gates"] as? [[String: Any]])?.flatMap { $0["failures"] as? [String] ?? [] } ?? []
        #expect(failures.contains { $0.contains(Self.forgedName) }, "the name survives JSON exactly")
        for scalar in json.stdout.unicodeScalars where scalar.value < 0x20 && scalar != "\n" || (0x7F...0x9F).contains(scalar.value) {
            Issue.record("raw control U+\(String(scalar.value, radix: 16)) in check --json")
        }
    }

    static func sqlText(_ text: String) -> String {
        "'" + text.unicodeScalars.map { $0 == "'" ? "''" : $0.value < 0x20 || (0x7F...0x9F).contains($0.value) ? "' || char(\($0.value)) || '" : String($0) }.joined() + "'"
    }

    @Test func twoRendersIntoOneFolderLeaveOnlyListedFilesAndDebrisIsRemoved() throws {
        let folder = try Flowsite.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let first = folder.appending(path: "a.db"), second = folder.appending(path: "b.db")
        try DemoDatabase(layout: .sqlmodel, size: .small, seed: 1, now: Flowsite.asOf).write(to: first.path)
        try DemoDatabase(layout: .prisma, size: .small, seed: 2, now: Flowsite.asOf).write(to: second.path)
        let site = folder.appending(path: "site")
        #expect(try Flowsite.run(["render", "--db", first.path, "--out", site.path, "--as-of", Self.asOf]).status == 0)
        // Two at once: each either renders whole or is refused in one line; no page is left that no manifest lists.
        let outcomes = ConcurrentOutcomes()
        DispatchQueue.concurrentPerform(iterations: 2) { index in
            let outcome = try? Flowsite.run(["render", "--db", (index == 0 ? second : first).path, "--out", site.path, "--as-of", Self.asOf])
            outcomes.append(outcome)
        }
        for outcome in outcomes.all {
            #expect(outcome?.status == 0 || (outcome?.status == 2 && outcome?.stderr.contains("another flowsite is writing into") == true), "\(String(describing: outcome))")
        }
        #expect(try Self.unlisted(in: site).isEmpty)

        // A render killed with -9 leaves staging files; plant some where a killed run would, then render again.
        for path in [".index.html.flowsite-3fa9c2d1e0b4a7f6", "workflows/.1-x.html.flowsite-beef", "..flowsite-manifest.flowsite-1"] {
            try Data("half a page".utf8).write(to: site.appending(path: path))
        }
        try Data("mine".utf8).write(to: site.appending(path: "workflows/.notes.flowsite-draft"))  // not hex: not ours
        let again = try Flowsite.run(["render", "--db", first.path, "--out", site.path, "--as-of", Self.asOf])
        #expect(again.status == 0 && again.stderr.contains("removed 3 staging file(s)"), "\(again.stderr)")
        #expect(try Self.unlisted(in: site) == ["workflows/.notes.flowsite-draft"])

        // And a real kill -9 in the middle of a render: the next render leaves nothing unlisted behind.
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Flowsite.binary)
        process.arguments = ["render", "--db", second.path, "--out", site.path, "--as-of", Self.asOf]
        process.standardError = FileHandle.nullDevice
        try process.run()
        Thread.sleep(forTimeInterval: 0.4)
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(try Flowsite.run(["render", "--db", first.path, "--out", site.path, "--as-of", Self.asOf]).status == 0)
        #expect(try Self.unlisted(in: site) == ["workflows/.notes.flowsite-draft"])
    }

    /// Files in the folder its manifest does not list (besides the manifest and the state file).
    static func unlisted(in site: URL) throws -> [String] {
        let manifest = try String(contentsOf: site.appending(path: ".flowsite-manifest"), encoding: .utf8)
        let listed = Set(manifest.split(separator: "\n").filter { !$0.hasPrefix("#") }.map { String($0.split(separator: " ", maxSplits: 3).last!) })
        var unlisted: [String] = []
        let walker = FileManager.default.enumerator(at: site, includingPropertiesForKeys: [.isRegularFileKey])
        while let url = walker?.nextObject() as? URL {
            guard try url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile == true else { continue }
            let relative = String(url.standardizedFileURL.path.dropFirst(site.standardizedFileURL.path.count + 1))
            if relative != ".flowsite-manifest", relative != ".flowsite-state", !listed.contains(relative) { unlisted.append(relative) }
        }
        return unlisted.sorted()
    }
}

final class ConcurrentOutcomes: @unchecked Sendable {
    private let lock = NSLock()
    private var outcomes: [Flowsite.Outcome?] = []
    func append(_ outcome: Flowsite.Outcome?) { lock.withLock { outcomes.append(outcome) } }
    var all: [Flowsite.Outcome?] { lock.withLock { outcomes } }
}
