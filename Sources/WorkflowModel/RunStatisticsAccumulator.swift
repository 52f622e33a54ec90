/// Folds runs, one at a time and in any order, into every statistic the site shows, so the store reads the
/// run table once, in storage order, with no index. Memory grows with workflows and distinct error messages
/// (both bounded), never with runs: each workflow keeps its latest runs in a bounded heap, counts per day
/// for 30 days, and the failures after its latest non-failure.
public struct RunStatisticsAccumulator: Sendable {
    public static let latestRunsKept = 100
    public static let stuckRunsKept = 200
    /// Distinct error messages tracked globally; past this, runs are counted as untracked.
    public static let errorMessagesTracked = 20_000
    public static let errorsPerWorkflowTracked = 50
    public static let stuckAfterHours: Int64 = 24

    private let asOf: Timestamp
    private let asOfDay: Int64
    /// Folds in an array, mutated in place; a dictionary subscript would copy a fold (and its run buffer) per run.
    private var folds: [WorkflowFold] = []
    private var foldIndex: [Int64: Int] = [:]
    private var result: RunStatistics
    private var errorTable: [String: ErrorFold] = [:]
    private var stuck = BoundedLatest<StuckRun>(capacity: stuckRunsKept)

    fileprivate struct ErrorFold {
        var count = 0
        var workflowIDs = Set<Int64>()
    }

    fileprivate struct WorkflowFold {
        var statistics = WorkflowRunStatistics()
        var latest = BoundedLatest<RunSummary>(capacity: latestRunsKept)
        var lastRunKey: RunOrderKey?
        var latestBreaker: RunOrderKey?
        var failuresAfterBreaker: [RunOrderKey] = []
        var errorCounts: [String: Int] = [:]
    }

    /// - Parameter workflowIDs: the workflows that exist; runs naming any other id are orphans.
    public init(asOf: Timestamp, workflowIDs: some Sequence<Int64>) {
        self.asOf = asOf
        asOfDay = asOf.dayNumber
        let knownWorkflowIDs = Set(workflowIDs)
        result = RunStatistics(asOf: asOf)
        for window in TimeWindow.allCases { result.windows[window] = OutcomeCounts() }
        result.daily90 = Array(repeating: OutcomeCounts(), count: 90)
        result.dailyYear = Array(repeating: OutcomeCounts(), count: 371)
        for id in knownWorkflowIDs.sorted() {
            var fold = WorkflowFold()
            fold.statistics.dailyLast30 = Array(repeating: OutcomeCounts(), count: 30)
            foldIndex[id] = folds.count
            folds.append(fold)
        }
    }

    /// Adds one run. Orphan runs count in totals, windows and errors, not under any workflow.
    public mutating func add(_ run: RunSummary, workflowID: Int64) {
        let outcome = run.status.outcome
        result.totalRuns += 1
        result.allTime[outcome] += 1
        let time = run.triggeredAt.timestamp
        if let time, time <= asOf {
            for window in TimeWindow.allCases where time > asOf.adding(hours: -window.hours) {
                result.windows[window]![outcome] += 1
            }
            let age = Int(asOfDay - time.dayNumber)
            if age < 90 { result.daily90[89 - age][outcome] += 1 }
            if age < 371 { result.dailyYear[370 - age][outcome] += 1 }
        }
        let isStuck = outcome == .inProgress && time.map { $0 < asOf.adding(hours: -Self.stuckAfterHours) } == true
        if isStuck {
            result.stuckRunTotal += 1
            stuck.insert(StuckRun(workflowID: workflowID, run: run))
        }
        var message = run.errorMessage
        if let text = message {
            message = tallyError(text, workflowID: workflowID)
        }
        guard let index = foldIndex[workflowID] else { return }
        var interned = run
        interned.errorMessage = message
        folds[index].add(interned, outcome: outcome, time: time, asOf: asOf, asOfDay: asOfDay, isStuck: isStuck)
    }

