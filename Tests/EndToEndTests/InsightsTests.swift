import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import GRDB
import Testing
import WorkflowModel

/// Issue 14 through the real binary, on Cases/insights/insights.sql: a cron workflow that stopped, a flapping
/// workflow on a failing MCP server, a failure streak, and drift between files and database.
@Suite struct InsightsTests {
    static let asOf = "2026-11-25T00:00:00Z"

    static func database(in folder: URL) throws -> URL {
        let sql = try String(contentsOf: Flowsite.cases.appending(path: "insights/insights.sql"), encoding: .utf8)
        return try Flowsite.database(fromSQL: sql, in: folder, name: "insights.db")
    }

    @Test func checkFailsOnTheGatesThisDatabaseBreaksAndSaysWhich() throws {
        let folder = try Flowsite.folder()
        let db = try Self.database(in: folder)
        let summary = folder.appending(path: "summary.md")
        try "earlier step\n".write(to: summary, atomically: true, encoding: .utf8)
        let outcome = try Flowsite.run(["check", "--db", db.path, "--as-of", Self.asOf], environment: ["GITHUB_STEP_SUMMARY": summary.path])
        #expect(outcome.status == 1, "\(outcome.stderr)")
        #expect(outcome.stdout.contains("failure streak (≤ 3 in a row): 'Failing deploy' (#4) failed 5 times in a row (limit 3)"))
        #expect(outcome.stdout.contains("late workflows (≤ 0): 'Nightly report' (#1) is late"))
        #expect(!outcome.stdout.contains("'Hourly digest'"))
        #expect(!outcome.stdout.contains("'Manual cleanup'"))
        #expect(outcome.stdout.contains("unreliable servers (≤ 0): flaky-mcp: 50 % of 96 runs failed in 30 d"))
        #expect(outcome.stdout.contains("success rate"))
        let written = try String(contentsOf: summary, encoding: .utf8)
        #expect(written.hasPrefix("earlier step\n### flowsite check: gates failed"))
        #expect(written.contains("| late workflows | ≤ 0 | ❌ 1 failing |"))

        let json = try Flowsite.run(["check", "--db", db.path, "--as-of", Self.asOf, "--json"])
        #expect(json.status == 1)
        let parsed = try JSONParser.parse(json.stdout)
        #expect(parsed["passed"] == .bool(false))
        #expect(parsed["gates"]?.arrayValue?.count == 6)
    }

    /// An override whose name matches no workflow (a typo) would loosen nothing: check refuses it with its place.
    @Test func anOverrideNamingNoWorkflowIsAnErrorWithItsPlace() throws {
        let folder = try Flowsite.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let db = try Self.database(in: folder)
        let config = folder.appending(path: "gates.yml")
        try "gates:\n  workflows:\n    - { name: Failing deploy, max_failure_streak: 9 }\n    - { name: Failing deplyo, skip: true }\n".write(to: config, atomically: true, encoding: .utf8)
        let outcome = try Flowsite.run(["check", "--db", db.path, "--as-of", Self.asOf, "--config", config.path])
        #expect(outcome.status == 2, "\(outcome.stdout)\(outcome.stderr)")
        #expect(outcome.stderr.contains("gates.yml:4:7: the gate override for name 'Failing deplyo' matches no workflow of the database"), "\(outcome.stderr)")
        let render = try Flowsite.run(["render", "--db", db.path, "--as-of", Self.asOf, "--config", config.path, "--out", folder.appending(path: "site").path])
        #expect(render.status == 0 && render.stderr.contains("warning: ") && render.stderr.contains("'Failing deplyo' matches no workflow"), "\(render.stderr)")
    }

