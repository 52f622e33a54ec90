import Foundation
import GRDB
import Testing
import WorkflowModel
@testable import SiteRenderer

/// Run and signature pages on generated shapes, not only the demo: which runs get a page, secrets in the app's odd
/// places, markup in every field, huge and invalid values, and links from everywhere a run id or an error is shown.
@Suite struct RunPageTests {
    /// 30 runs of one workflow: 22 successes, then 8 failures (a streak), with data that must never leak.
    static func hostileDatabase() throws -> URL {
        var sql = """
            INSERT INTO user VALUES (1, 'alice', 'hash', NULL, '2026-11-01 00:00:00');
            INSERT INTO workflow VALUES (1, 'Hook <script>alert(1)</script> | `x` [a](b)', NULL, 'x', '{"trigger": {"type": "webhook", "path": "/in"}, "actions": [{"integration": "github.com/acme/slack-mcp", "tool": "post_message"}]}', '2026-11-01 00:00:00', '2026-11-01 00:00:00', 1);
            INSERT INTO workflow VALUES (2, 'Quiet', NULL, 'x', '{"trigger": {"type": "manual"}, "actions": []}', '2026-11-01 00:00:00', '2026-11-01 00:00:00', 1);

            """
        for id in 1...22 {
            sql += "INSERT INTO workflowrun VALUES (\(id), '2026-11-\(String(format: "%02d", id)) 10:00:00', 'completed', '{\"n\": \(id)}', '{\"ok\": true}', NULL, 1);\n"
        }
        for id in 23...30 {
            let error = "Traceback (most recent call last):' || char(10) || '  File \"x.py\", line 3' || char(10) || 'ValueError: bad token ghp_abcdefghijklmnopqrstuvwxyz0123456789 in ```</pre><script>alert(2)</script>"
            sql += """
                INSERT INTO workflowrun VALUES (\(id), '2026-11-24 \(String(format: "%02d", id - 10)):00:00', 'failed',
                  '{"headers": [{"name": "Authorization", "value": "Bearer SUPERSECRETBEARER1"}], "api_key": "KEYVALUE\(id)xyz", "body": "<img src=x onerror=alert(3)>"}',
                  '{"echo": "KEYVALUE\(id)xyz", "note": "</pre><script>alert(4)</script>"}', '\(error)', 1);

                """
        }
        // An old run of the second workflow, with invalid UTF-8 and a 300 kB output.
        sql += "INSERT INTO workflowrun VALUES (31, '2026-11-10 10:00:00', 'failed', NULL, '{\"big\": \"' || replace(hex(zeroblob(150000)), '0', 'a') || '\"}', CAST(X'6F6F7073FF20627974657320E2' AS TEXT), 2);\n"
        return try RenderFixture.database(sql)
    }

    @Test func theRunsThatMatterGetAPageAndNoOthers() throws {
        let site = try RenderFixture.render(try Self.hostileDatabase())
        let pages = site.keys.filter { $0.hasPrefix("runs/") && $0.hasSuffix(".html") }.sorted()
        #expect(pages.count == 2, "one runs page per workflow: \(pages)")
        let firstPath = try #require(pages.first { $0.hasPrefix("runs/1-") })
        let first = try #require(site[firstPath])
        // Workflow 1: its latest 20 (11-30), the streak (23-30) inside them; workflow 2: its one run. 1-10 get none.
        let sections = first.components(separatedBy: "<section class=\"run\" id=\"run-").dropFirst().compactMap { Int($0.prefix { $0.isNumber }) }
        #expect(sections == Array((11...30).reversed()))
        #expect(site["runs/2-quiet.md"] != nil && site["runs/2-quiet.html"]?.contains("id=\"run-31\"") == true)
        let workflow = try #require(site.first { $0.key.hasPrefix("workflows/1-") && $0.key.hasSuffix(".html") }?.value)
        #expect(workflow.contains("#run-30\">#30</a>"))
        #expect(workflow.contains("<td data-label=\"Run\" class=\"num\">#10</td>"), "a run without a page is shown as text")
    }

    @Test func secretsNeverAppearAndMarkupIsInert() throws {
        let site = try RenderFixture.render(try Self.hostileDatabase())
        for (path, text) in site {
            for secret in ["SUPERSECRETBEARER1", "KEYVALUE30xyz", "KEYVALUE23xyz", "ghp_abcdefghijklmnopqrstuvwxyz0123456789"] {
                #expect(!text.contains(secret), "\(path) shows \(secret)")
            }
            guard path.hasSuffix(".html") else { continue }
            #expect(!text.contains("<script>alert"), "\(path) lets a script through")
            #expect(!text.contains("<img src=x"), "\(path) lets an image through")
        }
        let whole = try #require(site.first { $0.key.hasPrefix("runs/1-") && $0.key.hasSuffix(".html") }?.value)
        let section = try #require(whole.components(separatedBy: "<section class=\"run\" id=\"run-30\">").last)
        let page = section.components(separatedBy: "</section>")[0]
        #expect(page.contains("<a class=\"anchor\" href=\"#run-30\">Run #30</a> <span class=\"pill fail\">failed</span>"))
        #expect(page.contains("&quot;value&quot;: &quot;••••&quot;"), "a header named as a secret is masked whole")
        #expect(page.contains("&quot;echo&quot;: &quot;••••&quot;,"), "a value masked by key elsewhere is masked by value here")
        #expect(page.contains("Traceback (most recent call last):\n  File &quot;x.py&quot;, line 3\nValueError"), "the full error, lines kept")
        #expect(page.contains("<time class=\"with-age\" datetime=\"2026-11-24T20:00:00Z\">"), "the age beside the time is the reader's script's, not the render's")
        #expect(page.contains("<a href=\"#run-29\">run #29</a>") && !page.contains("next:"), "the latest run has a previous run and no next")
        let markdown = try #require(site.first { $0.key.hasPrefix("runs/1-") && $0.key.hasSuffix(".md") }?.value)
        #expect(markdown.contains("\n````text\n"), "a fence longer than the error's own backticks")
    }

