import Foundation
import GRDB
import SQLiteStore
import TestSupport
import Testing
import WorkflowModel
import WorkflowStore

/// A saved fold continued must give exactly what folding every run gives: over random histories (runs out of time
/// order, unreadable times, orphans, unknown statuses, secrets in messages) with appends, runs finishing, deleted
/// and rewritten runs, workflows created and deleted, and as-of moving either way.
@Suite struct SavedFoldTests {
    /// A history of `days` days before `asOf`, on the small demo's workflows (event, webhook and schedule ones).
    static func history(seed: UInt64, days: Int = 400, runs: Int = 1_500) throws -> (url: URL, random: SeededRandom) {
        let url = try FixtureDatabases.demo(at: TemporaryFolder.make("fold").appending(path: "app.db"))
        var random = SeededRandom(seed: seed)
        let queue = try Self.open(url)
        try queue.write { db in
            try db.execute(sql: "DELETE FROM workflowrun")
            let start = TestClock.asOf.adding(days: -Int64(days))
            for id in 1...runs {
                // Mostly in time order, as the app writes; now and then a run placed back in time.
                var offset = Int64(Double(id) / Double(runs) * Double(days) * 86_400)
                if random.below(40) == 0 { offset -= Int64(random.below(20 * 86_400)) }
                try insertRun(db, id: Int64(id), at: start.adding(seconds: offset), random: &random, settled: offset < Int64(days - 120) * 86_400)
            }
        }
        try queue.close()
        return (url, random)
    }

    static let messages = [
        "HTTP 500 from api.example.com", "timeout after 30s", "token sk-live-4f9a8b7c6d5e4f3a2b1c0d9e invalid",
        "password=hunter2 rejected", "  padded message  ", "Traceback (most recent call last):\n  File x\nValueError: bad",
    ]

    static func insertRun(_ db: Database, id: Int64, at time: Timestamp, random: inout SeededRandom, settled: Bool) throws {
        let statuses = ["completed", "completed", "completed", "failed", "failed", "cancelled", "running", "queued", "Weird"]
        var status = statuses[random.below(statuses.count)]
        // Old runs in progress are rare: most finished long ago.
        if settled, status == "running" || status == "queued", random.below(200) != 0 { status = "completed" }
        let workflow = random.below(30) == 0 ? 99 : 1 + random.below(12)
        var triggered: DatabaseValue = time.sqlModelText.databaseValue
        switch random.below(100) {
        case 0: triggered = "yesterday-ish".databaseValue
        case 1: triggered = 1_700_000_000.databaseValue  // epoch seconds: an integer where text is expected
        default: break
        }
        let message: DatabaseValue = status == "failed" || random.below(20) == 0
            ? (messages[random.below(messages.count)] + (random.below(3) == 0 ? " #\(random.below(50))" : "")).databaseValue : .null
        try db.execute(sql: "INSERT INTO workflowrun (id, triggered_at, status, error_message, workflow_id) VALUES (?, ?, ?, ?, ?)",
                       arguments: [id, triggered, status, message, workflow])
    }

    /// As the app's tables are: foreign keys declared, not enforced.
    static func open(_ url: URL) throws -> DatabaseQueue {
        var configuration = Configuration()
        configuration.foreignKeysEnabled = false
        return try DatabaseQueue(path: url.path, configuration: configuration)
    }

    static func read(_ url: URL, asOf: Timestamp, resuming saved: FoldState?) throws -> FoldedSnapshot {
        try SQLiteWorkflowStore(location: .init(path: url.path)).readSnapshot(asOf: asOf, resuming: saved)
    }

    static func expectSame(_ continued: FoldedSnapshot, _ full: FoldedSnapshot, _ context: String) {
        #expect(firstDifference(continued.snapshot.statistics, full.snapshot.statistics) == nil, "\(context)")
        #expect(continued.snapshot.findings == full.snapshot.findings, "\(context): findings differ")
        #expect(continued.snapshot.tableCounts == full.snapshot.tableCounts, "\(context): table counts differ")
        #expect(stateDifference(continued.state, full.state) == nil, "\(context): the fold saved next differs")
    }

