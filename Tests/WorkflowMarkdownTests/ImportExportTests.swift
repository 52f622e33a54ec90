import Foundation
import GRDB
import Testing
import WorkflowModel
import SQLiteStore
import WorkflowStore
@testable import WorkflowMarkdown
import TestSupport

@Suite struct ImportExportTests {
    static let now = TestClock.asOf

    static func folder() throws -> URL { try TemporaryFolder.make("md") }

    static func demo(_ layout: DatabaseLayout = .sqlmodel) throws -> URL {
        try FixtureDatabases.demo(at: folder().appending(path: "app.db"), layout: layout)
    }

    /// Parses texts as files named in order, then imports them.
    static func importTexts(_ texts: [(String, String)], into db: URL, options: ImportOptions = .init(now: now)) throws -> ImportReport {
        let parsed = texts.map { WorkflowFileParser().parse(Data($0.1.utf8), path: $0.0) }
        var report = try SQLiteWorkflowImporter(location: .init(path: db.path))
            .run(parsed.compactMap(\.candidate), fileProblems: parsed.flatMap(\.issues), options: options)
        report.problems.sort()
        return report
    }

    static func file(id: Int64? = nil, name: String, owner: String? = "alice", server: String = "github.com/acme/github-mcp") -> String {
        "---\n\(id.map { "id: \($0)\n" } ?? "")name: \(name)\n\(owner.map { "owner: \($0)\n" } ?? "")trigger: {type: manual}\nactions:\n  - integration: \(server)\n    tool: ping\n---\nBody of \(name).\n"
    }