    /// Counts the message and hands back the table's own copy, so a message repeated a million times is stored once.
    private mutating func tallyError(_ text: String, workflowID: Int64) -> String? {
        let key = Self.tallyKey(text)
        guard !key.isEmpty else { return nil }
        if let index = errorTable.index(forKey: key) {
            errorTable.values[index].count += 1
            if errorTable.values[index].workflowIDs.count < ErrorTally.maximumWorkflowsKept {
                errorTable.values[index].workflowIDs.insert(workflowID)
            }
            return errorTable.keys[index]
        }
        guard errorTable.count < Self.errorMessagesTracked else {
            result.untrackedErrorRuns += 1
            return key
        }
        errorTable[key] = ErrorFold(count: 1, workflowIDs: [workflowID])
        return key
    }

    /// The message as counted: trimmed and cut to `RunSummary.maximumErrorLength`. Most messages need neither, and
    /// checking the ends and the byte count first avoids walking every message by characters.
    static func tallyKey(_ text: String) -> String {
        let utf8 = text.utf8
        let isSpace: (UInt8) -> Bool = { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }
        if utf8.count <= RunSummary.maximumErrorLength, let first = utf8.first, let last = utf8.last, !isSpace(first), !isSpace(last) {
            return text
        }
        return String(text.trimmedWhitespace.prefix(RunSummary.maximumErrorLength))
    }

    /// The statistics, with every list in a stable order. Each workflow's fold is released as soon as its
    /// statistics are made, so the runs it kept are never held twice; the accumulator is spent afterwards.
    public mutating func finish() -> RunStatistics {
        var output = result
        output.errors = errorTable.map { ErrorTally(message: $0.key, count: $0.value.count, workflowIDs: $0.value.workflowIDs.sorted()) }
            .sorted { ($1.count, $0.message) < ($0.count, $1.message) }
        errorTable = [:]
        output.stuckRuns = stuck.sortedDescending
        output.perWorkflow.reserveCapacity(foldIndex.count)
        for (id, index) in foldIndex {
            var fold = WorkflowFold()
            swap(&fold, &folds[index])
            var statistics = fold.statistics
            statistics.latestRuns = fold.latest.sortedDescending
            statistics.failureStreak = fold.failuresAfterBreaker.count
            statistics.topErrors = fold.errorCounts
                .map { ErrorTally(message: $0.key, count: $0.value, workflowIDs: [id]) }
                .sorted { ($1.count, $0.message) < ($0.count, $1.message) }
            output.perWorkflow[id] = statistics
        }
        folds = []
        foldIndex = [:]
        return output
    }
}

extension RunStatisticsAccumulator.WorkflowFold {
    fileprivate mutating func add(_ run: RunSummary, outcome: RunOutcome, time: Timestamp?, asOf: Timestamp, asOfDay: Int64, isStuck: Bool) {
        statistics.allTime[outcome] += 1
        statistics.byStatus[run.status.name, default: 0] += 1
        if let time, time <= asOf {
            if time > asOf.adding(days: -30) { statistics.last30Days[outcome] += 1 }
            let age = Int(asOfDay - time.dayNumber)
            if age < 30 { statistics.dailyLast30[29 - age][outcome] += 1 }
        }
        if isStuck { statistics.stuckRuns += 1 }
        latest.insert(run)
        let key = run.orderKey
        if lastRunKey.map({ $0 < key }) ?? true {
            lastRunKey = key
            statistics.lastRun = run
        }
        if let message = run.errorMessage,
           errorCounts[message] != nil || errorCounts.count < RunStatisticsAccumulator.errorsPerWorkflowTracked
        {
            errorCounts[message, default: 0] += 1
        }
        switch outcome {
        case .inProgress:
            break
        case .failure:
            if latestBreaker.map({ $0 < key }) ?? true { failuresAfterBreaker.append(key) }
        case .success, .other:
            if latestBreaker.map({ $0 < key }) ?? true {
                latestBreaker = key
                failuresAfterBreaker.removeAll { $0 < key }
            }
        }
    }
}
