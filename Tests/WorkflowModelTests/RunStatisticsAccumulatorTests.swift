import Testing
@testable import WorkflowModel

@Suite struct RunStatisticsAccumulatorTests {
    static let asOf = Timestamp(text: "2026-11-25T00:00:00Z")!

    static func run(_ id: Int64, hoursAgo: Int64, _ status: String, error: String? = nil) -> RunSummary {
        RunSummary(id: id, triggeredAt: .time(asOf.adding(hours: -hoursAgo)), status: RunStatus(status), errorMessage: error)
    }

    @Test func countsFailureStreakFromTheLatestFinishedRunInAnyOrder() {
        let runs = [
            Self.run(1, hoursAgo: 50, "completed"),
            Self.run(2, hoursAgo: 40, "failed", error: "boom"),
            Self.run(3, hoursAgo: 30, "failed", error: "boom"),
            Self.run(4, hoursAgo: 20, "failed", error: "bang"),
            Self.run(5, hoursAgo: 10, "running"),
        ]
        for order in [runs, runs.reversed(), [runs[2], runs[0], runs[4], runs[1], runs[3]]] {
            var accumulator = RunStatisticsAccumulator(asOf: Self.asOf, workflowIDs: [7])
            for run in order { accumulator.add(run, workflowID: 7) }
            let statistics = accumulator.finish().workflow(7)
            #expect(statistics.failureStreak == 3)
            #expect(statistics.lastRun?.id == 5)
            #expect(statistics.latestRuns.map(\.id) == [5, 4, 3, 2, 1])
            #expect(statistics.topErrors.map(\.message) == ["boom", "bang"])
            #expect(statistics.allTime.successRate == 0.25)
        }
    }

    /// `--as-of` is a cut: a success two days later does not end today's streak, move the last run or count anywhere.
    @Test func runsAfterTheAsOfDoNotExist() {
        var accumulator = RunStatisticsAccumulator(asOf: Self.asOf, workflowIDs: [7])
        accumulator.add(Self.run(1, hoursAgo: 30, "failed", error: "boom"), workflowID: 7)
        accumulator.add(Self.run(2, hoursAgo: 20, "failed", error: "boom"), workflowID: 7)
        accumulator.add(Self.run(3, hoursAgo: -48, "completed"), workflowID: 7)
        accumulator.add(Self.run(4, hoursAgo: -1, "failed", error: "later"), workflowID: 7)
        accumulator.add(RunSummary(id: 5, triggeredAt: .unreadable("someday"), status: RunStatus("completed"), errorMessage: nil), workflowID: 7)
        let statistics = accumulator.finish()
        let workflow = statistics.workflow(7)
        #expect(workflow.failureStreak == 2)
        #expect(workflow.latestRuns.map(\.id) == [2, 1, 5])
        #expect(workflow.allTime.total == 3 && statistics.totalRuns == 3 && statistics.runsAfterAsOf == 2)
        #expect(statistics.errors.map(\.message) == ["boom"])
    }

    /// A cancelled run neither ends a failure streak nor counts in a rate: someone stopped it, the workflow may
    /// still be broken.
    @Test func aCancelledRunDoesNotEndTheStreakAndStuckRunsAreCounted() {
        var accumulator = RunStatisticsAccumulator(asOf: Self.asOf, workflowIDs: [1])
        accumulator.add(Self.run(1, hoursAgo: 30, "failed"), workflowID: 1)
        accumulator.add(Self.run(2, hoursAgo: 20, "cancelled"), workflowID: 1)
        accumulator.add(Self.run(3, hoursAgo: 48, "running"), workflowID: 1)
        accumulator.add(Self.run(4, hoursAgo: 2, "running"), workflowID: 1)
        accumulator.add(Self.run(5, hoursAgo: 1, "failed", error: "gone"), workflowID: 99)
        let statistics = accumulator.finish()
        #expect(statistics.workflow(1).failureStreak == 1)
        #expect(statistics.workflow(1).allTime.successRate == 0)  // one failure; the cancelled run is not counted
        #expect(statistics.workflow(1).stuckRuns == 1)
        #expect(statistics.stuckRuns.map(\.run.id) == [3])
        #expect(statistics.totalRuns == 5)
        let seen = Self.asOf.adding(hours: -1)
        #expect(statistics.errors == [ErrorTally(message: "gone", count: 1, workflowIDs: [99], firstSeen: seen, lastSeen: seen, daily90: Array(repeating: 0, count: 88) + [1, 0])])
        #expect(statistics.perWorkflow[99] == nil)
        #expect(statistics.windows[.last24Hours]?.total == 3)  // 20 h, 2 h and 1 h ago
    }

