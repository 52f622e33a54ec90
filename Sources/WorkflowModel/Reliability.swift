/// How dependable one workflow has been, from its kept latest runs (at most `RunStatisticsAccumulator.latestRunsKept`).
public struct Reliability: Sendable, Hashable {
    /// Changes of outcome between consecutive finished runs, over the last 50 of them; nil with fewer than 2.
    public var flipRate: Double?
    public var failureStreak: Int
    /// Time from the first failure of a streak to the success that ended it, for successes in the last 90 days, over
    /// every run (`RecoveryTimeline`).
    public var recoveries: Int
    public var meanRecoverySeconds: Int64?
    public var maxRecoverySeconds: Int64?
    /// Runs per day over the last 30 days.
    public var runsPerDay: Double

    public static let flipWindow = 50
    public static let recoveryWindowDays = 90
    public static let flakyFlipRate = 0.2

    public func isFlaky(threshold: Double = Reliability.flakyFlipRate) -> Bool { (flipRate ?? 0) >= threshold }

    public init(_ runs: WorkflowRunStatistics, asOf: Timestamp) {
        // Succeeded or failed, newest first: a cancelled run says nothing about whether the workflow works.
        let finished = runs.latestRuns.filter { $0.status.outcome == .success || $0.status.outcome == .failure }
        let window = Array(finished.prefix(Self.flipWindow))
        if window.count >= 2 {
            let flips = zip(window, window.dropFirst()).filter { ($0.status.outcome == .failure) != ($1.status.outcome == .failure) }.count
            flipRate = Double(flips) / Double(window.count - 1)
        }
        failureStreak = runs.failureStreak
        runsPerDay = Double(runs.last30Days.total) / 30
        if let timeline = runs.recoveries {
            recoveries = timeline.count
            meanRecoverySeconds = timeline.count == 0 ? nil : timeline.totalMicroseconds / Int64(timeline.count) / 1_000_000
            maxRecoverySeconds = timeline.count == 0 ? nil : timeline.longestMicroseconds / 1_000_000
            return
        }
        // Runs that arrived out of time order: the kept latest runs, the best that flat memory allows.
        let since = asOf.adding(days: -Int64(Self.recoveryWindowDays))
        var streakStart: Timestamp?
        var durations: [Int64] = []
        for run in finished.reversed() {
            guard let time = run.triggeredAt.timestamp, time > since, time <= asOf else { continue }
            if run.status.outcome == .failure {
                if streakStart == nil { streakStart = time }
            } else if let start = streakStart {
                durations.append((time.microseconds - start.microseconds) / 1_000_000)
                streakStart = nil
            }
        }
        recoveries = durations.count
        meanRecoverySeconds = durations.isEmpty ? nil : durations.reduce(0, +) / Int64(durations.count)
        maxRecoverySeconds = durations.max()
    }
}
