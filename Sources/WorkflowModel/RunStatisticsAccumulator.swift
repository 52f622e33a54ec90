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
    /// The workflow id runs are counted under when theirs cannot be read: no workflow has it.
    public static let unknownWorkflow = Int64.min

    private let asOf: Timestamp
    private let asOfDay: Int64
    /// Folds in an array, mutated in place; a dictionary subscript would copy a fold (and its run buffer) per run.
    private var folds: [WorkflowFold] = []
    private var foldIndex: WorkflowIndex
    /// Counts per `TimeWindow.allCases` position; a dictionary hashed the window three times per run.
    private var windowCounts = Array(repeating: OutcomeCounts(), count: TimeWindow.allCases.count)
    private var result: RunStatistics
    private var errorTable: [String: ErrorFold] = [:]
    private var stuck = BoundedLatest<StuckRun>(capacity: stuckRunsKept)

    fileprivate struct ErrorFold {
        var count = 0
        var workflowIDs = SmallestIDs(limit: ErrorTally.maximumWorkflowsKept)
    }

    fileprivate struct WorkflowFold {
        var statistics = WorkflowRunStatistics()
        var latest = BoundedLatest<RunSummary>(capacity: latestRunsKept)
        var lastRunKey: RunOrderKey?
        var latestBreaker: RunOrderKey?
        var failuresAfterBreaker: [RunOrderKey] = []
        var errorCounts: [String: Int] = [:]
        /// Run counts per status, in order of first appearance; a workflow sees a handful of statuses, and a
        /// linear scan of short strings is cheaper than hashing one per run.
        var statusCounts: [(status: RunStatus, count: Int)] = []
    }

    /// - Parameter workflowIDs: the workflows that exist; runs naming any other id are orphans.
    public init(asOf: Timestamp, workflowIDs: some Sequence<Int64>) {
        self.asOf = asOf
        asOfDay = asOf.dayNumber
        let knownWorkflowIDs = Set(workflowIDs).sorted()
        result = RunStatistics(asOf: asOf)
        result.daily90 = Array(repeating: OutcomeCounts(), count: 90)
        result.dailyYear = Array(repeating: OutcomeCounts(), count: 371)
        foldIndex = WorkflowIndex(knownWorkflowIDs)
        var fold = WorkflowFold()
        fold.statistics.dailyLast30 = Array(repeating: OutcomeCounts(), count: 30)
        folds = Array(repeating: fold, count: knownWorkflowIDs.count)
    }

    /// Adds one run. Orphan runs count in totals, windows and errors, not under any workflow.
    /// Returns false for an orphan (a workflow id not among those given to `init`).
    @discardableResult
    public mutating func add(_ run: RunSummary, workflowID: Int64) -> Bool {
        let outcome = run.status.outcome
        result.totalRuns += 1
        result.allTime[outcome] += 1
        let time = run.triggeredAt.timestamp
        if let time, time <= asOf {
            for (position, window) in TimeWindow.allCases.enumerated() where time > asOf.adding(hours: -window.hours) {
                windowCounts[position][outcome] += 1
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
        guard let index = foldIndex[workflowID] else { return false }
        var interned = run
        interned.errorMessage = message
        folds[index].add(interned, outcome: outcome, time: time, asOf: asOf, asOfDay: asOfDay, isStuck: isStuck)
        return true
    }

    /// Counts the message and hands back the table's own copy, so a message repeated a million times is stored once.
    private mutating func tallyError(_ text: String, workflowID: Int64) -> String? {
        let key = Self.tallyKey(text)
        guard !key.isEmpty else { return nil }
        if let index = errorTable.index(forKey: key) {
            errorTable.values[index].count += 1
            errorTable.values[index].workflowIDs.insert(workflowID)
            return errorTable.keys[index]
        }
        guard errorTable.count < Self.errorMessagesTracked else {
            result.untrackedErrorRuns += 1
            return key
        }
        var fold = ErrorFold(count: 1)
        fold.workflowIDs.insert(workflowID)
        errorTable[key] = fold
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
        for (position, window) in TimeWindow.allCases.enumerated() { output.windows[window] = windowCounts[position] }
        output.errors = errorTable.map { ErrorTally(message: $0.key, count: $0.value.count, workflowIDs: $0.value.workflowIDs.ids) }
            .sorted(by: ErrorTally.mostFrequentFirst)
        errorTable = [:]
        output.stuckRuns = stuck.sortedDescending
        output.perWorkflow.reserveCapacity(folds.count)
        for (index, id) in foldIndex.ids.enumerated() {
            var fold = WorkflowFold()
            swap(&fold, &folds[index])
            var statistics = fold.statistics
            statistics.latestRuns = fold.latest.sortedDescending
            statistics.failureStreak = fold.failuresAfterBreaker.count
            statistics.byStatus = Dictionary(uniqueKeysWithValues: fold.statusCounts.map { ($0.status.name, $0.count) })
            statistics.topErrors = fold.errorCounts
                .map { ErrorTally(message: $0.key, count: $0.value, workflowIDs: [id]) }
                .sorted(by: ErrorTally.mostFrequentFirst)
            output.perWorkflow[id] = statistics
        }
        folds = []
        return output
    }
}

extension RunStatisticsAccumulator.WorkflowFold {
    fileprivate mutating func add(_ run: RunSummary, outcome: RunOutcome, time: Timestamp?, asOf: Timestamp, asOfDay: Int64, isStuck: Bool) {
        statistics.allTime[outcome] += 1
        if let position = statusCounts.firstIndex(where: { $0.status == run.status }) {
            statusCounts[position].count += 1
        } else {
            statusCounts.append((run.status, 1))
        }
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

/// Workflow id -> position of its fold. Ids are usually dense (an autoincrement key), so most lookups are an array
/// read instead of hashing an id per run; sparse ids fall back to a dictionary.
struct WorkflowIndex: Sendable {
    /// Ascending.
    let ids: [Int64]
    private let first: Int64
    private let dense: [Int32]
    private let sparse: [Int64: Int]

    init(_ ascendingIDs: [Int64]) {
        ids = ascendingIDs
        first = ascendingIDs.first ?? 0
        let span = (ascendingIDs.last ?? 0) &- first
        if ascendingIDs.count < Int(Int32.max), span >= 0, span < 4 * Int64(ascendingIDs.count) + 1024 {
            var dense = Array(repeating: Int32(-1), count: ascendingIDs.isEmpty ? 0 : Int(span) + 1)
            for (position, id) in ascendingIDs.enumerated() { dense[Int(id - first)] = Int32(position) }
            self.dense = dense
            sparse = [:]
        } else {
            dense = []
            sparse = Dictionary(uniqueKeysWithValues: ascendingIDs.enumerated().map { ($1, $0) })
        }
    }

    subscript(id: Int64) -> Int? {
        guard dense.isEmpty else {
            let offset = id &- first
            guard offset >= 0, offset < dense.count else { return nil }
            let position = dense[Int(offset)]
            return position < 0 ? nil : Int(position)
        }
        return sparse[id]
    }
}
