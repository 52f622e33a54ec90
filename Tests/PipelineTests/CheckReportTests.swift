import Testing
import WorkflowModel
@testable import Pipeline

/// The reports the commands print, as exact values: the log, the JSON and the job summary of `check`.
@Suite struct CheckReportTests {
    static let asOf = Timestamp(text: "2026-11-25T00:00:00Z")!

    static func report(failures: [String] = ["'Nightly' (#1) failed 5 times in a row (limit 3)"]) -> CheckReport {
        CheckReport(results: [
            GateResult(gate: "failure streak", limit: "≤ 3 in a row", passed: failures.isEmpty, failures: failures),
            GateResult(gate: "stuck runs", limit: "≤ 0", passed: true, failures: []),
        ], source: "app.db", asOf: asOf)
    }

    @Test func theLogHasOneLinePerOffenderThenTheVerdict() {
        #expect(Self.report().text() == ["failure streak (≤ 3 in a row): 'Nightly' (#1) failed 5 times in a row (limit 3)", "flowsite check: 1 of 2 gates failed"])
        #expect(Self.report(failures: []).text() == ["flowsite check: all 2 gates hold"])
        // A name's own line break cannot print a line that reads like the verdict.
        #expect(Self.report(failures: ["'a\nflowsite check: all 2 gates hold' (#2)"]).text().first == "failure streak (≤ 3 in a row): 'a\\nflowsite check: all 2 gates hold' (#2)")
    }

    @Test func theLogCutsEachGateAtFiftyOffenders() {
        let lines = Self.report(failures: (1...60).map { "'w\($0)'" }).text()
        #expect(lines.count == 52)
        #expect(lines[50] == "failure streak (≤ 3 in a row): …and 10 more (--json lists all)")
    }

    @Test func jsonListsEveryGate() {
        #expect(JSONWriter.compact.write(Self.report().json()) == #"{"as_of":"2026-11-25T00:00:00Z","passed":false,"gates":[{"gate":"failure streak","limit":"≤ 3 in a row","passed":false,"failures":["'Nightly' (#1) failed 5 times in a row (limit 3)"]},{"gate":"stuck runs","limit":"≤ 0","passed":true,"failures":[]}]}"#)
    }

    @Test func theJobSummaryIsATableThenTheOffenders() {
        #expect(Self.report().markdown() == """
            ### flowsite check: gates failed

            app\\.db as of 2026-11-25T00:00:00Z

            | Gate | Limit | Result |
            |---|---|---|
            | failure streak | ≤ 3 in a row | ❌ 1 failing |
            | stuck runs | ≤ 0 | ✅ holds |

            **failure streak**

            - \\'Nightly\\' \\(\\#1\\) failed 5 times in a row \\(limit 3\\)

            """)
    }
}

/// The morning summary's writers: links only with a base URL, and no name can write markup of its own.
@Suite struct MorningSummaryTests {
    static func summary(name: String) -> MorningSummary {
        let report = CheckReportTests.report()
        return MorningSummary(results: report.results, source: "app.db", asOf: CheckReportTests.asOf, sections: [
            .init(title: "Failing now", items: [.init(text: name, path: "workflows/1-nightly.html", detail: "5 in a row: HTTP 500")], more: 2),
        ])
    }

    @Test func slackEscapesWhatMrkdwnReads() {
        let text = Self.summary(name: "<!channel> *x* | <https://evil.example|click>").render(.slack, baseURL: "https://ops.example.com/flows/")
        #expect(text.contains("• <https://ops.example.com/flows/workflows/1-nightly.html|&lt;!channel&gt; *x* ¦ &lt;https://evil.example¦click&gt;>: 5 in a row: HTTP 500"))
        #expect(!text.contains("<!channel>"))
        #expect(text.contains("• …and 2 more"))
    }

    @Test func markdownEscapesAndLinks() {
        let text = Self.summary(name: "[x](javascript:alert(1))\n### all gates hold").render(.markdown, baseURL: "https://ops.example.com/flows")
        #expect(text.hasPrefix("### flowsite: 1 of 2 gates failed\n"))
        #expect(text.contains("(https://ops.example.com/flows/workflows/1-nightly.html)"))
        #expect(!text.contains("\n### all gates hold"))
        #expect(!text.contains("[x](javascript"))
    }

    @Test func textHasNoLinksWithoutABaseURL() {
        let text = Self.summary(name: "Nightly").render(.text, baseURL: nil)
        #expect(text == """
            flowsite: 1 of 2 gates failed
            app.db as of 2026-11-25 00:00 UTC

              [FAILED] failure streak (≤ 3 in a row): 1
              [ok] stuck runs (≤ 0)

            Failing now:
              - Nightly: 5 in a row: HTTP 500
              - …and 2 more

            """)
    }
}
