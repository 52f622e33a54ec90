import Foundation
import GRDB
import Testing
import WorkflowModel
import SQLiteStore
import WorkflowStore
@testable import WorkflowMarkdown

/// Whatever the app stored, exporting and importing it again is a no-op: every workflow gets exactly one file
/// naming its id, import reports each one unchanged, the database keeps its bytes, and a second export writes nothing.
@Suite struct StoredShapesRoundTripTests {
    /// Names that collide once slugged, are empty, dots only, non-Latin, very long, or file names a repository has.
    static let awkwardNames = ["Twin", "Twin 32", "twin", "TWIN", "", ".", "..", "日本語", "Ünïcödé", "README", "readme",
                               String(repeating: "long ", count: 1000), "a/b\\c", "-", "Twin-31", "x.md", " spaced "]

    @Test(arguments: [(DatabaseLayout.sqlmodel, UInt64(1)), (.sqlmodel, 2), (.sqlmodel, 3), (.prisma, 4), (.prisma, 5)])
    func exportThenImportChangesNothing(layout: DatabaseLayout, seed: UInt64) throws {
        var random = SeededGenerator(seed: seed)
        let db = try ImportExportTests.demo(layout)
        let ids = try Self.fill(db, layout: layout, count: 60, random: &random)
        let before = try Data(contentsOf: db)

        let folder = try ImportExportTests.folder().appending(path: "workflows")
        let exported = try SQLiteWorkflowStore(location: .init(path: db.path)).exportWorkflows(owner: nil)
        #expect(exported.unidentified.isEmpty)
        let first = try WorkflowFolder.export(exported.workflows.map(\.document), into: folder)
        #expect(first.written == ids.count)

        let (files, findProblems) = WorkflowFolder.collect([folder.path])
        #expect(findProblems.isEmpty && files.count == ids.count, "one file per workflow")
        // Whatever was stored, the file export wrote validates against the schema it names.
        let invalid = try SchemaValidation.errors(inFiles: files)
        #expect(invalid.isEmpty, "\(invalid.prefix(3)) from \(invalid.first.flatMap { try? String(contentsOfFile: $0.key, encoding: .utf8) } ?? "")")
        let (candidates, parseProblems) = WorkflowFolder.parse(files)
        #expect(Set(candidates.compactMap(\.document.id)) == Set(ids) && candidates.count == ids.count, "each file names its own workflow")
        let report = try SQLiteWorkflowImporter(location: .init(path: db.path))
            .run(candidates, fileProblems: findProblems + parseProblems, options: .init(now: ImportExportTests.now))
        #expect(!report.hasErrors, "\(report.problems.filter { $0.severity == .error }.prefix(5))")
        let changed = report.changes.filter { $0.action != .unchanged }
        #expect(changed.isEmpty, "\(changed.prefix(3)) from \(changed.first.flatMap { try? String(contentsOfFile: $0.path, encoding: .utf8) } ?? "")")
        #expect(try Data(contentsOf: db) == before, "the database bytes are unchanged")

        let again = try WorkflowFolder.export(exported.workflows.map(\.document), into: folder)
        #expect(again.written == 0 && again.removed == 0 && again.unchanged == ids.count)
    }

