import Foundation
import Testing
@testable import SiteRenderer

/// The feed keeps episodes worth reading: a streak of two or more, or a first failure after a week of successes;
/// not a single failure among others.
@Suite struct FeedEpisodeTests {
    @Test func onlyEpisodesWorthReadingGetAnEntry() throws {
        var sql = """
            INSERT INTO user VALUES (1, 'alice', 'hash', NULL, '2026-11-01 00:00:00');
            INSERT INTO workflow VALUES (1, 'Healthy then failed', NULL, 'x', '{"trigger": {"type": "manual"}, "actions": []}', '2026-11-01 00:00:00', '2026-11-01 00:00:00', 1);
            INSERT INTO workflow VALUES (2, 'Flapping', NULL, 'x', '{"trigger": {"type": "manual"}, "actions": []}', '2026-11-01 00:00:00', '2026-11-01 00:00:00', 1);
            INSERT INTO workflow VALUES (3, 'Two in a row', NULL, 'x', '{"trigger": {"type": "manual"}, "actions": []}', '2026-11-01 00:00:00', '2026-11-01 00:00:00', 1);

            """
        var id = 0
        func run(_ workflow: Int, _ day: Int, _ status: String) {
            id += 1
            let error = status == "failed" ? "'boom'" : "NULL"
            sql += "INSERT INTO workflowrun VALUES (\(id), '2026-11-\(String(format: "%02d", day)) 10:00:00', '\(status)', NULL, NULL, \(error), \(workflow));\n"
        }
        for day in 10...23 { run(1, day, "completed") }
        run(1, 24, "failed")                                                  // first failure after a healthy week
        for day in 10...23 { run(2, day, day % 2 == 0 ? "failed" : "completed") }
        run(2, 24, "failed")                                                  // one failure among many: not news
        for day in 10...22 { run(3, day, "completed") }
        run(3, 23, "failed"); run(3, 24, "failed")                            // two in a row
        let site = try RenderFixture.render(try RenderFixture.database(sql))
        let feed = try #require(site["feed.xml"])
        #expect(feed.contains("<title>First failure in a week: Healthy then failed</title>"))
        #expect(feed.contains("<title>Failing: Two in a row (2 in a row)</title>"))
        #expect(!feed.contains("Flapping"))
        #expect(feed.contains("<link rel=\"alternate\" href=\"runs/29.html\"/>") || feed.contains("href=\"runs/"), "a streak links to its first run's page")
        var options = RenderOptions()
        options.feedMinimumStreak = 1
        let everyStreak = try #require(try RenderFixture.render(try RenderFixture.database(sql), options: options)["feed.xml"])
        #expect(everyStreak.contains("Failing: Flapping (1 in a row)"))
    }
}