    static func stateDifference(_ a: FoldState?, _ b: FoldState?) -> String? {
        guard let a, let b else { return a == nil && b == nil ? nil : "one is nil" }
        if a.boundaryID != b.boundaryID { return "boundary \(a.boundaryID) vs \(b.boundaryID)" }
        if a.prefixRows != b.prefixRows { return "prefixRows \(a.prefixRows) vs \(b.prefixRows)" }
        if a.samples != b.samples { return "samples" }
        if a.findings != b.findings { return "findings \(a.findings) vs \(b.findings)" }
        if a.prefix != b.prefix {
            let at = zip(a.prefix, b.prefix).enumerated().first { $0.element.0 != $0.element.1 }?.offset
            let from = max(0, (at ?? 0) - 30)
            return "prefix bytes (\(a.prefix.count) vs \(b.prefix.count), first at \(at ?? -1)): \(a.prefix[from..<min(a.prefix.count, from + 60)]) vs \(b.prefix[from..<min(b.prefix.count, from + 60)])"
        }
        return nil
    }

    /// The first figure that differs, named (a whole `RunStatistics` printed is megabytes).
    static func firstDifference(_ a: RunStatistics, _ b: RunStatistics) -> String? {
        let global: [(String, Bool)] = [
            ("totalRuns", a.totalRuns == b.totalRuns), ("allTime", a.allTime == b.allTime), ("windows", a.windows == b.windows),
            ("daily90", a.daily90 == b.daily90), ("dailyYear", a.dailyYear == b.dailyYear), ("errors", a.errors == b.errors),
            ("untrackedErrorRuns", a.untrackedErrorRuns == b.untrackedErrorRuns), ("stuckRuns", a.stuckRuns == b.stuckRuns),
            ("stuckRunTotal", a.stuckRunTotal == b.stuckRunTotal), ("runsAfterAsOf", a.runsAfterAsOf == b.runsAfterAsOf),
            ("workflows", a.perWorkflow.keys.sorted() == b.perWorkflow.keys.sorted()),
        ]
        if let (name, _) = global.first(where: { !$0.1 }) { return name }
        for id in a.perWorkflow.keys.sorted() {
            let (x, y) = (a.workflow(id), b.workflow(id))
            let fields: [(String, Bool)] = [
                ("allTime", x.allTime == y.allTime), ("last30Days", x.last30Days == y.last30Days), ("byStatus", x.byStatus == y.byStatus),
                ("latestRuns", x.latestRuns == y.latestRuns), ("lastRun", x.lastRun == y.lastRun), ("failureStreak", x.failureStreak == y.failureStreak),
                ("recentFailures", x.recentFailures == y.recentFailures), ("lastSuccess", x.lastSuccess == y.lastSuccess),
                ("recoveries", x.recoveries == y.recoveries), ("gaps", x.gaps == y.gaps), ("stuckRuns", x.stuckRuns == y.stuckRuns),
                ("dailyLast30", x.dailyLast30 == y.dailyLast30), ("topErrors", x.topErrors == y.topErrors),
            ]
            if let (name, _) = fields.first(where: { !$0.1 }) { return "workflow \(id): \(name)" }
        }
        return a == b ? nil : "something else"
    }

