import Foundation
import Testing
import WorkflowModel
@testable import WorkflowMarkdown

@Suite struct WorkflowFileParserTests {
    static let good = """
        ---
        id: 42
        name: Triage new bug reports
        owner: alice
        description: Label and announce new bugs
        trigger:
          type: event
          integration: github.com/acme/github-mcp
          event: issues.opened
        conditions:
          - field: trigger.issue.labels
            op: contains
            value: bug
        actions:
          - id: label
            integration: github.com/acme/github-mcp
            tool: add_labels
            arguments: {labels: [triage]}
          - integration: github.com/acme/slack-mcp
            tool: post_message
            arguments: {channel: "#triage", text: "New bug: {{trigger.issue.title}}", retries: 3, ratio: 0.5, quoted: "1"}
        team: platform
        ---
        # Triage new bug reports

        When someone opens an issue, add **triage**.

        """

    func parse(_ text: String, path: String = "w.md") -> WorkflowFileParser.ParsedFile {
        WorkflowFileParser().parse(Data(text.utf8), path: path)
    }

    func errors(_ text: String) -> [String] { parse(text).errors.map(\.description) }
    func warnings(_ text: String) -> [String] { parse(text).warnings.map(\.description) }

    /// The workflow of a file that has no errors.
    func candidate(_ text: String) -> ImportCandidate? {
        let parsed = parse(text)
        guard parsed.errors.isEmpty, let candidate = parsed.candidate else {
            Issue.record("did not parse: \(parsed.errors)")
            return nil
        }
        return candidate
    }

    @Test func readsTheFormatsExample() throws {
        guard let candidate = candidate(Self.good) else { return }
        let document = candidate.document
        #expect(document.id == 42 && document.name == "Triage new bug reports" && document.owner == "alice")
        #expect(document.description == "Label and announce new bugs")
        #expect(document.body == "# Triage new bug reports\n\nWhen someone opens an issue, add **triage**.")
        #expect(document.definition.value?.objectMembers?.map(\.key) == ["trigger", "conditions", "actions", "team"])
        #expect(document.definition.value?["actions"]?.arrayValue?[1]["arguments"] == ["channel": "#triage", "text": "New bug: {{trigger.issue.title}}", "retries": 3, "ratio": 0.5, "quoted": "1"])
        #expect(candidate.keyPositions["owner"] == FilePosition(line: 4, column: 8))
        #expect(candidate.integrationReferences.map(\.position) == [FilePosition(line: 8, column: 16), FilePosition(line: 16, column: 18), FilePosition(line: 19, column: 18)])
        #expect(warnings(Self.good).isEmpty)
    }

    @Test func takesTheNameFromTheFirstHeadingAndAcceptsBOMAndCRLF() throws {
        let text = "\u{FEFF}---\r\nowner: bob\r\ntrigger: {type: manual}\r\nactions:\r\n  - {integration: s, tool: t}\r\n---\r\n\r\n# From the heading\r\nBody\r\n"
        guard let candidate = candidate(text) else { return }
        #expect(candidate.document.name == "From the heading")
        #expect(candidate.document.body == "# From the heading\nBody")
    }

    @Test(arguments: [
        ("---\ntrigger: {type: manual}\nactions: []\n---\nno heading\n", "w.md:1:1: missing 'name' (and the description has no '# heading' to take it from)"),
        ("---\nname: x\ntrigger:\n  type: cron\nactions: []\n---\n", "w.md:4:9: unknown trigger type 'cron'; expected one of schedule, webhook, event, manual"),
        ("---\nname: x\ntrigger: manual\nactions: []\n---\n", "w.md:3:10: 'trigger' must be a mapping with a 'type' (one of schedule, webhook, event, manual)"),
        ("---\nname: x\ntrigger: {type: schedule, cron: '0 9 * *'}\nactions: []\n---\n", "w.md:3:33: cron '0 9 * *': cron needs five fields (minute hour day month weekday), not 4"),
        ("---\nname: x\ntrigger: {type: manual}\nactions:\n  - tool: t\n---\n", "w.md:5:5: an action needs 'integration' (the MCP server name)"),
        ("---\nname: x\ntrigger: {type: manual}\nactions:\n  - integration: s\n---\n", "w.md:5:5: an action needs 'tool' (the MCP tool to call)"),
        ("---\nname: x\ntrigger: {type: manual}\nconditions:\n  - field: a\n    op: like\n    value: 1\nactions: []\n---\n", "w.md:6:9: unknown condition op 'like'; expected one of equals, not_equals, contains, not_contains, matches, exists, gt, lt"),
        ("---\nname: x\ntrigger: {type: manual}\nactions:\n  - {id: a, integration: s, tool: t}\n  - {id: a, integration: s, tool: u}\n---\n", "w.md:6:10: duplicate action id 'a'"),
        ("---\nname: x\ntrigger: {type: manual\nactions: []\n---\n", "w.md:4:8: YAML syntax error: while parsing a flow mapping: did not find expected ',' or '}'"),
        ("---\nname: x\n  bad: indent\n---\n", "w.md:3:6: YAML syntax error: mapping values are not allowed in this context"),
        ("---\nname: x\ntrigger: {type: manual}\nactions: []\n", "w.md:1:1: front matter has no closing '---' line"),
        ("# Just Markdown\n", "w.md:1:1: missing front matter: the file must start with a line '---'"),
        ("---\nid: -3\nname: x\ntrigger: {type: manual}\nactions: []\n---\n", "w.md:2:5: 'id' must be a positive whole number"),
        ("---\nname: x\nname: y\ntrigger: {type: manual}\nactions: []\n---\n", "w.md:3:1: duplicate key 'name'"),
    ])
    func reportsEachRuleAtItsPosition(_ text: String, _ expected: String) {
        #expect(errors(text).contains(expected), "got \(errors(text))")
    }