    /// Property: for random runs in random order, the fold agrees with a brute-force computation over all runs sorted.
    @Test(arguments: 1...20)
    func agreesWithBruteForceOnRandomRuns(seed: UInt64) {
        var random = SeededRandom(seed: seed)
        let statuses = ["completed", "failed", "running", "cancelled", "Success", "error"]
        var runs: [(workflow: Int64, run: RunSummary)] = []
        for id in 1...Int64(300 + random.below(300)) {
            let workflow = Int64(random.below(5))
            let hours = Int64(random.below(24 * 100)) - 24
            runs.append((workflow, Self.run(id, hoursAgo: hours, statuses[random.below(statuses.count)], error: random.below(3) == 0 ? "e\(random.below(4))" : nil)))
        }
        runs.shuffle(using: &random)
        var accumulator = RunStatisticsAccumulator(asOf: Self.asOf, workflowIDs: [0, 1, 2, 3])
        for entry in runs { accumulator.add(entry.run, workflowID: entry.workflow) }
        let statistics = accumulator.finish()

        for workflow: Int64 in 0...3 {
            // Runs after as-of (hoursAgo below 0) do not exist for any figure.
            let mine = runs.filter { $0.workflow == workflow && $0.run.triggeredAt.timestamp! <= Self.asOf }.map(\.run).sorted { $1.orderKey < $0.orderKey }
            let folded = statistics.workflow(workflow)
            #expect(folded.latestRuns == Array(mine.prefix(100)))
            #expect(folded.lastRun == mine.first)
            let decided = mine.filter { $0.status.outcome == .success || $0.status.outcome == .failure }
            let streak = decided.prefix { $0.status.outcome == .failure }.count
            #expect(folded.failureStreak == streak)
            let thirtyDays = mine.filter { $0.triggeredAt.timestamp! <= Self.asOf && $0.triggeredAt.timestamp! > Self.asOf.adding(days: -30) }
            #expect(folded.last30Days.total == thirtyDays.count)
            #expect(folded.allTime.success == mine.filter { $0.status.outcome == .success }.count)
            #expect(folded.byStatus == Dictionary(grouping: mine, by: \.status.name).mapValues(\.count))
        }
        let inWindow = runs.filter { $0.run.triggeredAt.timestamp! <= Self.asOf && $0.run.triggeredAt.timestamp! > Self.asOf.adding(hours: -24 * 7) }
        #expect(statistics.windows[.last7Days]?.total == inWindow.count)
        #expect(statistics.errors.map(\.count).reduce(0, +) == runs.filter { $0.run.errorMessage != nil && $0.run.triggeredAt.timestamp! <= Self.asOf }.count)
        #expect(statistics.runsAfterAsOf == runs.filter { $0.run.triggeredAt.timestamp! > Self.asOf }.count)
    }