    @Test(arguments: 0..<40)
    func continuedFoldEqualsFullFold(seed: UInt64) throws {
        var (url, random) = try Self.history(seed: seed)
        let firstAsOf = TestClock.asOf.adding(days: -Int64(random.below(40)))
        let first = try Self.read(url, asOf: firstAsOf, resuming: nil)
        let saved = try #require(first.state, "seed \(seed): a history with settled runs saves a fold")

        // A night (or a few) later: new runs, earlier runs finishing, and sometimes history changing behind the fold.
        let queue = try Self.open(url)
        var changedHistory = false
        var change = 0
        var finishesWatched = false
        try queue.write { db in
            let maxID = try Int64.fetchOne(db, sql: "SELECT max(id) FROM workflowrun") ?? 0
            for offset in 1...Int64(50 + random.below(200)) {
                try Self.insertRun(db, id: maxID + offset, at: firstAsOf.adding(seconds: Int64(random.below(3 * 86_400)) - 86_400), random: &random, settled: false)
            }
            // Runs finishing; one night in four, runs left unfinished long ago (which the prefix holds) among them.
            finishesWatched = random.below(4) == 0
            try db.execute(sql: "UPDATE workflowrun SET status = 'completed' WHERE status IN ('running', 'queued') AND id % 2 = 0 AND id >= ?",
                           arguments: [finishesWatched ? 0 : saved.boundaryID])
            change = random.below(6)
            switch change {
            case 0:
                try db.execute(sql: "DELETE FROM workflowrun WHERE id = ?", arguments: [1 + random.below(Int(saved.boundaryID))])
                changedHistory = true
            case 1:
                // A sampled settled run rewritten: the check must see it.
                try db.execute(sql: "UPDATE workflowrun SET status = 'failed', error_message = 'rewritten' WHERE id = ?", arguments: [saved.samples[random.below(saved.samples.count)].id])
                changedHistory = true
            case 2:
                try db.execute(sql: "INSERT INTO workflow (id, name, description, natural_language_description, structured_definition, created_at, updated_at, owner_id) SELECT 99, 'late', NULL, '', '{}', created_at, updated_at, owner_id FROM workflow WHERE id = 1")
            case 3:
                try db.execute(sql: "INSERT INTO workflow (id, name, description, natural_language_description, structured_definition, created_at, updated_at, owner_id) SELECT 50, 'new', NULL, '', '{}', created_at, updated_at, owner_id FROM workflow WHERE id = 1")
            default:
                break
            }
        }
        try queue.close()
        let finishedWatched = finishesWatched ? saved.watched.first { $0.id % 2 == 0 } : nil
        let secondAsOf = firstAsOf.adding(days: Int64(random.below(45)) - 3)
        let continued = try Self.read(url, asOf: secondAsOf, resuming: saved)
        let full = try Self.read(url, asOf: secondAsOf, resuming: nil)
        Self.expectSame(continued, full, "seed \(seed)")
        if let finishedWatched, !changedHistory, secondAsOf >= firstAsOf, change != 2 {
            guard case .full(let reason?) = continued.fold else {
                Issue.record("seed \(seed): run \(finishedWatched.id) finished behind the fold, yet it was continued")
                return
            }
            #expect(reason.contains("run \(finishedWatched.id)"), "seed \(seed): \(reason)")
            changedHistory = true
        }
        if changedHistory || secondAsOf < firstAsOf {
            guard case .full(let reason) = continued.fold else {
                Issue.record("seed \(seed): history changed behind the fold, yet it was continued")
                return
            }
            #expect(reason != nil)
        }
        if !changedHistory, secondAsOf >= firstAsOf, change != 2 {
            guard case .incremental(let runsRead) = continued.fold else {
                Issue.record("seed \(seed): nothing changed behind the fold, yet every run was folded: \(continued.fold)")
                return
            }
            // Only the runs after the last one folded and those named to read again, by the database's own count.
            let expected = try Self.open(url).read { db in
                try Int.fetchOne(db, sql: "SELECT count(*) FROM workflowrun WHERE id > ? OR id IN (\(saved.rereadIDs.map(String.init).joined(separator: ",")))",
                                 arguments: [saved.highWater]) ?? -1
            }
            #expect(runsRead == expected, "seed \(seed)")
            #expect(saved.recent.count > 0 || saved.highWater < saved.boundaryID, "seed \(seed): finished runs after the boundary are kept")
        }
        // And once more from the fold this render saved, a day later.
        if let next = continued.state {
            let thirdAsOf = secondAsOf.adding(days: 1)
            Self.expectSame(try Self.read(url, asOf: thirdAsOf, resuming: next), try Self.read(url, asOf: thirdAsOf, resuming: nil), "seed \(seed), third render")
        }
    }