    @Test func hugeAndInvalidValuesStayAPage() throws {
        let site = try RenderFixture.render(try Self.hostileDatabase())
        let page = try #require(site["runs/2-quiet.html"])
        #expect(page.contains("characters long; the first 100,000 are shown"))
        #expect(page.contains("oops\u{FFFD} bytes"), "invalid UTF-8 is replaced, not fatal")
        #expect(page.utf8.count < 150_000)
    }

    @Test func signaturePagesLinkEverywhere() throws {
        let site = try RenderFixture.render(try Self.hostileDatabase())
        let signatures = site.keys.filter { $0.hasPrefix("errors/") && $0.hasSuffix(".html") && $0 != "errors/index.html" }.sorted()
        #expect(signatures.count == 2)
        let file = try #require(signatures.first { $0.contains("valueerror") })
        let page = try #require(site[file])
        #expect(page.contains("<span class=\"value\">8</span><span class=\"label\">Runs failed with it</span>"))
        #expect(page.contains("#run-30\">#30</a>") && page.contains("#run-28\">#28</a>"), "its latest runs")
        #expect(!page.contains("#run-27\""), "three examples")
        #expect(page.contains("<svg class=\"chart bars\""))
        let name = String(file.dropFirst("errors/".count))
        #expect(try #require(site["index.html"]).contains("errors/\(name)"))
        #expect(try #require(site["errors/index.html"]).contains("href=\"\(name)\""))
        #expect(try #require(site.first { $0.key.hasPrefix("runs/1-") && $0.key.hasSuffix(".html") }?.value).contains("../errors/\(name)"))
    }

    @Test func noRunPagesWhenTurnedOff() throws {
        var options = RenderOptions()
        options.latestRunPages = 0
        let site = try RenderFixture.render(try Self.hostileDatabase(), options: options)
        #expect(!site.keys.contains { $0.hasPrefix("runs/") })
    }

    /// Run details are read and masked a batch of pages at a time, never all at once: a secret found by key in one
    /// workflow's run is still masked in another workflow's run whose page is rendered in a later batch, and in
    /// the error tallies every page shows.
    @Test func aSecretOfOneRunIsMaskedInEveryOtherBatch() throws {
        var sql = "INSERT INTO user VALUES (1, 'alice', 'hash', NULL, '2026-11-01 00:00:00');\n"
        for id in 1...(RenderJob.batchSize + 6) {
            sql += "INSERT INTO workflow VALUES (\(id), 'Flow \(id)', NULL, 'x', '{\"trigger\": {\"type\": \"manual\"}, \"actions\": []}', '2026-11-01 00:00:00', '2026-11-01 00:00:00', 1);\n"
            sql += "INSERT INTO workflowrun VALUES (\(id), '2026-11-20 10:00:00', 'completed', '{\"n\": \(id)}', NULL, NULL, \(id));\n"
        }
        let last = RenderJob.batchSize + 6
        sql += """
            UPDATE workflowrun SET trigger_data = '{"api_key": "CROSSBATCHSECRET1"}' WHERE id = 1;
            UPDATE workflowrun SET status = 'failed', output_data = '{"echo": "CROSSBATCHSECRET1"}', error_message = 'rejected CROSSBATCHSECRET1' WHERE id = \(last);

            """
        let site = try RenderFixture.render(try RenderFixture.database(sql))
        #expect(site.keys.filter { $0.hasPrefix("runs/") && $0.hasSuffix(".html") }.count == last)
        for (path, text) in site {
            #expect(!text.contains("CROSSBATCHSECRET1"), "\(path) shows the secret")
        }
        let page = try #require(site.first { $0.key.hasPrefix("runs/\(last)-") && $0.key.hasSuffix(".html") }?.value)
        #expect(page.contains("&quot;echo&quot;: &quot;••••&quot;") && page.contains("rejected ••••"))
    }

    @Test func aRunTheStoreDoesNotAnswerStillGetsItsPage() throws {
        let reader = RunDetailReader(ids: [1, 2]) { ids in
            ids.filter { $0 == 2 }.map { RunDetail(id: $0, triggerData: .missing, outputData: .missing, errorMessage: "boom") }
        }
        let details = try reader.read([1, 2])
        #expect(details.keys.sorted() == [1, 2])
        #expect(details[1]?.found == false && details[2]?.found == true && details[2]?.errorMessage == "boom")
        var chunks: [[Int64]] = []
        try reader.forEachChunk { chunks.append($0.map(\.id)) }
        #expect(chunks == [[1, 2]])
    }
}