    /// Folds keep runs compact (positions, not strings); the rare run whose time is unreadable text or whose message
    /// is past the tracked ones is kept whole beside them. Either way the latest runs come back exactly as added.
    @Test(arguments: 1...4)
    func latestRunsComeBackWholeWithUnreadableTimesAndUntrackedMessages(seed: UInt64) {
        var random = SeededRandom(seed: seed)
        var accumulator = RunStatisticsAccumulator(asOf: Self.asOf, workflowIDs: [0, 1, 2])
        // Fill the message table so that later messages are untracked.
        for id in 1...Int64(RunStatisticsAccumulator.errorMessagesTracked) {
            accumulator.add(Self.run(id, hoursAgo: 5_000, "failed", error: "filler \(id)"), workflowID: 0)
        }
        var runs: [(workflow: Int64, run: RunSummary)] = []
        for id in Int64(1_000_000)...Int64(1_000_000 + 600 + random.below(400)) {
            let time: StoredTime
            switch random.below(10) {
            case 0: time = .unreadable("yesterday-ish \(random.below(5))")
            case 1: time = .missing
            default: time = .time(Self.asOf.adding(hours: -Int64(random.below(2_000))))
            }
            let error: String? = switch random.below(4) {
            case 0: "filler \(1 + random.below(20))"  // tracked
            case 1: random.below(5) == 0 ? String(repeating: "long ", count: 200) + "\(random.below(3))" : "new \(random.below(29))"  // untracked (20 + 29 + 1 long after cutting: the 50 a workflow counts)
            default: nil
            }
            let status = ["completed", "failed", "Queued", "skipped"][random.below(4)]
            runs.append((Int64(1 + random.below(2)), RunSummary(id: id, triggeredAt: time, status: RunStatus(status), errorMessage: error)))
        }
        runs.shuffle(using: &random)
        for entry in runs { accumulator.add(entry.run, workflowID: entry.workflow) }
        let statistics = accumulator.finish()
        #expect(statistics.untrackedErrorRuns == runs.filter { $0.run.errorMessage?.hasPrefix("new") == true || $0.run.errorMessage?.hasPrefix("long") == true }.count)
        for workflow: Int64 in 1...2 {
            // Messages come back as counted: trimmed and cut to `RunSummary.maximumErrorLength`.
            let mine = runs.filter { $0.workflow == workflow }.map(\.run).sorted { $1.orderKey < $0.orderKey }.map { run in
                var run = run
                run.errorMessage = run.errorMessage.map(RunStatisticsAccumulator.tallyKey)
                return run
            }
            let folded = statistics.workflow(workflow)
            #expect(folded.latestRuns == Array(mine.prefix(RunStatisticsAccumulator.latestRunsKept)))
            #expect(folded.latestRuns.allSatisfy { ($0.errorMessage?.count ?? 0) <= RunSummary.maximumErrorLength })
            #expect(folded.lastRun == mine.first)
            let counts = Dictionary(grouping: mine.compactMap(\.errorMessage), by: { $0 }).mapValues(\.count)
            #expect(Dictionary(uniqueKeysWithValues: folded.topErrors.map { ($0.message, $0.count) }) == counts)
        }
    }

    /// PostgreSQL returns rows in no fixed order: an error hitting more workflows than are kept lists the same ones
    /// (the smallest ids) whatever order its runs arrive in.
    @Test(arguments: 1...5)
    func errorWorkflowsDoNotDependOnRunOrder(seed: UInt64) {
        var random = SeededRandom(seed: seed)
        let workflows = Array(Int64(1)...Int64(200))
        var runs = (1...Int64(2_000)).map { id in
            (workflow: workflows[random.below(workflows.count)], run: Self.run(id, hoursAgo: Int64(random.below(500)), "failed", error: "e\(random.below(2))"))
        }
        func errors(_ runs: [(workflow: Int64, run: RunSummary)]) -> [ErrorTally] {
            var accumulator = RunStatisticsAccumulator(asOf: Self.asOf, workflowIDs: workflows)
            for entry in runs { accumulator.add(entry.run, workflowID: entry.workflow) }
            return accumulator.finish().errors
        }
        let inOrder = errors(runs)
        runs.shuffle(using: &random)
        #expect(errors(runs) == inOrder)
        for tally in inOrder {
            let hit = Set(runs.filter { $0.run.errorMessage == tally.message }.map(\.workflow)).sorted()
            #expect(tally.workflowIDs == Array(hit.prefix(ErrorTally.maximumWorkflowsKept)))
        }
    }

    @Test(arguments: [[Int64](), [3, 4, 5, 9], [-2, 0, 7], [1, 5_000_000_000], [Int64.min, Int64.max]])
    func theWorkflowIndexFindsExactlyTheGivenIDs(ids: [Int64]) {
        let index = WorkflowIndex(ids)
        for (position, id) in ids.enumerated() { #expect(index[id] == position) }
        for absent: Int64 in [-3, -1, 1, 2, 6, 10, 4_999_999_999, Int64.min + 1, Int64.max - 1] where !ids.contains(absent) {
            #expect(index[absent] == nil)
        }
    }
}

/// Time to recover and the last success over every run, not the hundred kept: the case, a workflow every ten
/// minutes with a daily outage, has 86 recoveries in 90 days; brute force over all runs agrees on random histories.
@Suite struct RecoveryTimelineTests {
    static let asOf = Timestamp(text: "2026-11-25T00:00:00Z")!

