import Foundation
import Testing
import WorkflowMarkdown
import WorkflowModel

/// The JSON Schema of a workflow file's front matter (`Schemas/workflow-file.schema.json`) against the parser, with
/// the reference validator (Python's jsonschema, installed by `scripts/install-deps.sh test`): the committed file
/// is the one flowsite makes, every file `flowsite export` writes from every fixture validates, and a file import
/// rejects is rejected by the schema wherever a schema can say why.
@Suite(.serialized) struct SchemaTests {
    static let committed = Flowsite.packageRoot.appending(path: "Schemas/workflow-file.schema.json")

    @Test func theCommittedSchemaIsTheOneFlowsiteMakes() throws {
        if ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] == "1" {
            try FileManager.default.createDirectory(at: Self.committed.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(WorkflowFileSchema.text.utf8).write(to: Self.committed)
            Issue.record("recorded \(Self.committed.lastPathComponent); review it and run again without RECORD_SNAPSHOTS")
            return
        }
        #expect(try String(contentsOf: Self.committed, encoding: .utf8) == WorkflowFileSchema.text, "run RECORD_SNAPSHOTS=1 swift test --filter SchemaTests")
    }

    /// Every fixture database of the test suites, exported by the real binary; each file's front matter validates,
    /// the folder carries the committed schema, and each file names it in its modelines.
    @Test func everyFileExportWritesValidates() throws {
        let folder = try Flowsite.folder()
        var databases = [try Flowsite.demo(in: folder, name: "sqlmodel.db")]
        let prisma = folder.appending(path: "prisma.db")
        #expect(try Flowsite.run(["demo", "--db", prisma.path, "--layout", "prisma", "--now", "2026-11-25T00:00:00Z"]).status == 0)
        databases.append(prisma)
        let root = Flowsite.packageRoot.appending(path: "Tests")
        let sqlFixtures = ["EndToEndTests/Cases/databases/extra-columns.sql", "EndToEndTests/Cases/databases/malformed-json.sql",
                           "EndToEndTests/Cases/databases/dates.sql", "EndToEndTests/Cases/databases/odd-values.sql",
                           "EndToEndTests/Cases/insights/insights.sql", "EndToEndTests/Cases/secrets/planted.sql",
                           "WorkflowStoreTests/Fixtures/bad-values.sql", "WorkflowStoreTests/Fixtures/prisma-bad-values.sql",
                           "SiteRendererTests/Fixtures/hostile-names.sql"]
        for (index, path) in sqlFixtures.enumerated() {
            databases.append(try Flowsite.database(fromSQL: String(contentsOf: root.appending(path: path), encoding: .utf8), in: folder, name: "fixture-\(index).db"))
        }
        let appDB = folder.appending(path: "sqlmodel-app.db")
        try FileManager.default.copyItem(at: root.appending(path: "WorkflowStoreTests/Fixtures/sqlmodel-app.db"), to: appDB)
        databases.append(appDB)

        var instances: [(String, JSONValue)] = []
        var paths: [String] = []
        var stored = 0
        for db in databases {
            let out = folder.appending(path: "export-\(db.deletingPathExtension().lastPathComponent)")
            let export = try Flowsite.run(["export", "--db", db.path, "--out", out.path])
            #expect(export.status == 0, "\(db.lastPathComponent): \(export.stderr)")
            #expect(try Data(contentsOf: out.appending(path: "workflow.schema.json")) == Data(contentsOf: Self.committed))
            for name in try FileManager.default.contentsOfDirectory(atPath: out.path).sorted() where name.hasSuffix(".md") {
                let data = try Data(contentsOf: out.appending(path: name))
                #expect(String(decoding: data, as: UTF8.self).hasPrefix("---\n# yaml-language-server: $schema=workflow.schema.json\n# $schema: workflow.schema.json\n"))
                guard let json = WorkflowFileParser.frontMatterJSON(data) else { Issue.record("\(name): no front matter"); continue }
                if json[WorkflowDocument.storedDefinitionKey] != nil || json[WorkflowDocument.storedDefinitionTextKey] != nil { stored += 1 }
                instances.append(("\(db.lastPathComponent)/\(name)", json))
                paths.append(out.appending(path: name).path)
            }
        }
        #expect(instances.count > 40 && stored > 5, "\(instances.count) files, \(stored) with a stored definition")
        let verdicts = try SchemaValidator.validate(instances)
        #expect(verdicts.count == instances.count)
        for (name, error) in verdicts { #expect(error == nil, "\(name): \(error ?? "")") }
        // The same files as an editor's YAML tooling reads them (PyYAML, YAML 1.1), not as flowsite's parser does.
        let asEditorsRead = try SchemaValidator.validate(files: paths)
        #expect(asEditorsRead.count == paths.count)
        for (name, error) in asEditorsRead { #expect(error == nil, "\(name) read by PyYAML: \(error ?? "")") }
    }

    /// Front matters import refuses (each checked to be refused by the parser), with whether a JSON Schema can
    /// express the rule; and front matters both accept.
    static let refused: [(yaml: String, expressible: Bool)] = [
        ("id: -3\nname: x", true),
        ("id: seven\nname: x", true),
        ("name: ''", true),
        ("name: x\nowner: ''", true),
        ("name: x\ndescription: [a, b]", true),
        ("name: x\ntrigger: manual", true),
        ("name: x\ntrigger: {cron: '0 9 * * *'}", true),
        ("name: x\ntrigger: {type: cron}", true),
        ("name: x\ntrigger: {type: schedule}", true),
        ("name: x\ntrigger: {type: schedule, cron: '0 25 * * *'}", true),
        ("name: x\ntrigger: {type: schedule, cron: '61 * * * *'}", true),
        ("name: x\ntrigger: {type: schedule, cron: '0 9 * *'}", true),
        ("name: x\ntrigger: {type: schedule, cron: '0 9 32 * *'}", true),
        ("name: x\ntrigger: {type: schedule, cron: '0 9 * 13 *'}", true),
        ("name: x\ntrigger: {type: schedule, cron: '0 9 * * MON-FRY'}", true),
        ("name: x\ntrigger: {type: schedule, cron: '*/0 * * * *'}", true),
        ("name: x\ntrigger: {type: schedule, cron: '@dayly'}", true),
        ("name: x\ntrigger: {type: schedule, cron: 5}", true),
        ("name: x\ntrigger: {type: schedule, cron: '0 9 * * *', timezone: 2}", true),
        ("name: x\ntrigger: {type: event, integration: github.com/acme/github-mcp}", true),
        ("name: x\ntrigger: {type: manual}\nconditions: {field: a}", true),
        ("name: x\ntrigger: {type: manual}\nconditions: [just text]", true),
        ("name: x\ntrigger: {type: manual}\nconditions: [{field: a, op: like, value: 1}]", true),
        ("name: x\ntrigger: {type: manual}\nconditions: [{field: a, op: equals}]", true),
        ("name: x\ntrigger: {type: manual}\nconditions: [{op: exists}]", true),
        ("name: x\ntrigger: {type: manual}\nconditions: [{if: '  '}]", true),
        ("name: x\ntrigger: {type: manual}\nactions: {tool: t}", true),
        ("name: x\ntrigger: {type: manual}\nactions: [{integration: s}]", true),
        ("name: x\ntrigger: {type: manual}\nactions: [{tool: t}]", true),
        ("name: x\ntrigger: {type: manual}\nactions: [{integration: '', tool: t}]", true),
        ("name: x\ntrigger: {type: manual}\nactions: [{server: s, tool: t}]", true),
        ("name: x\nstored_definition: {a: 1}\nteam: ops", true),
        ("name: x\nstored_definition: {a: 1}\nstored_definition_text: '{}'", true),
        // Beyond a schema: a range that runs backwards, a time zone (the list is the system's), duplicate ids.
        ("name: x\ntrigger: {type: schedule, cron: '0 9 * * 5-1'}", false),
        ("name: x\ntrigger: {type: schedule, cron: '0 9 * * *', timezone: Europe/Berln}", false),
        ("name: x\ntrigger: {type: manual}\nactions: [{id: a, integration: s, tool: t}, {id: a, integration: s, tool: u}]", false),
    ]

    static let accepted = [
        "id: 42\nname: Triage\nowner: alice\ndescription: Label bugs\ntrigger: {type: event, integration: github.com/acme/github-mcp, event: issues.opened}\nconditions: [{field: trigger.issue.labels, op: contains, value: bug}]\nactions:\n- {id: label, integration: github.com/acme/github-mcp, tool: add_labels, arguments: {labels: [triage]}}\nteam: platform",
        "name: Draft",
        "id: 7\nname: ''",
        "name: x\ndescription: null\ntrigger: {type: schedule, cron: '@DAILY', timezone: null}\nactions: []",
        "name: x\ntrigger: {type: schedule, cron: ' */15 9-17 * jan-MAR mon-fri ', timezone: Europe/Berlin}\nactions: [{integration: s, tool: t, args: {a: 1}}]",
        "name: x\ntrigger: {type: schedule, cron: '0,30 08 1-31/2 * 7'}",
        "name: x\ntrigger: {type: webhook, path: /hooks/x, integration: 5}\nconditions: [{if: len(fetch.items) > 0, then: go}, {field: a, op: exists}]",
        "name: x\nstored_definition: [1, 2]",
        "name: x\nstored_definition_text: 'not json'",
    ]

    @Test func whatImportRefusesTheSchemaRefusesWhereItCan() throws {
        var instances: [(String, JSONValue)] = []
        let parser = WorkflowFileParser()
        for (index, yaml) in (Self.refused.map(\.yaml) + Self.accepted).enumerated() {
            let data = Data("---\n\(yaml)\n---\n".utf8)
            let refusedByParser = !parser.parse(data, path: "w.md").errors.isEmpty
            #expect(refusedByParser == (index < Self.refused.count), "\(yaml): \(parser.parse(data, path: "w.md").issues)")
            instances.append(("\(index)", try #require(WorkflowFileParser.frontMatterJSON(data))))
        }
        let verdicts = Dictionary(uniqueKeysWithValues: try SchemaValidator.validate(instances).map { ($0.name, $0.error) })
        for (index, yaml) in (Self.refused.map(\.yaml) + Self.accepted).enumerated() {
            let expectRejection = index < Self.refused.count && Self.refused[index].expressible
            let error = verdicts["\(index)"] ?? "no verdict"
            #expect((error != nil) == expectRejection, "\(yaml): \(error ?? "valid")")
        }
    }
}

/// Runs `Tests/Schema/validate.py` (jsonschema's Draft7Validator) over front matters.
enum SchemaValidator {
    static let python = FileManager.default.homeDirectoryForCurrentUser.appending(path: ".cache/flowsite/venv/bin/python").path

    /// Each instance's first error, nil when it validates, in the order given.
    static func validate(_ instances: [(name: String, json: JSONValue)]) throws -> [(name: String, error: String?)] {
        let folder = try Flowsite.folder()
        let file = folder.appending(path: "instances.json")
        try Data(JSONWriter.compact.write(.object(instances.map { .init($0.name, $0.json) })).utf8).write(to: file)
        return try run([file.path])
    }

    /// Each file's first error, its front matter read by PyYAML instead of flowsite's parser.
    static func validate(files: [String]) throws -> [(name: String, error: String?)] {
        try run(["--files"] + files)
    }

    private static func run(_ arguments: [String]) throws -> [(name: String, error: String?)] {
        let script = Flowsite.packageRoot.appending(path: "Tests/Schema/validate.py").path
        let outcome = try Flowsite.run([python, script, SchemaTests.committed.path] + arguments, direct: true)
        guard outcome.status == 0 else {
            throw ValidatorError(message: "validate.py exited \(outcome.status): \(outcome.stderr) (run scripts/install-deps.sh test for jsonschema)")
        }
        return outcome.stdout.split(separator: "\n").map { line in
            let fields = line.split(separator: "\t", maxSplits: 2).map(String.init)
            return (fields[0], fields[1] == "valid" ? nil : (fields.count > 2 ? fields[2] : "invalid"))
        }
    }

    struct ValidatorError: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }
}