    /// A run the app left `running` years ago must not end the prefix at itself (every later run would be folded
    /// again every night); it joins the prefix, watched, and a full fold follows once it finishes.
    @Test func aRunLeftRunningLongAgoDoesNotPinTheFold() throws {
        let (url, _) = try Self.history(seed: 5)
        let queue = try Self.open(url)
        try queue.write { db in
            try db.execute(sql: "UPDATE workflowrun SET status = 'running', error_message = NULL, triggered_at = '2024-01-01 00:00:00', workflow_id = 3 WHERE id = 10")
            try db.execute(sql: "UPDATE workflowrun SET status = 'queued', triggered_at = 'not a time' WHERE id = 11")
        }
        let first = try Self.read(url, asOf: TestClock.asOf, resuming: nil)
        let saved = try #require(first.state)
        #expect(saved.watched.map(\.id).starts(with: [10, 11]), "\(saved.watched.map(\.id))")
        // The prefix reaches the runs of about 92 days ago (ids near 1,150 of 1,500 over 400 days), not run 10.
        #expect(saved.boundaryID > 1_000, "boundary \(saved.boundaryID)")
        #expect(first.snapshot.statistics.stuckRuns.contains { $0.run.id == 10 })

        // A night later, nothing changed behind the fold: continued, and the same as folding every run.
        let nextAsOf = TestClock.asOf.adding(days: 1)
        let second = try Self.read(url, asOf: nextAsOf, resuming: saved)
        guard case .incremental = second.fold else {
            Issue.record("a fold holding a long unfinished run was not continued: \(second.fold)")
            return
        }
        Self.expectSame(second, try Self.read(url, asOf: nextAsOf, resuming: nil), "a night later")

        // The app finishes it at last: the fold holds it as in progress, so every run is folded again, and said why.
        try queue.write { db in
            try db.execute(sql: "UPDATE workflowrun SET status = 'failed', error_message = 'killed by the reaper' WHERE id = 10")
        }
        try queue.close()
        let secondState = try #require(second.state)
        let third = try Self.read(url, asOf: nextAsOf, resuming: secondState)
        guard case .full(let reason?) = third.fold else {
            Issue.record("a watched run finished, yet the fold was continued")
            return
        }
        #expect(reason.contains("run 10"), "\(reason)")
        Self.expectSame(third, try Self.read(url, asOf: nextAsOf, resuming: nil), "after run 10 finished")
        #expect(third.state?.watched.map(\.id).first == 11)
        #expect(!third.snapshot.statistics.stuckRuns.contains { $0.run.id == 10 })
    }

    @Test func aFoldOfAnotherDatabaseIsRefused() throws {
        let (first, _) = try Self.history(seed: 100)
        let (second, _) = try Self.history(seed: 101)
        let saved = try #require(try Self.read(first, asOf: TestClock.asOf, resuming: nil).state)
        let continued = try Self.read(second, asOf: TestClock.asOf, resuming: saved)
        guard case .full(let reason?) = continued.fold else {
            Issue.record("another database's fold was continued")
            return
        }
        #expect(reason.contains("changed"))
        Self.expectSame(continued, try Self.read(second, asOf: TestClock.asOf, resuming: nil), "swapped database")
    }

    @Test func aDamagedFoldIsRefusedNotTrusted() throws {
        let (url, _) = try Self.history(seed: 7)
        var saved = try #require(try Self.read(url, asOf: TestClock.asOf, resuming: nil).state)
        let full = try Self.read(url, asOf: TestClock.asOf, resuming: nil)
        for position in stride(from: 0, to: saved.prefix.count, by: max(1, saved.prefix.count / 40)) {
            var damaged = saved
            damaged.prefix[position] ^= 0x5A
            let continued = try Self.read(url, asOf: TestClock.asOf, resuming: damaged)
            if case .full = continued.fold { continue }
            // A flipped byte that still decodes changes a figure: the result must then differ from the full fold's
            // in what it says, which is why the file carries a checksum (`FoldStateFile`); here only no crash counts.
            _ = continued
        }
        saved.prefix.removeLast(saved.prefix.count / 2)
        guard case .full(let reason?) = try Self.read(url, asOf: TestClock.asOf, resuming: saved).fold else {
            Issue.record("a truncated fold was continued")
            return
        }
        #expect(reason.contains("could not be read"))
        _ = full
    }

    /// Past the tracked messages the rest are counted by text, which is not saved: no fold, and the reason said.
    @Test func aFoldThatCannotBeSavedSaysWhy() throws {
        let url = try FixtureDatabases.demo(at: TemporaryFolder.make("fold").appending(path: "app.db"))
        let queue = try Self.open(url)
        try queue.write { db in
            try db.execute(sql: """
                DELETE FROM workflowrun;
                WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < \(RunStatisticsAccumulator.errorMessagesTracked + 10))
                INSERT INTO workflowrun (id, triggered_at, status, error_message, workflow_id)
                SELECT i, '2025-01-01 00:00:00', 'failed', 'error number ' || i, 1 FROM n;
                """)
        }
        try queue.close()
        let folded = try Self.read(url, asOf: TestClock.asOf, resuming: nil)
        #expect(folded.state == nil)
        #expect(folded.unsavable?.contains("distinct error messages") == true, "\(folded.unsavable ?? "nil")")
    }
}