    static func fold(_ runs: [(minutesAgo: Int64, status: String)], shuffled seed: UInt64? = nil) -> WorkflowRunStatistics {
        var entries = runs.sorted { $0.minutesAgo > $1.minutesAgo }.enumerated().map { index, run in
            RunSummary(id: Int64(index + 1), triggeredAt: .time(asOf.adding(seconds: -run.minutesAgo * 60)), status: RunStatus(run.status), errorMessage: nil)
        }
        if let seed {
            var random = SeededRandom(seed: seed)
            entries.shuffle(using: &random)
        }
        var accumulator = RunStatisticsAccumulator(asOf: asOf, workflowIDs: [1])
        for run in entries { accumulator.add(run, workflowID: 1) }
        return accumulator.finish().workflow(1)
    }

    @Test func aTenMinuteWorkflowWithADailyOutageHasEveryRecovery() {
        // 120 days every ten minutes; each day 03:00-03:50 fails (six runs), the 04:00 run succeeds again.
        var runs: [(Int64, String)] = []
        for minutes in stride(from: Int64(120 * 24 * 60), to: 0, by: -10) {
            let minuteOfDay = (24 * 60 - minutes % (24 * 60)) % (24 * 60)
            runs.append((minutes, (180..<240).contains(minuteOfDay) ? "failed" : "completed"))
        }
        let statistics = Self.fold(runs)
        let reliability = Reliability(statistics, asOf: Self.asOf)
        #expect(statistics.latestRuns.count == 100)
        #expect(reliability.recoveries == 90)  // one per day whose 04:00 success falls in the last 90 days
        #expect(reliability.meanRecoverySeconds == 3_600 && reliability.maxRecoverySeconds == 3_600)
        #expect(statistics.lastSuccess == Self.asOf.adding(seconds: -600))
    }

    @Test(arguments: 1...12)
    func agreesWithBruteForceOverEveryRun(seed: UInt64) {
        var random = SeededRandom(seed: seed)
        let statuses = ["completed", "failed", "failed", "cancelled", "running"]
        let runs = (0..<(200 + random.below(800))).map { _ in (Int64(random.below(200 * 24 * 60)) + 1, statuses[random.below(statuses.count)]) }
        let statistics = Self.fold(runs)
        // Brute force: in time order, streaks of failures ended by a success in the last 90 days.
        var start: Int64?, durations: [Int64] = []
        for run in runs.sorted(by: { $0.0 > $1.0 }) where run.1 == "completed" || run.1 == "failed" {
            if run.1 == "failed" { start = start ?? -run.0 } else if let began = start {
                if run.0 < 90 * 24 * 60 { durations.append((-run.0 - began) * 60) }
                start = nil
            }
        }
        let reliability = Reliability(statistics, asOf: Self.asOf)
        #expect(reliability.recoveries == durations.count)
        #expect(reliability.maxRecoverySeconds == durations.max())
        #expect(statistics.lastSuccess == runs.filter { $0.1 == "completed" }.map { Self.asOf.adding(seconds: -$0.0 * 60) }.max())
        // Out of order, the timeline gives way to the kept runs rather than answer wrong.
        #expect(Self.fold(runs, shuffled: seed).recoveries == nil)
    }
}

/// The quiet detector's usual gap over every run of 90 days, not the hundred kept.
@Suite struct GapTimelineTests {
    static let asOf = Timestamp(text: "2026-11-25T00:00:00Z")!
    static let trigger = WorkflowDefinition(.object([.init("trigger", .object([.init("type", .string("webhook"))]))])).trigger

    static func statistics(minutesAgo: [Int64], gaps: Bool = true) -> WorkflowRunStatistics {
        var accumulator = RunStatisticsAccumulator(asOf: asOf, workflowIDs: [1], gapWorkflowIDs: gaps ? [1] : [])
        for (index, minutes) in minutesAgo.sorted(by: >).enumerated() {
            accumulator.add(RunSummary(id: Int64(index + 1), triggeredAt: .time(asOf.adding(seconds: -minutes * 60)), status: RunStatus("completed"), errorMessage: nil), workflowID: 1)
        }
        return accumulator.finish().workflow(1)
    }

    static func punctuality(_ statistics: WorkflowRunStatistics) -> Punctuality? {
        Punctuality.evaluate(trigger: trigger, runTimes: statistics.latestRuns.compactMap(\.triggeredAt.timestamp), createdAt: nil, asOf: asOf, gaps: statistics.gaps)
    }