    @Test func aConfigCanLoosenEveryGateAndOverrideOneWorkflow() throws {
        let folder = try Flowsite.folder()
        let db = try Self.database(in: folder)
        let config = folder.appending(path: "gates.yml")
        try """
            gates:
              max_late_workflows: 1
              max_unreliable_servers: 2
              min_success_rate: off
              workflows:
                - { name: Failing deploy, max_failure_streak: 5 }
            """.write(to: config, atomically: true, encoding: .utf8)
        let outcome = try Flowsite.run(["check", "--db", db.path, "--as-of", Self.asOf, "--config", config.path])
        #expect(outcome.status == 0, "\(outcome.stdout)\(outcome.stderr)")
        #expect(outcome.stdout.contains("all 6 gates hold"))
        // Found in the working folder without --config.
        let process = try Flowsite.run(["/bin/sh", "-c", "cd '\(folder.path)' && cp gates.yml flowsite.yml && '\(Flowsite.binary)' check --db insights.db --as-of \(Self.asOf)"], direct: true)
        #expect(process.status == 0, "\(process.stdout)\(process.stderr)")
    }

    @Test func badConfigAndBadDatabaseExitWith2AndNameTheFile() throws {
        let folder = try Flowsite.folder()
        let db = try Self.database(in: folder)
        let config = folder.appending(path: "flowsite.yml")
        try "gates:\n  max_failure_streak: 3\n  max_late: 0\n".write(to: config, atomically: true, encoding: .utf8)
        let unknown = try Flowsite.run(["check", "--db", db.path, "--config", config.path])
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("\(config.path):3:3: unknown key 'max_late'"))
        try "gates:\n  max_stuck_runs: -1\n".write(to: config, atomically: true, encoding: .utf8)
        let wrongType = try Flowsite.run(["check", "--db", db.path, "--config", config.path])
        #expect(wrongType.status == 2)
        #expect(wrongType.stderr.contains("\(config.path):2:19: expected a whole number"))
        let render = try Flowsite.run(["render", "--db", db.path, "--out", folder.appending(path: "site").path, "--config", config.path])
        #expect(render.status == 2)
        #expect(!FileManager.default.fileExists(atPath: folder.appending(path: "site/index.html").path))
        let missing = try Flowsite.run(["check", "--db", folder.appending(path: "nope.db").path])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("nope.db"))
    }

    @Test func theSiteShowsLateFlakyAndUnreliableAndTheFeedIsValidAtom() throws {
        let folder = try Flowsite.folder()
        let db = try Self.database(in: folder)
        let site = folder.appending(path: "site")
        let render = try Flowsite.run(["render", "--db", db.path, "--out", site.path, "--as-of", Self.asOf, "--base-url", "https://ops.example.com/flows/"])
        #expect(render.status == 0, "\(render.stderr)")
        let dashboard = try String(contentsOf: site.appending(path: "index.html"), encoding: .utf8)
        let late = try #require(dashboard.range(of: "Late and quiet workflows"))
        let section = dashboard[late.upperBound...].prefix(4000)
        #expect(section.contains("Nightly report"))
        #expect(!section.contains("Hourly digest"))
        // Signatures, not raw strings: five timeouts with different numbers are one line.
        #expect(dashboard.contains("deploy timed out after &lt;duration&gt; (job &lt;n&gt;)"))
        #expect(!dashboard.contains("deploy timed out after 301 s"))
        let workflow = try String(contentsOf: site.appending(path: "workflows/1-nightly-report.html"), encoding: .utf8)
        #expect(workflow.contains("Cadence"))
        #expect(workflow.contains("next due"))
        let serverPage = try #require(try FileManager.default.contentsOfDirectory(atPath: site.appending(path: "servers").path).first { $0.hasPrefix("flaky-mcp-") && $0.hasSuffix(".html") })
        let integration = try String(contentsOf: site.appending(path: "servers/\(serverPage)"), encoding: .utf8)
        #expect(integration.contains("Unreliable: 50"))

        let stats = try JSONParser.parse(String(contentsOf: site.appending(path: "stats.json"), encoding: .utf8))
        let workflows = try #require(stats["workflows"]?.arrayValue)
        #expect(workflows[0]["punctuality"]?["state"] == .string("late"))
        #expect(workflows[1]["reliability"]?["flaky"] == .bool(true))
        #expect(workflows[2]["punctuality"]?["state"] == .string("on_time"))
        let servers = try #require(stats["servers"]?.arrayValue)
        #expect(servers.first { $0["server"] == .string("flaky-mcp") }?["unreliable"] == .bool(true))

        let feedData = try Data(contentsOf: site.appending(path: "feed.xml"))
        let feed = try AtomCheck.parse(feedData)
        #expect(feed.root == "feed")
        #expect(feed.namespace == "http://www.w3.org/2005/Atom")
        #expect(feed.feedChildren.isSuperset(of: ["id", "title", "updated", "author"]))
        #expect(feed.entries.count >= 4)  // failing deploy, flapping sync (failing now), nightly report late, new signatures
        for entry in feed.entries {
            #expect(Set(entry.keys).isSuperset(of: ["id", "title", "updated", "link"]), "\(entry)")
            #expect(entry["link"]?.hasPrefix("https://ops.example.com/flows/") == true)
            #expect(Timestamp(text: entry["updated"] ?? "") != nil)
        }
        #expect(Set(feed.entries.compactMap { $0["id"] }).count == feed.entries.count)
        #expect(feed.entries.contains { $0["title"] == "Late: Nightly report" })

        // The same database renders the same entry ids: a feed reader shows each once.
        let again = try Flowsite.run(["render", "--db", db.path, "--out", folder.appending(path: "site2").path, "--as-of", "2026-11-25T06:00:00Z",
                                      "--base-url", "https://ops.example.com/flows/"])
        #expect(again.status == 0)
        let second = try AtomCheck.parse(Data(contentsOf: folder.appending(path: "site2/feed.xml")))
        #expect(Set(second.entries.compactMap { $0["id"] }).isSuperset(of: Set(feed.entries.compactMap { $0["id"] }.filter { $0.contains(":failing:") || $0.contains(":late:") })))
    }

    /// flowsite.yml's render defaults and extra secret keys reach the render; a flag still wins.
    @Test func theConfigSetsRenderDefaultsAndExtraSecretKeys() throws {
        let folder = try Flowsite.folder()
        let db = try Self.database(in: folder)
        try DatabaseQueue(path: db.path).write {
            try $0.execute(sql: """
                UPDATE workflow SET structured_definition = '{"trigger": {"type": "schedule", "cron": "0 * * * *"}, "actions": [{"tool": "digest", "arguments": {"tenant_pin": "9988-7766-PIN"}}]}' WHERE id = 3
                """)
        }
        func site(_ name: String, _ extra: [String]) throws -> [String: String] {
            let out = folder.appending(path: name)
            let render = try Flowsite.run(["render", "--db", db.path, "--out", out.path, "--as-of", Self.asOf] + extra)
            #expect(render.status == 0, "\(render.stderr)")
            var files: [String: String] = [:]
            for path in try FileManager.default.subpathsOfDirectory(atPath: out.path) {
                if let data = FileManager.default.contents(atPath: out.appending(path: path).path) { files[path] = String(decoding: data, as: UTF8.self) }
            }
            return files
        }
        let plain = try site("plain", [])
        #expect(plain["workflows/3-hourly-digest.html"]?.contains("9988-7766-PIN") == true)  // not a name flowsite knows
        let config = folder.appending(path: "flowsite.yml")
        try "render:\n  title: Ops flows\n  formats: [html]\nredaction:\n  keys: [tenant_pin]\n".write(to: config, atomically: true, encoding: .utf8)
        let configured = try site("configured", ["--config", config.path])
        #expect(configured.allSatisfy { !$0.value.contains("9988-7766-PIN") })
        #expect(configured["index.html"]?.contains("<title>Dashboard · Ops flows</title>") == true)
        #expect(configured["index.md"] == nil)  // formats: [html]
        let titled = try site("titled", ["--config", config.path, "--title", "From the flag"])
        #expect(titled["index.html"]?.contains("<title>Dashboard · From the flag</title>") == true)
        let markdown = try site("markdown", ["--config", config.path, "--format", "md"])
        #expect(markdown["index.md"] != nil && markdown["index.html"] == nil)
    }

    /// Against the previous render's stats.json in the same folder: a streak or a signature it did not have is new.
    @Test func checkPrintsTheMorningSummaryWithLinksIntoTheSite() throws {
        let folder = try Flowsite.folder()
        let db = try Self.database(in: folder)
        let slack = try Flowsite.run(["check", "--db", db.path, "--as-of", Self.asOf, "--format", "slack", "--base-url", "https://ops.example.com/flows/"])
        #expect(slack.status == 1, "\(slack.stderr)")
        #expect(slack.stdout.hasPrefix("*flowsite: "), "\(slack.stdout)")
        #expect(slack.stdout.contains("*Failing now*\n• <https://ops.example.com/flows/workflows/4-failing-deploy.html|Failing deploy>: 5 in a row"), "\(slack.stdout)")
        let text = try Flowsite.run(["check", "--db", db.path, "--as-of", Self.asOf, "--format", "text"])
        #expect(text.status == 1 && text.stdout.contains("Failing now:\n  - Failing deploy: 5 in a row") && !text.stdout.contains("https://"), "\(text.stdout)")
        let both = try Flowsite.run(["check", "--db", db.path, "--json", "--format", "text"])
        #expect(both.status == 64 && both.stderr.contains("--json and --format cannot be used together"), "\(both.status) \(both.stderr)")
    }

    @Test func failuresAndSignaturesAreNewOrRecurringAgainstTheLastRender() throws {
        let folder = try Flowsite.folder()
        let db = try Self.database(in: folder)
        let site = folder.appending(path: "site")
        // The night before, the deploy had not failed yet.
        let queue = try DatabaseQueue(path: db.path)
        let failures = try queue.read { try Row.fetchAll($0, sql: "SELECT * FROM workflowrun WHERE error_message LIKE 'deploy timed out%'") }
        #expect(failures.count == 5)
        try queue.write { try $0.execute(sql: "DELETE FROM workflowrun WHERE error_message LIKE 'deploy timed out%'") }
        #expect(try Flowsite.run(["render", "--db", db.path, "--out", site.path, "--as-of", Self.asOf]).status == 0)
        let first = try JSONParser.parse(String(contentsOf: site.appending(path: "stats.json"), encoding: .utf8))
        #expect(first["workflows"]?.arrayValue?[1]["failure"] == .null)  // no previous render: nothing is marked
        try queue.write { db in
            for row in failures {
                try db.execute(sql: "INSERT INTO workflowrun VALUES (?, ?, ?, ?, ?, ?, ?)",
                               arguments: [row["id"], row["triggered_at"], row["status"], row["trigger_data"], row["output_data"], row["error_message"], row["workflow_id"]])
            }
        }
        try queue.close()
        #expect(try Flowsite.run(["render", "--db", db.path, "--out", site.path, "--as-of", Self.asOf]).status == 0)
        let second = try JSONParser.parse(String(contentsOf: site.appending(path: "stats.json"), encoding: .utf8))
        let workflows = try #require(second["workflows"]?.arrayValue)
        #expect(workflows[3]["failure"] == .string("new"))
        #expect(workflows[1]["failure"] == .string("recurring"))  // the flapping sync was failing then too
        let signatures = try #require(second["signatures"]?.arrayValue)
        #expect(signatures.first { $0["signature"]?.stringValue?.hasPrefix("deploy timed out") == true }?["new"] == .bool(true))
        #expect(signatures.first { $0["signature"]?.stringValue?.hasPrefix("flaky-mcp") == true }?["new"] == .bool(false))
        let dashboard = try String(contentsOf: site.appending(path: "index.md"), encoding: .utf8)
        #expect(dashboard.contains("failures in a row (new)"))
        #expect(dashboard.contains("**new** [deploy timed out"))
        #expect(dashboard.contains("## Since the last render"))
    }

    @Test func importCheckReportsDriftWithoutWriting() throws {
        let folder = try Flowsite.folder()
        let db = try Flowsite.demo(in: folder)
        let files = folder.appending(path: "workflows")
        #expect(try Flowsite.run(["export", "--db", db.path, "--out", files.path]).status == 0)
        let before = try Data(contentsOf: db)
        let inSync = try Flowsite.run(["import", "--check", "--db", db.path, files.path])
        #expect(inSync.status == 0, "\(inSync.stdout)\(inSync.stderr)")
        #expect(inSync.stdout.contains("in sync"))

        let names = try FileManager.default.contentsOfDirectory(atPath: files.path).filter { $0.hasSuffix(".md") }.sorted()
        let edited = files.appending(path: names[0])
        let text = try String(contentsOf: edited, encoding: .utf8)
        try text.replacingOccurrences(of: "\n---\n", with: "\n---\nEdited in git.\n").write(to: edited, atomically: true, encoding: .utf8)
        try FileManager.default.removeItem(at: files.appending(path: names[1]))
        try "---\nname: Brand new\nowner: alice\ntrigger: { type: manual }\nactions: [{ integration: github.com/acme/github-mcp, tool: noop }]\n---\nNew.\n".write(to: files.appending(path: "zz-new.md"), atomically: true, encoding: .utf8)
        let drift = try Flowsite.run(["import", "--check", "--db", db.path, files.path])
        #expect(drift.status == 1, "\(drift.stdout)\(drift.stderr)")
        #expect(drift.stdout.contains("changed     \(edited.path)"))
        #expect(drift.stdout.contains("body differ"))
        #expect(drift.stdout.contains("no file     #"))
        #expect(drift.stdout.contains("not in db   \(files.appending(path: "zz-new.md").path)"))
        let json = try Flowsite.run(["import", "--check", "--json", "--db", db.path, files.path])
        #expect(json.status == 1)
        let parsed = try JSONParser.parse(json.stdout)
        #expect(parsed["in_sync"] == .bool(false))
        #expect(parsed["no_file"]?.arrayValue?.count == 1)
        #expect(parsed["changed"]?.arrayValue?.count == 1)
        #expect(try Data(contentsOf: db) == before)

        try "---\nname: [broken\n---\n".write(to: files.appending(path: "zz-broken.md"), atomically: true, encoding: .utf8)
        let broken = try Flowsite.run(["import", "--check", "--db", db.path, files.path])
        #expect(broken.status == 2)
        #expect(broken.stderr.contains("zz-broken.md:"))
        #expect(try Data(contentsOf: db) == before)
    }
}

/// A small Atom reader over Foundation's XMLParser: the root, its namespace, the feed's own children and each
/// entry's children (text, or `href` for links). Malformed XML throws.
final class AtomCheck: NSObject, XMLParserDelegate {
    var root = ""
    var namespace = ""
    var feedChildren = Set<String>()
    var entries: [[String: String]] = []
    private var path: [String] = []
    private var text = ""

    static func parse(_ data: Data) throws -> AtomCheck {
        let check = AtomCheck()
        let parser = XMLParser(data: data)
        parser.delegate = check
        parser.shouldProcessNamespaces = true
        guard parser.parse() else { throw parser.parserError ?? CocoaError(.fileReadCorruptFile) }
        return check
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
        if path.isEmpty {
            root = name
            namespace = namespaceURI ?? ""
        }
        if path == ["feed"] { feedChildren.insert(name) }
        if path == ["feed"], name == "entry" { entries.append([:]) }
        if path == ["feed", "entry"], name == "link" { entries[entries.count - 1]["link"] = attributes["href"] }
        path.append(name)
        text = ""
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        path.removeLast()
        if path == ["feed", "entry"], name != "link" { entries[entries.count - 1][name] = text }
    }
}
