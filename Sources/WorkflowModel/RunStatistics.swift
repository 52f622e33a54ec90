/// Counts of runs by outcome, for a window of time or a day.
public struct OutcomeCounts: Sendable, Hashable {
    public var success = 0
    public var failure = 0
    public var inProgress = 0
    public var other = 0

    public init() {}

    public var total: Int { success + failure + inProgress + other }
    public var finished: Int { total - inProgress }
    /// Runs that succeeded or failed: what rates are taken over. A cancelled (or otherwise stopped) run is neither.
    public var decided: Int { success + failure }
    /// Successes / (successes + failures); nil when none.
    public var successRate: Double? { decided == 0 ? nil : Double(success) / Double(decided) }

    public subscript(outcome: RunOutcome) -> Int {
        get {
            switch outcome {
            case .success: return success
            case .failure: return failure
            case .inProgress: return inProgress
            case .other: return other
            }
        }
        set {
            switch outcome {
            case .success: success = newValue
            case .failure: failure = newValue
            case .inProgress: inProgress = newValue
            case .other: other = newValue
            }
        }
    }
}

/// An error message with how often it occurred and which workflows it hit.
public struct ErrorTally: Sendable, Hashable {
    public var message: String
    public var count: Int
    /// Ids of the workflows it hit (orphan runs keep their dangling id), ascending: the `maximumWorkflowsKept` smallest.
    public var workflowIDs: [Int64]
    public static let maximumWorkflowsKept = 50
    /// The earliest and latest readable run times it occurred at (global tallies only).
    public var firstSeen: Timestamp?
    public var lastSeen: Timestamp?
    /// Runs per day over the 90 days up to as-of, oldest first (global tallies only); empty when none fell in them.
    public var daily90: [Int]

    public init(message: String, count: Int, workflowIDs: [Int64], firstSeen: Timestamp? = nil, lastSeen: Timestamp? = nil, daily90: [Int] = []) {
        self.message = message
        self.count = count
        self.workflowIDs = workflowIDs
        self.firstSeen = firstSeen
        self.lastSeen = lastSeen
        self.daily90 = daily90
    }

    /// Two 90-day series added day by day; an empty one is all zeros.
    public static func sum(_ first: [Int], _ second: [Int]) -> [Int] {
        if first.isEmpty { return second }
        if second.isEmpty { return first }
        return zip(first, second).map { $0 + $1 }
    }

    /// The order every error list uses: most runs first, ties by message, so output never depends on hashing.
    public static func mostFrequentFirst(_ first: ErrorTally, _ second: ErrorTally) -> Bool {
        (second.count, first.message) < (first.count, second.message)
    }
}

/// A run stuck in progress, with the workflow it belongs to.
public struct StuckRun: RunOrdered, Hashable {
    public var workflowID: Int64
    public var run: RunSummary
    public var orderKey: RunOrderKey { run.orderKey }
}

/// Everything the pages say about one workflow's runs.
public struct WorkflowRunStatistics: Sendable, Hashable {
    public var allTime = OutcomeCounts()
    public var last30Days = OutcomeCounts()
    /// Run counts per lowercased status name.
    public var byStatus: [String: Int] = [:]
    /// Newest first, at most `RunStatisticsAccumulator.latestRunsKept`.
    public var latestRuns: [RunSummary] = []
    public var lastRun: RunSummary?
    /// Consecutive failures back from the latest run that succeeded or failed.
    public var failureStreak = 0
    /// Failures of the last 30 days by message (as counted), most first: what server health attributes.
    public var recentFailures: [ErrorTally] = []
    /// The latest successful run of all its runs.
    public var lastSuccess: Timestamp?
    /// Recoveries over every run of the last 90 days; nil when its runs did not arrive in time order (then the kept
    /// latest runs are used).
    public var recoveries: RecoveryTimeline?
    /// Every gap between runs of the last 90 days, for event and webhook workflows whose runs arrived in time order.
    public var gaps: GapTimeline?
    public var stuckRuns = 0
    /// Oldest first: one entry per 24 hours for the 30 days ending at as-of (the last one is the 24 hours before
    /// as-of), so the last N entries are exactly the rolling N-day window the dashboard and the gates use.
    public var dailyLast30: [OutcomeCounts] = []
    /// Most frequent first.
    public var topErrors: [ErrorTally] = []

    public init() {}

    /// True when the latest finished run failed.
    public var isFailingNow: Bool { failureStreak > 0 }
}

/// The result of folding every run once.
public struct RunStatistics: Sendable, Equatable {
    public var asOf: Timestamp
    public var totalRuns = 0
    /// Every run, orphans included, by outcome.
    public var allTime = OutcomeCounts()
    public var windows: [TimeWindow: OutcomeCounts] = [:]
    /// Oldest first, one per day, the 90 days ending at as-of's day.
    public var daily90: [OutcomeCounts] = []
    /// Oldest first, one per day, the 371 days (53 weeks) ending at as-of's day, for the heatmap.
    public var dailyYear: [OutcomeCounts] = []
    public var perWorkflow: [Int64: WorkflowRunStatistics] = [:]
    /// Most frequent first; ties by message.
    public var errors: [ErrorTally] = []
    /// Distinct messages beyond the bounded table, counted but not named.
    public var untrackedErrorRuns = 0
    /// Most recent first, at most `RunStatisticsAccumulator.stuckRunsKept`.
    public var stuckRuns: [StuckRun] = []
    public var stuckRunTotal = 0
    /// Runs triggered after as-of: `--as-of` means the database as it was then, so they count in no figure.
    public var runsAfterAsOf = 0

    public func workflow(_ id: Int64) -> WorkflowRunStatistics { perWorkflow[id] ?? WorkflowRunStatistics() }
}

/// The windows the dashboard reports, each ending at as-of.
public enum TimeWindow: String, Sendable, CaseIterable, Comparable {
    case last24Hours = "24h", last7Days = "7d", last30Days = "30d"

    public var hours: Int64 {
        switch self {
        case .last24Hours: return 24
        case .last7Days: return 24 * 7
        case .last30Days: return 24 * 30
        }
    }

    public var title: String {
        switch self {
        case .last24Hours: return "Last 24 hours"
        case .last7Days: return "Last 7 days"
        case .last30Days: return "Last 30 days"
        }
    }

    public static func < (lhs: TimeWindow, rhs: TimeWindow) -> Bool { lhs.hours < rhs.hours }
}
