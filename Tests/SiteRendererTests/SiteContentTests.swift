import Foundation
import Redaction
import Testing
import WorkflowStore
import WorkflowModel
@testable import SiteRenderer

@Suite struct SiteContentTests {
    @Test(arguments: [DatabaseLayout.sqlmodel, .prisma])
    func statsAgreeWithIndependentSQL(_ layout: DatabaseLayout) throws {
        let url = try RenderFixture.demoDatabase(layout: layout)
        let stats = try JSONParser.parse(try #require(try RenderFixture.render(url)["stats.json"]))
        let (run, workflowColumn, timeColumn) = (AppTable.workflowRun.name(in: layout), layout.columnName("workflow_id"), layout.columnName("triggered_at"))
        #expect(stats["totals"]?["runs"] == .integer(Int64(try RenderFixture.count(url, "SELECT count(*) FROM \(run)"))))
        for workflow in try #require(stats["workflows"]?.arrayValue) {
            guard case .integer(let id)? = workflow["id"] else { Issue.record("no id"); continue }
            #expect(workflow["runs_total"] == .integer(Int64(try RenderFixture.count(url, "SELECT count(*) FROM \(run) WHERE \(workflowColumn) = \(id)"))))
            // Like with like: by_status counts each stored status on its own ('failed' apart from 'error').
            for status in ["success", "failed", "error", "running", "cancelled"] {
                let count = try RenderFixture.count(url, "SELECT count(*) FROM \(run) WHERE \(workflowColumn) = \(id) AND lower(status) = '\(status)'")
                #expect((workflow["by_status"]?[status]).map { $0 == .integer(Int64(count)) } ?? (count == 0), "workflow \(id) \(status)")
            }
        }
        let dayAgo = RenderFixture.asOf.adding(hours: -24)
        let bound = layout == .sqlmodel ? "'\(dayAgo.sqlModelText)'" : String(dayAgo.microseconds / 1000)
        let upper = layout == .sqlmodel ? "'\(RenderFixture.asOf.sqlModelText)'" : String(RenderFixture.asOf.microseconds / 1000)
        let last24 = try RenderFixture.count(url, "SELECT count(*) FROM \(run) WHERE \(timeColumn) > \(bound) AND \(timeColumn) <= \(upper)")
        #expect(stats["windows"]?["24h"]?["runs"] == .integer(Int64(last24)))
    }