    @Test func appliesIdentityRulesWithExactPositions() throws {
        let db = try Self.demo()
        let report = try Self.importTexts([
            ("a.md", Self.file(id: 999, name: "Ghost")),
            ("b.md", Self.file(id: 2, name: "Not mine")),  // workflow 2 belongs to józef
            ("c.md", Self.file(name: "Who", owner: "mallory")),
            ("d.md", Self.file(id: 1, name: "One")),
            ("e.md", Self.file(id: 1, name: "One again")),
            ("f.md", Self.file(name: "No owner", owner: nil)),
            ("g.md", Self.file(name: "Fresh")),
            ("h.md", Self.file(name: "Fresh")),
        ], into: db)
        #expect(report.problems.map(\.description) == [
            "a.md:2:5: no workflow with id 999 in app.db; remove 'id:' to create it",
            "b.md:2:5: workflow 2 belongs to 'józef', not 'alice'",
            "c.md:3:8: owner 'mallory' is not a user of app.db (import never creates users)",
            "e.md:2:5: id 1 is also named by d.md",
            "f.md:2:7: no owner: add 'owner:' to the front matter or pass --owner",
            "h.md:2:7: g.md also creates a workflow 'Fresh' for 'alice'",
        ])
        #expect(!report.applied)
    }

    @Test func severalWorkflowsWithTheSameNameNeedAnID() throws {
        let db = try Self.demo()
        _ = try Self.importTexts([("x.md", Self.file(name: "Twin"))], into: db)
        _ = try Self.importTexts([("y.md", Self.file(name: "Twin", owner: "alice").replacingOccurrences(of: "tool: ping", with: "tool: pong"))], into: db)
        let queue = try DatabaseQueue(path: db.path)
        try queue.write { try $0.execute(sql: "INSERT INTO workflow (name, natural_language_description, structured_definition, created_at, updated_at, owner_id) SELECT name, natural_language_description, structured_definition, created_at, updated_at, owner_id FROM workflow WHERE name = 'Twin'") }
        try queue.close()
        let report = try Self.importTexts([("z.md", Self.file(name: "Twin"))], into: db)
        #expect(report.problems.map(\.description) == ["z.md:2:7: 2 workflows of 'alice' are named 'Twin' (ids 13, 14); add 'id:' to choose one"])
    }

    /// One run reports every problem: a YAML error in one file does not hide an unknown owner or id in others, nor
    /// a structural error hide the database problems of the same file.
    @Test func everyProblemOfEveryFileInOnePass() throws {
        let db = try Self.demo()
        let before = try Data(contentsOf: db)
        let report = try Self.importTexts([
            ("a.md", "---\nname: x\ntrigger: {type: manual\n---\n"),
            ("b.md", Self.file(name: "Bad op", owner: "mallory").replacingOccurrences(of: "actions:", with: "conditions:\n  - {field: a, op: like, value: 1}\nactions:")),
            ("c.md", Self.file(id: 999, name: "Ghost")),
            ("d.md", "---\nname: Draft\nowner: alice\n---\n"),
        ], into: db)
        #expect(report.problems.map(\.description) == [
            "a.md:4:1: YAML syntax error: while parsing a flow mapping: did not find expected ',' or '}'",
            "b.md:3:8: owner 'mallory' is not a user of app.db (import never creates users)",
            "b.md:6:20: unknown condition op 'like'; expected one of equals, not_equals, contains, not_contains, matches, exists, gt, lt",
            "c.md:2:5: no workflow with id 999 in app.db; remove 'id:' to create it",
            "d.md:1:1: warning: draft: no 'actions' yet, so the workflow does nothing",
            "d.md:1:1: warning: draft: no 'trigger' yet, so the app will not run it",
        ])
        #expect(try !report.applied && Data(contentsOf: db) == before)
    }

    @Test func aMissingIntegrationWarnsAndFailsWithStrict() throws {
        let db = try Self.demo()
        let text = Self.file(name: "Uses unknown", server: "github.com/acme/nowhere")
        let lenient = try Self.importTexts([("w.md", text)], into: db, options: .init(dryRun: true, now: Self.now))
        #expect(lenient.problems.map(\.description) == ["w.md:6:18: warning: 'alice' has no integration 'github.com/acme/nowhere'"])
        #expect(lenient.changes.map(\.action) == [.create])
        let strict = try Self.importTexts([("w.md", text)], into: db, options: .init(strict: true, now: Self.now))
        #expect(strict.hasErrors && !strict.applied)
    }

    @Test func fiftyGoodFilesAndOneBadWriteNothing() throws {
        let db = try Self.demo()
        let before = try Data(contentsOf: db)
        var texts = (1...50).map { ("good-\($0).md", Self.file(name: "Good \($0)")) }
        texts.append(("bad.md", Self.file(id: 4242, name: "Bad")))
        let report = try Self.importTexts(texts, into: db)
        #expect(report.hasErrors && !report.applied)
        #expect(try Data(contentsOf: db) == before)
        let good = try Self.importTexts(Array(texts.prefix(50)), into: db)
        #expect(good.applied && good.count { $0 == .create } == 50)
    }

    @Test(arguments: DatabaseLayout.allCases)
    func writesInTheLayoutsOwnEncodingAndReadsBack(_ layout: DatabaseLayout) throws {
        let db = try Self.demo(layout)
        let report = try Self.importTexts([("n.md", Self.file(name: "Ünïcödé ☕ «x»") )], into: db)
        #expect(report.applied)
        let id = try #require(report.changes.first?.workflowID)
        let snapshot = try SQLiteWorkflowStore(location: .init(path: db.path)).readSnapshot(asOf: Self.now)
        let workflow = try #require(snapshot.workflows.first { $0.id == id })
        #expect(workflow.name == "Ünïcödé ☕ «x»" && workflow.naturalLanguageDescription == "Body of Ünïcödé ☕ «x».")
        #expect(snapshot.findings.allSatisfy { $0.kind == .unknownStatus })
        let row = try DatabaseQueue(path: db.path).read { db in
            try Row.fetchOne(db, sql: layout == .sqlmodel
                ? "SELECT structured_definition AS d, typeof(updated_at) AS t, updated_at AS u FROM workflow WHERE id = ?"
                : "SELECT structuredDefinition AS d, typeof(updatedAt) AS t, updatedAt AS u FROM Workflow WHERE id = ?", arguments: [id])
        }
        let definition: String = try #require(row?["d"])
        if layout == .sqlmodel {
            #expect(definition == #"{"trigger": {"type": "manual"}, "actions": [{"integration": "github.com/acme/github-mcp", "tool": "ping"}]}"#)
            #expect(row?["t"] == "text")
            #expect(Timestamp(text: try #require(row?["u"])) != nil)
        } else {
            #expect(definition == #"{"trigger":{"type":"manual"},"actions":[{"integration":"github.com/acme/github-mcp","tool":"ping"}]}"#)
            #expect(row?["t"] == "integer")
        }
        let again = try Self.importTexts([("n.md", Self.file(id: id, name: "Ünïcödé ☕ «x»"))], into: db)
        #expect(again.changes.map(\.action) == [.unchanged])
    }

    /// Property: random workflows (non-ASCII names, random definitions) exported, imported into an empty copy and
    /// exported again give identical files, and identical rows.
    @Test(arguments: 1...5)
    func roundTripIsLossless(seed: UInt64) throws {
        var random = SeededGenerator(seed: seed)
        let source = try Self.demo()
        try DatabaseQueue(path: source.path).write { try $0.execute(sql: "DELETE FROM workflowrun; DELETE FROM workflow") }
        let texts = (0..<20).map { index -> (String, String) in
            let document = WorkflowDocument(
                id: nil, name: random.text() + " \(index)", owner: ["alice", "józef", "zoë", "李雷"][random.below(4)],
                description: random.below(3) == 0 ? nil : random.text(),
                definition: .value(.object([
                    .init("trigger", ["type": "schedule", "cron": "0 9 * * 1-5", "timezone": .string(random.text())]),
                    .init("conditions", [["field": .string(random.text()), "op": "equals", "value": random.json(depth: 0)]]),
                    .init("actions", .array((0..<(1 + random.below(3))).map { _ in
                        ["integration": "github.com/acme/slack-mcp", "tool": .string(random.text()), "arguments": random.json(depth: 0)]
                    })),
                    .init("extra_" + random.word(), random.json(depth: 0)),
                ])),
                body: "# " + random.text() + "\n\n" + random.text() + "\n\n- " + random.text())
            return ("r\(index).md", try! WorkflowFileWriter().write(document))
        }
        let first = try Self.importTexts(texts, into: source)
        #expect(first.applied, "\(first.problems)")

        let exported = try export(source)
        let copy = try Self.folder().appending(path: "copy.db")
        try DemoDatabase(layout: .sqlmodel, size: .small, seed: 1, now: Self.now).write(to: copy.path)
        try DatabaseQueue(path: copy.path).write { try $0.execute(sql: "DELETE FROM workflowrun; DELETE FROM workflow") }
        let imported = try Self.importTexts(exported.map { ($0.key, $0.value.replacingOccurrences(of: #"(?m)^id: \d+\n"#, with: "", options: .regularExpression)) }.sorted { $0.0 < $1.0 }, into: copy)
        #expect(imported.applied, "\(imported.problems)")
        let reimported = try Self.importTexts(exported.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }, into: source)
        #expect(reimported.changes.allSatisfy { $0.action == .unchanged })

        let again = try export(copy)
        #expect(Set(again.values.map(Self.withoutID)) == Set(exported.values.map(Self.withoutID)))
        let rows = { (url: URL) in try DatabaseQueue(path: url.path).read { db in
            try Row.fetchAll(db, sql: "SELECT name, description, natural_language_description, structured_definition, owner_id FROM workflow ORDER BY name")
        } }
        #expect(try rows(copy) == rows(source))
    }

    /// A definition the app stored that makes a file over import's limit: export writes every other workflow, leaves
    /// that one out with a warning naming it, and removes its earlier file, so import cannot restore an old version.
    @Test func aWorkflowImportWouldRefuseIsNotExported() throws {
        let db = try Self.demo()
        let folder = try Self.folder().appending(path: "export")
        let store = SQLiteWorkflowStore(location: .init(path: db.path))
        let before = try WorkflowFolder.export(store.exportWorkflows(owner: nil).workflows.map(\.document), into: folder)
        #expect(before.tooLarge.isEmpty)
        let (id, name) = try DatabaseQueue(path: db.path).write { db in
            let row = try Row.fetchOne(db, sql: "SELECT id, name FROM workflow ORDER BY id LIMIT 1")!
            let huge = #"{"trigger": {"type": "manual"}, "actions": [], "notes": ""# + String(repeating: "x", count: WorkflowFileParser.maximumSize) + #""}"#
            try db.execute(sql: "UPDATE workflow SET structured_definition = ? WHERE id = ?", arguments: [huge, row["id"]])
            return (row["id"] as Int64, row["name"] as String)
        }
        let workflows = try store.exportWorkflows(owner: nil).workflows
        let oldFile = WorkflowFolder.fileNames(for: workflows.map { ($0.document.id!, $0.document.name) })[id]!
        #expect(FileManager.default.fileExists(atPath: folder.appending(path: oldFile).path))

        let after = try WorkflowFolder.export(workflows.map(\.document), into: folder)
        #expect(after.tooLarge.map(\.id) == [id])
        #expect(after.tooLarge.first?.bytes ?? 0 > WorkflowFileParser.maximumSize)
        #expect(after.tooLarge.first?.message.contains("#\(id) (\(name)) not exported") == true)
        #expect(!FileManager.default.fileExists(atPath: folder.appending(path: oldFile).path))
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".md") }
        #expect(files.count == workflows.count - 1)
        let parsed = WorkflowFolder.parse(files.map { folder.appending(path: $0).path })
        #expect(parsed.problems.isEmpty)
    }

    static func withoutID(_ text: String) -> String {
        text.replacingOccurrences(of: #"(?m)^id: \d+\n"#, with: "", options: .regularExpression)
    }

    func export(_ db: URL) throws -> [String: String] {
        let folder = try Self.folder().appending(path: "export")
        let workflows = try SQLiteWorkflowStore(location: .init(path: db.path)).exportWorkflows(owner: nil).workflows
        _ = try WorkflowFolder.export(workflows.map(\.document), into: folder)
        var files: [String: String] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) where name.hasSuffix(".md") {
            files[name] = try String(contentsOf: folder.appending(path: name), encoding: .utf8)
        }
        return files
    }
}

