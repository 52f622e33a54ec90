import Foundation
import Testing
@testable import SiteRenderer

/// Rendered output compared with committed files under Snapshots/. `RECORD_SNAPSHOTS=1 swift test` writes them
/// anew (into the source tree) and fails, so a re-record is always looked at before it is committed.
@Suite struct GoldenFileTests {
    static let recorded = ["index.html", "index.md", "workflows/1-triage-new-bug-reports.html", "workflows/1-triage-new-bug-reports.md",
                           "servers/github-mcp-6547b12946.html", "servers/github-mcp-6547b12946.md", "integrations/index.html", "workflows/index.html", "schema.html", "schema.md", "stats.json",
                           "runs/1-triage-new-bug-reports.html", "runs/1-triage-new-bug-reports.md", "errors/index.html", "errors/timeout-after-duration-calling-github-com-acme-49721392d1.html",
                           "errors/timeout-after-duration-calling-github-com-acme-49721392d1.md"]

    static var snapshotFolder: URL { URL(fileURLWithPath: #filePath).deletingLastPathComponent().appending(path: "Snapshots") }

    @Test(arguments: recorded)
    func demoSiteMatchesTheCommittedSnapshot(_ path: String) throws {
        let site = try RenderFixture.render(try RenderFixture.demoDatabase())
        let actual = try #require(site[path])
        let golden = Self.snapshotFolder.appending(path: path.replacingOccurrences(of: "/", with: "__"))
        if ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] == "1" {
            try actual.write(to: golden, atomically: true, encoding: .utf8)
            Issue.record("recorded \(golden.lastPathComponent); review it and run again without RECORD_SNAPSHOTS")
            return
        }
        let expected = try String(contentsOf: golden, encoding: .utf8)
        #expect(actual == expected, "\(path) differs from Snapshots/\(golden.lastPathComponent); if the change is intended, re-record with RECORD_SNAPSHOTS=1")
    }
}