    /// The search index names every workflow, integration and counted error, each leading to a page the site has.
    @Test(arguments: [DatabaseLayout.sqlmodel, .prisma])
    func searchIndexLeadsToEveryPage(_ layout: DatabaseLayout) throws {
        let url = try RenderFixture.demoDatabase(layout: layout)
        let site = try RenderFixture.render(url)
        let snapshot = try RenderFixture.snapshot(url)
        let text = try #require(site["assets/search-index.js"])
        let prefix = "window.flowsiteSearch = "
        #expect(text.hasPrefix(prefix) && text.hasSuffix(";\n"))
        let index = try JSONParser.parse(String(text.dropFirst(prefix.count).dropLast(2)))
        let words = try #require(index["words"]?.arrayValue).compactMap(\.stringValue)
        func word(_ value: JSONValue?) -> String? {
            guard case .integer(let position)? = value, words.indices.contains(Int(position)) else { return nil }
            return words[Int(position)]
        }
        let workflows = try #require(index["workflows"]?.arrayValue).compactMap(\.arrayValue)
        #expect(workflows.count == snapshot.workflows.count)
        for (entry, workflow) in zip(workflows, snapshot.workflows) {
            #expect(entry[0].stringValue == workflow.name)
            #expect(site["workflows/\(entry[1].stringValue ?? "").html"] != nil, "\(entry)")
            #expect(entry[4].arrayValue?.compactMap(word) == workflow.definition.referencedServers)
            #expect(entry[5].arrayValue?.compactMap(word) == workflow.definition.actions.compactMap(\.tool))
        }
        let integrations = try #require(index["integrations"]?.arrayValue).compactMap(\.arrayValue)
        // One entry per server, however many owners configured it (a hundred owners of slack-mcp are one result).
        var servers: [String] = []
        for integration in snapshot.integrations where !servers.contains(integration.serverName) { servers.append(integration.serverName) }
        #expect(integrations.map { word($0[0]) } == servers)
        for entry in integrations { #expect(site["servers/\(entry[1].stringValue ?? "").html"] != nil, "each server leads to its page") }
        let errors = try #require(index["errors"]?.arrayValue).compactMap(\.arrayValue)
        #expect(errors.count == min(Insights(snapshot).signatures.count, SearchIndex.errorsKept) && !errors.isEmpty)
        #expect(errors.allSatisfy { $0[1].stringValue?.hasPrefix("errors/") == true }, "each error leads to its signature's page")
        for entry in errors {
            let target = (entry[1].stringValue ?? "").split(separator: "#", maxSplits: 1).map(String.init)
            #expect(site[target.first ?? ""] != nil, "\(entry)")
            if target.count == 2 { #expect(site[target[0]]?.contains("id=\"\(target[1])\"") == true, "\(entry)") }
        }
    }

    /// A schema of 150 more tables becomes a list and one page per table: each page draws its table and the tables one
    /// foreign key away (within Mermaid's size limit) and links to them, and they link back; the migration tool's
    /// table is listed apart and drawn nowhere. A small schema keeps its one diagram, the tools' tables left out.
    @Test func schemasOfAnySize() throws {
        let site = try RenderFixture.render(try RenderFixture.bigSchemaDatabase())
        let schema = try #require(site["schema.html"])
        #expect(!schema.contains("class=\"mermaid\""))
        let tablePages = site.keys.filter { $0.hasPrefix("schema/") && $0.hasSuffix(".html") }
        #expect(tablePages.count == 155, "150 generated, the app's 4 and alembic_version")
        var diagrams = 0
        for page in tablePages {
            #expect(schema.contains("href=\"\(page)\""), "the schema page lists \(page)")
            let html = try #require(site[page])
            #expect(html.contains("href=\"../schema.html\""))
            if let start = html.range(of: "<pre class=\"mermaid\""), let end = html.range(of: "</pre>", range: start.upperBound..<html.endIndex) {
                diagrams += 1
                #expect(html[start.upperBound..<end.lowerBound].count < SchemaMap.maximumDiagramCharacters)
                #expect(!html[start.upperBound..<end.lowerBound].contains("alembic_version"))
            }
        }
        #expect(diagrams == 154, "every table but the migration tool's is drawn with its neighbours")
        // Links both ways: table 10 (the hub) and a table pointing at it.
        let hub = try #require(tablePages.first { $0.hasSuffix("-customer-010.html") })
        let spoke = try #require(tablePages.first { $0.hasSuffix("-attachment-014.html") })
        #expect(site[hub]!.contains("href=\"../\(spoke)\"") && site[spoke]!.contains("href=\"../\(hub)\""))
        let alembic = try #require(tablePages.first { $0.contains("alembic-version") })
        #expect(site[alembic]!.contains("kept by the app's tools") && !site[alembic]!.contains("class=\"mermaid\""))
        #expect(site[tablePages.first { $0.hasSuffix("-customer-050.html") } ?? ""]?.contains("missing_table <span class=\"muted\">(not in the schema)") == true)

        let prisma = try RenderFixture.render(try RenderFixture.demoDatabase(layout: .prisma))
        let small = try #require(prisma["schema.html"])
        #expect(small.components(separatedBy: "class=\"mermaid\"").count == 2, "one diagram")
        let diagram = small.components(separatedBy: "class=\"mermaid\"")[1].components(separatedBy: "</pre>")[0]
        #expect(!diagram.contains("_prisma_migrations") && small.contains("_prisma_migrations</a> <span class=\"muted\">· kept by the app's tools"))
    }

    @Test func hostileValuesRenderInert() throws {
        let url = try RenderFixture.database("""
            INSERT INTO user VALUES (1, '<b>mallory</b>', 'hash', NULL, '2026-11-01 00:00:00');
            INSERT INTO workflow VALUES (1, '<script>alert(1)</script> "quoted" & ''single''', '<img src=x onerror=alert(2)>',
              '# Hi <script>alert(3)</script>' || char(10) || char(10) || '[click](javascript:alert(4)) <iframe src="https://evil.example"></iframe>',
              '{"trigger": {"type": "manual\\"]); click trigger call alert(5)"}, "actions": [{"integration": "x<script>", "tool": "end", "arguments": {"q": "</pre><script>alert(6)</script>"}}]}',
              '2026-11-01 00:00:00', '2026-11-01 00:00:00', 1);
            INSERT INTO integration VALUES (1, 'javascript:alert(7)', '{"url": "\\"><script>alert(8)</script>"}', '2026-11-01 00:00:00', 1);
            INSERT INTO workflowrun VALUES (1, '2026-11-24 00:00:00', 'failed', NULL, NULL, '<svg onload=alert(9)>', 1);
            """)
        let site = try RenderFixture.render(url)
        for (path, text) in site where path.hasSuffix(".html") {
            #expect(!text.contains("<script>alert"), "\(path) lets a script through")
            #expect(!text.contains("<img src=x"), "\(path) lets an image through")
            #expect(!text.contains("<iframe"), "\(path) lets an iframe through")
            #expect(!text.contains("<svg onload"), "\(path) lets an SVG through")
            #expect(!text.contains("href=\"javascript:"), "\(path) has a javascript: link")
            #expect(!text.lowercased().contains("<script>") , "\(path) has an inline script")
        }
        let page = try #require(site["workflows/1-script-alert-1-script-quoted-single.html"])
        #expect(page.contains("&lt;script&gt;alert(1)&lt;/script&gt; &quot;quoted&quot; &amp; &#39;single&#39;"))
        for (path, text) in site where path.hasSuffix(".md") {
            #expect(!text.contains("<script>alert(1)"), "\(path) lets a raw script tag through")
            // Escaped as \<iframe, raw HTML reads as text on any Markdown renderer.
            #expect(text.range(of: #"(?<!\\)<(script>alert\(3|iframe)"#, options: .regularExpression) == nil, "\(path) passes the description's raw HTML through")
        }
    }

    @Test func expressionConditionsAndDraftsAreShownAsSuch() throws {
        let url = try RenderFixture.database("""
            INSERT INTO user VALUES (1, 'alice', 'hash', NULL, '2026-11-01 00:00:00');
            INSERT INTO workflow VALUES (1, 'Digest', NULL, 'x', '{"trigger": {"type": "manual"}, "conditions": [{"if": "len(fetch.items) > 0", "note": "kept"}], "actions": [{"integration": "s", "tool": "t"}]}', '2026-11-01 00:00:00', '2026-11-01 00:00:00', 1);
            INSERT INTO workflow VALUES (2, 'Empty', NULL, 'x', '{}', '2026-11-01 00:00:00', '2026-11-01 00:00:00', 1);
            """)
        let site = try RenderFixture.render(url)
        let page = try #require(site["workflows/1-digest.html"])
        #expect(page.contains("<th scope=\"row\">Condition</th><td><code>len(fetch.items) &gt; 0</code></td>"))
        #expect(page.contains("c1{&quot;len#40;fetch.items#41; #62; 0&quot;}"), "the flowchart's diamond is labelled with the expression")
        #expect(try #require(site["workflows/1-digest.md"]).contains("- Condition: len(fetch.items) &gt; 0"))
        #expect(!page.contains("pill draft"))
        let draft = try #require(site["workflows/2-empty.html"])
        #expect(draft.contains("<span class=\"pill draft\">draft</span>") && draft.contains("Draft: no trigger and no actions yet"))
        #expect(try #require(site["workflows/index.html"]).components(separatedBy: "pill draft").count == 2)
        #expect(try #require(site["workflows/index.md"]).contains("(draft)"))
    }

    @Test func secretsAreRedactedAtEveryDepthAndThePasswordHashNeverAppears() throws {
        let url = try RenderFixture.database("""
            INSERT INTO user VALUES (1, 'alice', '$2b$12$SUPERSECRETHASH', 'alice@example.com', '2026-11-01 00:00:00');
            INSERT INTO workflow VALUES (1, 'W', NULL, 'x', '{"trigger": "manual", "actions": [{"integration": "s", "tool": "t", "arguments": {"api_key": "SECRET-A"}}]}', '2026-11-01 00:00:00', '2026-11-01 00:00:00', 1);
            INSERT INTO integration VALUES (1, 's', '{"token": "SECRET-1", "a": {"b": {"Client_Secret": "SECRET-2", "list": [{"password": "SECRET-3"}, {"cookie": {"deep": "SECRET-4"}}]}}, "headers": [{"name": "Authorization", "value": "SECRET-5"}], "passwd": null, "sessionId": 42, "plain": "visible"}', '2026-11-01 00:00:00', 1);
            """)
        let site = try RenderFixture.render(url)
        for (path, text) in site {
            for secret in ["SECRET-1", "SECRET-2", "SECRET-3", "SECRET-4", "SECRET-5", "SECRET-A", "SUPERSECRETHASH", "alice@example.com"] {
                #expect(!text.contains(secret), "\(path) shows \(secret)")
            }
        }
        let integration = try #require(site.first { $0.key.hasPrefix("servers/") && $0.key.hasSuffix(".html") }?.value)
        #expect(integration.contains("visible"))
        #expect(integration.components(separatedBy: "&quot;\(SecretRedactor.mask)&quot;").count - 1 == 6)  // token, Client_Secret, password, cookie, header value, sessionId
        let shown = try RenderFixture.render(url, options: RenderOptions(showEmails: true))
        #expect(shown["workflows/1-w.html"]?.contains("alice@example.com") == true)
    }

    @Test func twoRendersAreIdenticalAndPageLinksResolve() throws {
        let url = try RenderFixture.demoDatabase()
        let first = try RenderFixture.render(url), second = try RenderFixture.render(url)
        #expect(first == second)
        for (path, text) in first where path.hasSuffix(".html") || path.hasSuffix(".md") {
            let folder = (path as NSString).deletingLastPathComponent
            for link in Self.relativeLinks(in: text) {
                let target = Self.resolve(link, from: folder)
                #expect(first[target] != nil, "\(path) links to \(link), which is not in the site")
            }
        }
    }

    /// `workflows` + `../index.html` -> `index.html`.
    static func resolve(_ link: String, from folder: String) -> String {
        var parts = folder.split(separator: "/").map(String.init)
        for part in link.split(separator: "/") {
            if part == ".." { _ = parts.popLast() } else if part != "." { parts.append(String(part)) }
        }
        return parts.joined(separator: "/")
    }

    static func relativeLinks(in text: String) -> [String] {
        let pattern = try! NSRegularExpression(pattern: #"(?:href="|\]\()([^"):#]+\.(?:html|md|css|js|svg))"#)
        return pattern.matches(in: text, range: NSRange(text.startIndex..., in: text)).compactMap {
            Range($0.range(at: 1), in: text).map { String(text[$0]) }
        }
    }
}
