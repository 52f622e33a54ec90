import Foundation
import GRDB
import Testing

/// A render of an unchanged database rewrites nothing; a change rewrites exactly the pages that show it.
@Suite struct IncrementalRenderTests {
    static func written(_ outcome: Flowsite.Outcome) -> Int? {
        outcome.stderr.range(of: #"(\d+) written"#, options: .regularExpression).flatMap { Int(outcome.stderr[$0].split(separator: " ")[0]) }
    }

    @Test func unchangedPagesAreNotRenderedAgainAndChangedOnesAre() throws {
        let folder = try Flowsite.folder()
        let db = try Flowsite.demo(in: folder)
        let site = folder.appending(path: "site")
        let render = ["render", "--db", db.path, "--out", site.path, "--as-of", "2026-11-25T00:00:00Z"]
        let first = try Flowsite.run(render)
        #expect(first.status == 0)
        let page = site.appending(path: "workflows/3-invoice-notion.html")
        let untouched = site.appending(path: "workflows/2-daily-stand-up-digest.html")
        let before = try FileManager.default.attributesOfItem(atPath: untouched.path)[.modificationDate] as? Date

        // The first render had no earlier one to compare with; the second marks failing workflows as recurring
        // and says what changed since (the dashboard, the attention page's full lists and stats.json only). From
        // then on an unchanged database writes nothing.
        let second = try Flowsite.run(render)
        #expect((Self.written(second) ?? 99) <= 5, "\(second.stderr)")
        let settled = try Flowsite.run(render)
        #expect(Self.written(settled) == 0, "\(settled.stderr)")

        try DatabaseQueue(path: db.path).write { try $0.execute(sql: "UPDATE workflow SET description = 'Now with receipts' WHERE id = 3") }
        let third = try Flowsite.run(render)
        #expect(third.status == 0)
        #expect(try String(contentsOf: page, encoding: .utf8).contains("Now with receipts"))
        #expect(try String(contentsOf: site.appending(path: "workflows/3-invoice-notion.md"), encoding: .utf8).contains("Now with receipts"))
        #expect(try FileManager.default.attributesOfItem(atPath: untouched.path)[.modificationDate] as? Date == before)
        #expect((Self.written(third) ?? 0) >= 2 && (Self.written(third) ?? 0) <= 4, "\(third.stderr)")

        // A page deleted by hand is rendered again (both formats) even though its inputs did not change; only the
        // deleted file differs on disk.
        try FileManager.default.removeItem(at: untouched)
        let fourth = try Flowsite.run(render)
        #expect(Self.written(fourth) == 1 && FileManager.default.fileExists(atPath: untouched.path), "\(fourth.stderr)")
    }
}