/// Seeded values for property tests: awkward text (YAML look-alikes, quotes, non-ASCII) and nested JSON.
struct SeededGenerator {
    var random: SeededRandom
    init(seed: UInt64) { random = SeededRandom(seed: seed) }
    mutating func below(_ bound: Int) -> Int { random.below(bound) }

    static let pieces = ["café", "Ünïcödé", "☕", "日本語", "yes", "null", "1.0", "#hash", "a: b", "- dash", "'quote'", "\"dq\"", "{{x}}", "  spaced  ", "tab\there", "*star*", "~", "0x1F", "emoji 🚀", "ok", "@at", "%pct", "`tick`", "line\nbreak"]

    mutating func word() -> String { ["alpha", "beta", "gamma", "delta", "ω", "ß"][below(6)] }

    mutating func text() -> String {
        (0..<(1 + below(3))).map { _ in Self.pieces[below(Self.pieces.count)] }.joined(separator: " ").trimmedWhitespace.replacingOccurrences(of: "\n", with: " ")
    }

    mutating func json(depth: Int) -> JSONValue {
        switch below(depth > 2 ? 6 : 8) {
        case 0: return .null
        case 1: return .bool(below(2) == 0)
        case 2: return .integer(Int64(below(2_000_000)) - 1_000_000)
        case 3: return .double([0.5, -1.25, 1e16, 3.0e-7, 100.0][below(5)])
        case 4, 5: return .string(Self.pieces[below(Self.pieces.count)])
        case 6: return .array((0..<below(4)).map { _ in json(depth: depth + 1) })
        default:
            var members: [JSONValue.Member] = []
            for _ in 0..<below(4) { let key = word() + String(below(9)); if !members.contains(where: { $0.key == key }) { members.append(.init(key, json(depth: depth + 1))) } }
            return .object(members)
        }
    }
}
