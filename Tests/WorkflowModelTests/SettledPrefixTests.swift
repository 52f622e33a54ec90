import Testing
@testable import WorkflowModel

/// What makes a saved prefix exact: a settled run is outside every window that depends on as-of.
@Suite struct SettledPrefixTests {
    @Test func settledRunsAreOlderThanEveryWindow() {
        let days = RunStatisticsAccumulator.settledAfterDays
        for window in TimeWindow.allCases { #expect(window.hours <= 24 * (days - 1), "\(window) reaches settled runs") }
        #expect(Int64(Reliability.recoveryWindowDays) < days)
        #expect(90 < days, "the 90-day charts and error days")
    }

    @Test func settledMeansFinishedAndOld() {
        let asOf = Timestamp(text: "2026-11-25T00:00:00Z")!
        let old = StoredTime.time(asOf.adding(days: -RunStatisticsAccumulator.settledAfterDays))
        #expect(RunStatisticsAccumulator.isSettled(time: old, outcome: .success, asOf: asOf))
        #expect(!RunStatisticsAccumulator.isSettled(time: old, outcome: .inProgress, asOf: asOf))
        #expect(!RunStatisticsAccumulator.isSettled(time: .time(asOf.adding(days: -90)), outcome: .failure, asOf: asOf))
        #expect(RunStatisticsAccumulator.isSettled(time: .unreadable("yesterday"), outcome: .failure, asOf: asOf))
        #expect(!RunStatisticsAccumulator.isSettled(time: .missing, outcome: .inProgress, asOf: asOf))
    }

    /// Old runs folded, saved, restored a week later and saved again: the same bytes but the heatmap's shift.
    @Test func aRestoredPrefixSavesTheSameBytes() throws {
        let asOf = Timestamp(text: "2026-11-25T00:00:00Z")!
        var random = SeededRandom(seed: 3)
        var accumulator = RunStatisticsAccumulator(asOf: asOf, workflowIDs: 1...20)
        let statuses = ["completed", "failed", "cancelled"].map { accumulator.position(of: RunStatus($0)) }
        for id in 1...3_000 {
            let time = asOf.adding(days: -400).adding(seconds: Int64(id) * 8_000)
            accumulator.add(id: Int64(id), triggeredAt: .time(time), status: statuses[random.below(3)],
                            errorMessage: random.below(4) == 0 ? "error \(random.below(30))" : nil, workflowID: Int64(1 + random.below(21)))
        }
        let saved = try #require(accumulator.encodedPrefix())
        let same = try RunStatisticsAccumulator(restoring: saved, asOf: asOf, workflowIDs: 1...20)
        #expect(same.encodedPrefix() == saved)
        #expect(throws: RunStatisticsAccumulator.RestoreRefusal.asOfMovedBack) {
            try RunStatisticsAccumulator(restoring: saved, asOf: asOf.adding(days: -1), workflowIDs: 1...20)
        }
        #expect(throws: RunStatisticsAccumulator.RestoreRefusal.orphanNowKnown(21)) {
            try RunStatisticsAccumulator(restoring: saved, asOf: asOf, workflowIDs: 1...21)
        }
        #expect(throws: RunStatisticsAccumulator.RestoreRefusal.workflowDeleted(20)) {
            try RunStatisticsAccumulator(restoring: saved, asOf: asOf, workflowIDs: 1...19)
        }
        var later = try RunStatisticsAccumulator(restoring: saved, asOf: asOf.adding(days: 7), workflowIDs: 1...20)
        var fresh = accumulator
        let laterYear = later.finish().dailyYear, originalYear = fresh.finish().dailyYear
        #expect(Array(laterYear.dropLast(7)) == Array(originalYear.dropFirst(7)))
        #expect(laterYear.suffix(7).allSatisfy { $0.total == 0 })
    }

    @Test func aFoldWithAnUnsettledRunIsNotSaved() {
        let asOf = Timestamp(text: "2026-11-25T00:00:00Z")!
        var accumulator = RunStatisticsAccumulator(asOf: asOf, workflowIDs: [1])
        accumulator.add(id: 1, triggeredAt: .time(asOf.adding(days: -5)), status: accumulator.position(of: RunStatus("completed")), errorMessage: nil, workflowID: 1)
        #expect(accumulator.encodedPrefix() == nil)
    }
}