    @Test func aDraftIsOnlyAWarning() {
        #expect(warnings("---\nname: x\ntrigger: {type: manual}\nactions: []\n---\n") == ["w.md:4:10: warning: draft: 'actions' is empty, so the workflow does nothing"])
        #expect(warnings("---\nname: x\n---\n") == ["w.md:1:1: warning: draft: no 'actions' yet, so the workflow does nothing", "w.md:1:1: warning: draft: no 'trigger' yet, so the app will not run it"])
    }

    @Test func aKeyCloseToAKnownOneIsAWarningNamingBoth() {
        let text = """
        ---
        name: x
        Owner: alice
        trigger:
          type: schedule
          cron: 0 9 * * *
          time_zone: Europe/Berlin
        descripton: Typo
        conditions:
          - {field: a, operator: equals, value: 1}
        actions:
          - {integration: s, tool: t, argments: {a: 1}, retries: 2}
        cron: 0 9 * * *
        team: platform
        ---

        """
        #expect(warnings(text) == [
            "w.md:3:1: warning: 'Owner' is not a key; did you mean 'owner'?",
            "w.md:7:3: warning: 'time_zone' is not a trigger key; did you mean 'timezone'?",
            "w.md:8:1: warning: 'descripton' is not a key; did you mean 'description'?",
            "w.md:10:16: warning: 'operator' is not a condition key; did you mean 'op'?",
            "w.md:12:31: warning: 'argments' is not an action key; did you mean 'arguments'?",
            "w.md:13:1: warning: 'cron' belongs under 'trigger:'; here it is kept as an extra key and the schedule ignores it",
        ])
        // Older spellings the canonical form rewrites are not typos.
        #expect(warnings("---\nname: x\ntrigger: {type: manual}\nactions:\n  - {integration: s, tool: t, args: {a: 1}}\n---\n").isEmpty)
    }

    @Test func refusesBinaryLargeAndNotUTF8Files() {
        var bytes = Data("---\nname: caf".utf8)
        bytes.append(contentsOf: [0xE9, 0x0A])
        #expect(WorkflowFileParser().parse(bytes, path: "latin1.md").errorLines == ["latin1.md:2:10: not UTF-8 text (a binary file, or another encoding)"])
        #expect(WorkflowFileParser().parse(Data([0x89, 0x50, 0x4E, 0x47, 0x00, 0x01]), path: "x.md").errorLines == ["x.md:1:1: not UTF-8 text (a binary file, or another encoding)"])
        let big = Data(repeating: UInt8(ascii: "a"), count: 2 << 20)
        #expect(WorkflowFileParser().parse(big, path: "big.md").errorLines == ["big.md:1:1: file is 2097152 bytes; workflow files are limited to 1048576 bytes (1 MiB)"])
    }

    @Test func refusesAliasBombsAndDeepNestingQuickly() {
        var bomb = "---\nname: x\ntrigger: {type: manual}\nactions: []\na0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
        for level in 1...9 { bomb += "a\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", ") + "]\n" }
        bomb += "---\n"
        let started = Date()
        #expect(errors(bomb).contains { $0.contains("expands to more than 100000 values (YAML aliases?)") })
        #expect(Date().timeIntervalSince(started) < 10)
        let deep = "---\nname: x\ntrigger: {type: manual}\nactions: []\ndeep: " + String(repeating: "[", count: 200) + String(repeating: "]", count: 200) + "\n---\n"
        #expect(errors(deep).contains { $0.contains("nested deeper than 64 levels") })
    }
}

extension WorkflowFileParser.ParsedFile {
    var errorLines: [String] { errors.map(\.description) }
}