    /// Replaces every workflow (and run) with `count` random rows in the layout's own encoding; returns their ids.
    static func fill(_ db: URL, layout: DatabaseLayout, count: Int, random: inout SeededGenerator) throws -> [Int64] {
        var configuration = Configuration()
        configuration.foreignKeysEnabled = false  // as the app: declared, not enforced (owner 99 does not exist)
        let queue = try DatabaseQueue(path: db.path, configuration: configuration)
        defer { try? queue.close() }
        let insert = layout == .sqlmodel
            ? "INSERT INTO workflow (id, name, description, natural_language_description, structured_definition, created_at, updated_at, owner_id) VALUES (?, ?, ?, ?, ?, '2026-11-01 00:00:00', '2026-11-01 00:00:00', ?)"
            : #"INSERT INTO "Workflow" (id, name, description, "naturalLanguageDescription", "structuredDefinition", "createdAt", "updatedAt", "ownerId") VALUES (?, ?, ?, ?, ?, 1761955200000, 1761955200000, ?)"#
        var ids: [Int64] = []
        try queue.write { database in
            try database.execute(sql: layout == .sqlmodel ? "DELETE FROM workflowrun; DELETE FROM workflow" : #"DELETE FROM "WorkflowRun"; DELETE FROM "Workflow""#)
            for index in 0..<count {
                let id = Int64(index * 7 + 30)
                let name = random.below(3) == 0 ? random.text() : awkwardNames[random.below(awkwardNames.count)]
                let definition = storedDefinition(&random)
                let owner: Int64 = layout == .sqlmodel && random.below(8) == 0 ? 99 : Int64(1 + random.below(4))
                try database.execute(sql: insert, arguments: [id, name, random.below(3) == 0 ? nil : random.text(), body(&random), definition, owner])
                ids.append(id)
            }
        }
        return ids
    }

    /// A description as people leave them: blank lines around, Windows line ends, Markdown, a `---` line.
    static func body(_ random: inout SeededGenerator) -> String {
        switch random.below(6) {
        case 0: return ""
        case 1: return "\n\n# " + random.text() + "\n\n" + random.text() + "\n\n"
        case 2: return random.text() + "\r\n\r\n- " + random.text() + "\r\n"
        case 3: return "---\nnot: front matter\n---\n" + random.text()
        case 4: return "  indented first line\n" + random.text() + "   "
        default: return "# " + random.text() + "\n\n" + random.text()
        }
    }

    /// Every shape a definition cell can have: canonical, drafts, expression conditions, unknown keys and trigger
    /// types, a key the front matter uses itself, JSON that is not an object, text that is not JSON, NaN, JSON null (both layouts declare the column NOT NULL).
    static func storedDefinition(_ random: inout SeededGenerator) -> String {
        let action: JSONValue = ["integration": "github.com/acme/slack-mcp", "tool": .string(random.text()), "arguments": random.json(depth: 1)]
        switch random.below(14) {
        case 0, 1: return "null"
        case 2: return "{}"
        case 3: return #"{"trigger": {"type": "manual"}}"#
        case 4: return JSONWriter.python.write(.string(random.text()))
        case 5: return JSONWriter.python.write(.array([random.json(depth: 1), random.json(depth: 1)]))
        case 6: return #"{"trigger": {"type": "#
        case 7: return #"{"trigger": {"type": "manual"}, "threshold": NaN, "actions": []}"#
        case 8: return JSONWriter.python.write(["name": "shadow", "trigger": ["type": "manual"], "actions": [action]])
        case 9: return JSONWriter.python.write(["trigger": ["type": "cron", "every": "5m"], "actions": [action]])
        case 10:
            let condition: JSONValue = .object([.init("if", .string(random.text())), .init("note", random.json(depth: 2))])
            return JSONWriter.python.write(["trigger": "manual", "conditions": [condition], "actions": [action]])
        case 11: return JSONWriter.compact.write(["actions": [action], "trigger": ["type": "schedule", "cron": "@daily"], "extra": random.json(depth: 1)])
        case 12: return JSONWriter.python.write(["trigger": ["type": "event", "integration": "github.com/acme/github-mcp"], "conditions": [["field": .string(random.text()), "op": "equals", "value": random.json(depth: 2)]], "actions": []])
        default: return JSONWriter.python.write(random.json(depth: 0))
        }
    }

    @Test func namesThatSlugAlikeEachGetTheirOwnFile() {
        let names = WorkflowFolder.fileNames(for: [(30, "Twin"), (31, "Twin 32"), (32, "Twin")])
        #expect(names == [30: "twin.md", 31: "twin-32.md", 32: "twin-32-2.md"])
    }

    /// Property: any list of names gives exactly one distinct file name per id, case-insensitively.
    @Test(arguments: 1...20)
    func fileNamesAreUniqueForAnyNames(seed: UInt64) {
        var random = SeededGenerator(seed: seed)
        let workflows = (0..<(1 + random.below(200))).map { _ -> (id: Int64, name: String) in
            let id = Int64(random.below(400))
            let name = random.below(2) == 0 ? Self.awkwardNames[random.below(Self.awkwardNames.count)] : random.text()
            return (id, random.below(4) == 0 ? name + " \(random.below(400))" : name)
        }
        let unique = Dictionary(workflows.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first }).map { (id: $0.key, name: $0.value) }
        let names = WorkflowFolder.fileNames(for: unique)
        #expect(names.count == unique.count)
        #expect(Set(names.values.map { $0.lowercased() }).count == unique.count)
        #expect(names.values.allSatisfy { $0.hasSuffix(".md") && !$0.hasPrefix(".") && !$0.contains("/") && $0.utf8.count < 120 })
    }
}