    @Test func anHourlyWebhookIsJudgedByItsHoursNotByItsLastBurst() {
        // Hourly for 80 days, then a burst of 150 runs a minute apart that ended 91 minutes ago.
        let hourly = stride(from: Int64(80 * 24 * 60), to: 300, by: -60).map { $0 }
        let burst = (0..<150).map { Int64(240 - $0) }
        let statistics = Self.statistics(minutesAgo: hourly + burst)
        let judged = Self.punctuality(statistics)
        #expect(judged?.state == .onTime && judged?.allowanceSeconds == 3 * 3_600, "\(String(describing: judged))")
        // The kept hundred runs alone (all of the burst) would call it quiet after an hour, the detector's floor.
        let sampled = Punctuality.evaluate(trigger: Self.trigger, runTimes: statistics.latestRuns.compactMap(\.triggeredAt.timestamp), createdAt: nil, asOf: Self.asOf)
        #expect(sampled?.state == .quiet)
    }

    @Test(arguments: 1...8)
    func agreesWithBruteForceOverEveryRun(seed: UInt64) {
        var random = SeededRandom(seed: seed)
        let minutes = (0..<(10 + random.below(2_000))).map { _ in Int64(random.below(120 * 24 * 60)) + 1 }
        let statistics = Self.statistics(minutesAgo: minutes)
        let inWindow = minutes.filter { $0 < 90 * 24 * 60 }.map { Self.asOf.adding(seconds: -$0 * 60) }
        let bruteForce = Punctuality.evaluateQuiet(runTimes: inWindow, asOf: Self.asOf)
        #expect(Self.punctuality(statistics) == bruteForce)
        #expect(Self.statistics(minutesAgo: minutes, gaps: false).gaps == nil, "only event and webhook workflows keep gaps")
    }
}

/// `add(batch:)` folds each workflow's runs together; the statistics must be those of adding the same runs one by
/// one, in the same order, for any history and any cut into batches.
@Suite struct BatchedFoldTests {
    static let asOf = Timestamp(text: "2026-11-25T00:00:00Z")!

    @Test(arguments: 1...12)
    func batchesFoldExactlyAsRunsOneByOne(seed: UInt64) {
        var random = SeededRandom(seed: seed)
        let workflowIDs: [Int64] = (1...Int64(2 + random.below(40))).map { $0 * 3 }
        let statuses = ["completed", "failed", "running", "cancelled", "pending", "weird"].map(RunStatus.init)
        var rows: [RunStatisticsAccumulator.Row] = []
        for id in 1...Int64(200 + random.below(3_000)) {
            // Mostly in time order, as the app writes; some out of order, some after as-of, some unreadable.
            let hoursAgo = Int64(3_000 - Int(id) / 2 + random.below(48)) - (random.below(20) == 0 ? 3_100 : 0)
            let time: StoredTime = switch random.below(50) {
            case 0: .unreadable("someday")
            case 1: .missing
            default: .time(Self.asOf.adding(hours: -hoursAgo))
            }
            // A third of the runs on one workflow, so its distinct messages pass the bounded tally's 50.
            let workflowID = random.below(30) == 0 ? 999_999 : random.below(3) == 0 ? workflowIDs[0] : workflowIDs[random.below(workflowIDs.count)]
            let status = Int32(random.below(statuses.count))
            let error: String? = status == 1 ? "boom \(random.below(random.below(2) == 0 ? 4 : 400))" : (random.below(40) == 0 ? "  padded \n" : nil)
            rows.append(.init(id: id, workflowID: workflowID, triggeredAt: time, status: status, errorMessage: error))
        }
        func accumulator() -> RunStatisticsAccumulator {
            var accumulator = RunStatisticsAccumulator(asOf: Self.asOf, workflowIDs: workflowIDs, gapWorkflowIDs: Set(workflowIDs.prefix(3)))
            for status in statuses { _ = accumulator.position(of: status) }
            return accumulator
        }
        var oneByOne = accumulator()
        for row in rows { oneByOne.add(id: row.id, triggeredAt: row.triggeredAt, status: row.status, errorMessage: row.errorMessage, workflowID: row.workflowID) }
        var batched = accumulator()
        var start = 0
        while start < rows.count {
            let end = min(rows.count, start + 1 + random.below(700))
            batched.add(batch: Array(rows[start..<end]))
            start = end
        }
        let expected = oneByOne.finish()
        #expect(batched.finish() == expected)
        #expect(expected.workflow(workflowIDs[0]).topErrors.count == RunStatisticsAccumulator.errorsPerWorkflowTracked || rows.count < 1_500)
    }
}
