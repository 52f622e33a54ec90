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

    let asOf: Timestamp
    let asOfDay: Int64
    /// Runs after these instants fall in each `TimeWindow.allCases` window, and in the last 30 days.
    let windowStarts: [Timestamp]
    /// Where each workflow's windows start, made once: the fold asks per run.
    let windows: FoldWindows
    let stuckBefore: Timestamp
    /// Folds in an array, mutated in place; a dictionary subscript would copy a fold (and its run buffer) per run.
    var folds: [WorkflowFold] = []
    var foldIndex: WorkflowIndex
    /// Counts per `TimeWindow.allCases` position; a dictionary hashed the window three times per run.
    var windowCounts = Array(repeating: OutcomeCounts(), count: TimeWindow.allCases.count)
    var result: RunStatistics
    /// Every distinct status seen, by position: folds keep a status as its position.
    var statuses: [RunStatus] = []
    var statusOutcomes: [RunOutcome] = []
    /// Tracked error messages by position (folds keep a message as its position), and their tallies.
    var messagePositions: [String: Int32] = [:]
    var messages: [String] = []
    var errorFolds: [ErrorFold] = []
    var stuck = BoundedLatest<StuckRun>(capacity: stuckRunsKept)
    /// Workflow ids runs named that no workflow has: a saved fold is stale once one of them is created.
    var orphanWorkflowIDs = Set<Int64>()
    /// A batch's fold inputs and their order by fold (`add(batch:)`), kept between batches for their capacity.
    var pending: [FoldInput] = []
    /// The rare run kept whole (unreadable time, untracked message), by `FoldInput.extra`.
    var pendingExtras: [(whole: RunSummary?, untracked: String?)] = []
    var foldOrder: [Int32] = []
    var bucketStarts: [Int32] = []

    struct ErrorFold {
        var count = 0
        var workflowIDs = SmallestIDs(limit: ErrorTally.maximumWorkflowsKept)
        var first = Int64.max
        var last = Int64.min
        /// Runs per day over the last 90 days (oldest first), made on the message's first run in that window: most
        /// tracked messages are old or rare, and 20,000 of 90 counts each would be 7 MB for nothing.
        var daily: [Int32] = []

        mutating func seen(at time: Timestamp?, asOfDay: Int64) {
            guard let time else { return }
            first = min(first, time.microseconds)
            last = max(last, time.microseconds)
            let age = asOfDay - time.dayNumber
            if age >= 0 && age < 90 {
                if daily.isEmpty { daily = Array(repeating: 0, count: 90) }
                daily[89 - Int(age)] += 1
            }
        }
    }

    /// A run as a fold keeps it: no references, so keeping, sorting and dropping millions of runs costs no
    /// reference counting. The rare run whose time is unreadable text or whose message is not tracked is kept
    /// whole in its fold's `aside`.
    struct CompactRun: RunOrdered {
        var orderKey: RunOrderKey
        var status: Int32
        /// The message's position in `messages`, -1 for none; for a run kept aside, its key in `aside`.
        var message: Int32
        var time: TimeState

        enum TimeState: UInt8 { case readable, missing, keptAside }
    }

    /// What a fold needs to place a run in its windows: as-of, the start of its last 30 days, and the start of the
    /// 90 days recoveries and the quiet detector's gaps count in.
    struct FoldWindows {
        var asOf: Timestamp
        var start: Timestamp
        var ninetyDaysStart: Timestamp
    }

    /// What a workflow's fold takes from one run; made by the run's global half (`place`). Plain bytes (no
    /// references), so batches of them are copied and sorted without reference counting.
    struct FoldInput {
        var index: Int32
        /// Position in `pendingExtras` of the run kept whole, or -1.
        var extra: Int32
        var run: CompactRun
        var outcome: RunOutcome
        var isStuck: Bool
        /// Whether the time is readable: it is then `run.orderKey.time`.
        var hasTime: Bool
    }

    struct WorkflowFold {
        var statistics = WorkflowRunStatistics()
        var latest = BoundedLatest<CompactRun>(capacity: latestRunsKept)
        var aside: [Int32: RunSummary] = [:]
        var nextAsideKey: Int32 = 0
        var lastRun: CompactRun?
        var latestBreaker: RunOrderKey?
        var failuresAfterBreaker: [RunOrderKey] = []
        /// Counts per tracked message position; untracked messages by text. At most `errorsPerWorkflowTracked` in all.
        var errorCounts: [Int32: Int] = [:]
        var untrackedErrorCounts: [String: Int] = [:]
        /// Run counts per status position, in order of first appearance; a workflow sees a handful of statuses.
        var statusCounts: [(status: Int32, count: Int)] = []
        /// Failures of the last 30 days by tracked message position, for attributing them to servers; at most
        /// `errorsPerWorkflowTracked` messages (the rest count as unattributed).
        var recentFailureCounts: [Int32: Int] = [:]
        /// The latest success of all its runs (not only the kept ones), in microseconds.
        var lastSuccess = Int64.min
        var recoveries = RecoveryTimeline()
        /// For event and webhook workflows only (the quiet detector's); nil for the rest.
        var gaps: GapTimeline?
    }

    /// - Parameters:
    ///   - workflowIDs: the workflows that exist; runs naming any other id are orphans.
    ///   - gapWorkflowIDs: the event and webhook workflows, whose every gap of 90 days the quiet detector needs.
    public init(asOf: Timestamp, workflowIDs: some Sequence<Int64>, gapWorkflowIDs: Set<Int64> = []) {
        self.asOf = asOf
        asOfDay = asOf.dayNumber
        windowStarts = TimeWindow.allCases.map { asOf.adding(hours: -$0.hours) }
        windows = FoldWindows(asOf: asOf, start: asOf.adding(days: -30), ninetyDaysStart: asOf.adding(days: -Int64(Reliability.recoveryWindowDays)))
        stuckBefore = asOf.adding(hours: -Self.stuckAfterHours)
        let knownWorkflowIDs = Set(workflowIDs).sorted()
        result = RunStatistics(asOf: asOf)
        result.daily90 = Array(repeating: OutcomeCounts(), count: 90)
        result.dailyYear = Array(repeating: OutcomeCounts(), count: 371)
        foldIndex = WorkflowIndex(knownWorkflowIDs)
        var fold = WorkflowFold()
        fold.statistics.dailyLast30 = Array(repeating: OutcomeCounts(), count: 30)
        folds = Array(repeating: fold, count: knownWorkflowIDs.count)
        for (position, id) in knownWorkflowIDs.enumerated() where gapWorkflowIDs.contains(id) { folds[position].gaps = GapTimeline() }
    }

    /// Adds one run. Orphan runs count in totals, windows and errors, not under any workflow.
    /// Returns false for an orphan (a workflow id not among those given to `init`).
    @discardableResult
    public mutating func add(_ run: RunSummary, workflowID: Int64) -> Bool {
        add(id: run.id, triggeredAt: run.triggeredAt, status: position(of: run.status), errorMessage: run.errorMessage, workflowID: workflowID)
    }

    /// `add(_:workflowID:)` with the status as its `position(of:)`, so a reader that remembers positions compares no
    /// strings and copies no `RunStatus` per run.
    @discardableResult
    public mutating func add(id: Int64, triggeredAt: StoredTime, status: Int32, errorMessage: String?, workflowID: Int64) -> Bool {
        pendingExtras.removeAll(keepingCapacity: true)
        guard let input = place(id: id, triggeredAt: triggeredAt, status: status, errorMessage: errorMessage, workflowID: workflowID) else {
            return foldIndex[workflowID] != nil
        }
        fold(input)
        return true
    }

    /// A run as the reader hands it over: its status as a `position(of:)`.
    public struct Row: Sendable {
        public var id: Int64
        public var workflowID: Int64
        public var triggeredAt: StoredTime
        public var status: Int32
        public var errorMessage: String?

        public init(id: Int64, workflowID: Int64, triggeredAt: StoredTime, status: Int32, errorMessage: String?) {
            self.id = id
            self.workflowID = workflowID
            self.triggeredAt = triggeredAt
            self.status = status
            self.errorMessage = errorMessage
        }
    }

    /// Adds runs with exactly the result of adding them one by one in this order, faster: each run's global half
    /// (totals, windows, error tallies, stuck runs) is done in order, then each workflow's runs are folded together,
    /// still in their order. Folding run by run touched a random one of ten thousand folds each time, and waiting
    /// for memory was most of the fold's time; a batch of tens of thousands of runs visits each fold once.
    public mutating func add(batch rows: [Row]) {
        pending.removeAll(keepingCapacity: true)
        pendingExtras.removeAll(keepingCapacity: true)
        for row in rows {
            if let input = place(id: row.id, triggeredAt: row.triggeredAt, status: row.status, errorMessage: row.errorMessage, workflowID: row.workflowID) {
                pending.append(input)
            }
        }
        // A counting sort by fold, stable, so each workflow's runs keep their order (its streaks, timelines and
        // error tallies depend on it).
        if bucketStarts.count != folds.count + 1 { bucketStarts = Array(repeating: 0, count: folds.count + 1) }
        for position in bucketStarts.indices { bucketStarts[position] = 0 }
        for input in pending { bucketStarts[Int(input.index) + 1] += 1 }
        for position in 1..<bucketStarts.count { bucketStarts[position] += bucketStarts[position - 1] }
        foldOrder.removeAll(keepingCapacity: true)
        foldOrder.append(contentsOf: repeatElement(0, count: pending.count))
        for (position, input) in pending.enumerated() {
            foldOrder[Int(bucketStarts[Int(input.index)])] = Int32(position)
            bucketStarts[Int(input.index)] += 1
        }
        pending.withUnsafeBufferPointer { inputs in
            for position in foldOrder { fold(inputs[Int(position)]) }
        }
    }

    /// The run's global half, in arrival order; answers what its workflow's fold takes, or nil for a run cut by
    /// as-of or an orphan.
    private mutating func place(id: Int64, triggeredAt: StoredTime, status: Int32, errorMessage: String?, workflowID: Int64) -> FoldInput? {
        let time = triggeredAt.timestamp
        // `--as-of` is a cut: a run triggered after it did not exist yet, for totals, streaks, last runs and errors
        // alike. A run whose time cannot be read cannot be placed, and counts.
        if let time, time > asOf {
            result.runsAfterAsOf += 1
            return nil
        }
        let outcome = statusOutcomes[Int(status)]
        result.totalRuns += 1
        result.allTime[outcome] += 1
        if let time {
            for (position, start) in windowStarts.enumerated() where time > start {
                windowCounts[position][outcome] += 1
            }
            let age = Int(asOfDay - time.dayNumber)
            if age < 90 { result.daily90[89 - age][outcome] += 1 }
            if age < 371 { result.dailyYear[370 - age][outcome] += 1 }
        }
        var message: Int32 = -1
        var untracked: String?
        if let errorMessage {
            (message, untracked) = tallyError(errorMessage, workflowID: workflowID, time: time)
        }
        // The run as pages show it: its message as counted (trimmed and cut to `maximumErrorLength`), never the
        // stored text, which may be megabytes.
        func whole() -> RunSummary {
            RunSummary(id: id, triggeredAt: triggeredAt, status: statuses[Int(status)], errorMessage: message >= 0 ? messages[Int(message)] : untracked)
        }
        let isStuck = outcome == .inProgress && time.map { $0 < stuckBefore } == true
        if isStuck {
            result.stuckRunTotal += 1
            stuck.insert(StuckRun(workflowID: workflowID, run: whole()))
        }
        guard let index = foldIndex[workflowID] else {
            orphanWorkflowIDs.insert(workflowID)
            return nil
        }
        let orderKey = RunOrderKey(time: time?.microseconds ?? .min, id: id)
        var compact = CompactRun(orderKey: orderKey, status: status, message: message, time: time == nil ? .missing : .readable)
        if case .unreadable = triggeredAt { compact.time = .keptAside }
        if untracked != nil { compact.time = .keptAside }
        var extra: Int32 = -1
        if compact.time == .keptAside {
            extra = Int32(pendingExtras.count)
            pendingExtras.append((whole(), untracked))
        }
        return FoldInput(index: Int32(index), extra: extra, run: compact, outcome: outcome, isStuck: isStuck, hasTime: time != nil)
    }

    private mutating func fold(_ input: FoldInput) {
        let extra: (whole: RunSummary?, untracked: String?) = input.extra >= 0 ? pendingExtras[Int(input.extra)] : (nil, nil)
        let time = input.hasTime ? Timestamp(microseconds: input.run.orderKey.time) : nil
        folds[Int(input.index)].add(input.run, whole: extra.whole, untracked: extra.untracked, outcome: input.outcome, time: time, window: windows, isStuck: input.isStuck)
    }

    /// The position a status is counted under; the same status always answers the same position.
    public mutating func position(of status: RunStatus) -> Int32 {
        if let position = statuses.firstIndex(of: status) { return Int32(position) }
        statuses.append(status)
        statusOutcomes.append(status.outcome)
        return Int32(statuses.count - 1)
    }

    public func status(at position: Int32) -> RunStatus { statuses[Int(position)] }

    /// The workflows runs are folded under.
    public var workflowIndex: WorkflowIndex { foldIndex }

    /// Every status seen so far, by position.
    public var registeredStatuses: [RunStatus] { statuses }

    /// Counts the message; answers its position, or (past `errorMessagesTracked` distinct messages) -1 and the text.
    private mutating func tallyError(_ text: String, workflowID: Int64, time: Timestamp?) -> (Int32, String?) {
        let key = Self.tallyKey(text)
        guard !key.isEmpty else { return (-1, nil) }
        if let position = messagePositions[key] {
            errorFolds[Int(position)].count += 1
            errorFolds[Int(position)].workflowIDs.insert(workflowID)
            errorFolds[Int(position)].seen(at: time, asOfDay: asOfDay)
            return (position, nil)
        }
        guard messages.count < Self.errorMessagesTracked else {
            result.untrackedErrorRuns += 1
            return (-1, key)
        }
        var fold = ErrorFold(count: 1)
        fold.workflowIDs.insert(workflowID)
        fold.seen(at: time, asOfDay: asOfDay)
        messagePositions[key] = Int32(messages.count)
        messages.append(key)
        errorFolds.append(fold)
        return (Int32(messages.count - 1), nil)
    }

    /// The run a fold kept, whole again.
    private func expand(_ run: CompactRun, aside: [Int32: RunSummary]) -> RunSummary {
        if run.time == .keptAside, let whole = aside[run.message] { return whole }
        return RunSummary(
            id: run.orderKey.id, triggeredAt: run.time == .readable ? .time(Timestamp(microseconds: run.orderKey.time)) : .missing,
            status: statuses[Int(run.status)], errorMessage: run.message >= 0 ? messages[Int(run.message)] : nil
        )
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
        output.errors = zip(messages, errorFolds).map { message, fold in
            ErrorTally(message: message, count: fold.count, workflowIDs: fold.workflowIDs.ids,
                       firstSeen: fold.first == .max ? nil : Timestamp(microseconds: fold.first), lastSeen: fold.last == .min ? nil : Timestamp(microseconds: fold.last),
                       daily90: fold.daily.map(Int.init))
        }
            .sorted(by: ErrorTally.mostFrequentFirst)
        errorFolds = []
        output.stuckRuns = stuck.sortedDescending
        output.perWorkflow.reserveCapacity(folds.count)
        for (index, id) in foldIndex.ids.enumerated() {
            var fold = WorkflowFold()
            swap(&fold, &folds[index])
            var statistics = fold.statistics
            statistics.latestRuns = fold.latest.sortedDescending.map { expand($0, aside: fold.aside) }
            statistics.lastRun = fold.lastRun.map { expand($0, aside: fold.aside) }
            statistics.failureStreak = fold.failuresAfterBreaker.count
            statistics.lastSuccess = fold.lastSuccess == .min ? nil : Timestamp(microseconds: fold.lastSuccess)
            statistics.recentFailures = fold.recentFailureCounts.map { ErrorTally(message: messages[Int($0.key)], count: $0.value, workflowIDs: []) }
                .sorted(by: ErrorTally.mostFrequentFirst)
            statistics.recoveries = fold.recoveries.isOrdered ? fold.recoveries : nil
            statistics.gaps = fold.gaps?.isOrdered == true ? fold.gaps : nil
            statistics.byStatus = Dictionary(uniqueKeysWithValues: fold.statusCounts.map { (statuses[Int($0.status)].name, $0.count) })
            statistics.topErrors = (fold.errorCounts.map { (messages[Int($0.key)], $0.value) } + fold.untrackedErrorCounts.map { ($0.key, $0.value) })
                .map { ErrorTally(message: $0.0, count: $0.1, workflowIDs: [id]) }
                .sorted(by: ErrorTally.mostFrequentFirst)
            output.perWorkflow[id] = statistics
        }
        folds = []
        return output
    }
}

extension RunStatisticsAccumulator.WorkflowFold {
    mutating func add(
        _ run: RunStatisticsAccumulator.CompactRun, whole: RunSummary?, untracked: String?, outcome: RunOutcome, time: Timestamp?,
        window: RunStatisticsAccumulator.FoldWindows, isStuck: Bool
    ) {
        statistics.allTime[outcome] += 1
        if let position = statusCounts.firstIndex(where: { $0.status == run.status }) {
            statusCounts[position].count += 1
        } else {
            statusCounts.append((run.status, 1))
        }
        if let time {
            if outcome == .success { lastSuccess = max(lastSuccess, time.microseconds) }
            if outcome == .success || outcome == .failure {
                recoveries.add(run.orderKey, failed: outcome == .failure, windowStart: window.ninetyDaysStart.microseconds)
            }
            if gaps != nil, time > window.ninetyDaysStart { gaps!.add(run.orderKey) }
            if time > window.start {
                statistics.last30Days[outcome] += 1
                if outcome == .failure, run.message >= 0,
                   recentFailureCounts[run.message] != nil || recentFailureCounts.count < RunStatisticsAccumulator.errorsPerWorkflowTracked {
                    recentFailureCounts[run.message, default: 0] += 1
                }
            }
            // Periods of 24 hours back from as-of, so the last N of them are exactly the rolling N days.
            let age = (window.asOf.microseconds - time.microseconds) / Timestamp.microsecondsPerDay
            if age < 30 { statistics.dailyLast30[29 - Int(age)][outcome] += 1 }
        }
        if isStuck { statistics.stuckRuns += 1 }
        let key = run.orderKey
        var kept = run
        if run.time == .keptAside, let whole, latest.mayKeep(key) {
            kept.message = nextAsideKey
            aside[nextAsideKey] = whole
            nextAsideKey &+= 1
            if aside.count > 2 * RunStatisticsAccumulator.latestRunsKept + 32, let oldest = latest.oldestKept {
                aside = aside.filter { !($0.value.orderKey < oldest) || $0.value.orderKey == lastRun?.orderKey }
            }
        }
        latest.insert(kept)
        if lastRun.map({ $0.orderKey < key }) ?? true { lastRun = kept }
        if run.message >= 0 {
            if errorCounts[run.message] != nil || errorCounts.count + untrackedErrorCounts.count < RunStatisticsAccumulator.errorsPerWorkflowTracked {
                errorCounts[run.message, default: 0] += 1
            }
        } else if let untracked,
                  untrackedErrorCounts[untracked] != nil || errorCounts.count + untrackedErrorCounts.count < RunStatisticsAccumulator.errorsPerWorkflowTracked
        {
            untrackedErrorCounts[untracked, default: 0] += 1
        }
        switch outcome {
        case .inProgress:
            break
        case .failure:
            if latestBreaker.map({ $0 < key }) ?? true { failuresAfterBreaker.append(key) }
        case .other:
            break  // a cancelled run neither ends a streak nor extends it
        case .success:
            if latestBreaker.map({ $0 < key }) ?? true {
                latestBreaker = key
                failuresAfterBreaker.removeAll { $0 < key }
            }
        }
    }
}

/// Workflow id -> position of its fold. Ids are usually dense (an autoincrement key), so most lookups are an array
/// read instead of hashing an id per run; sparse ids fall back to a dictionary.
public struct WorkflowIndex: Sendable {
    /// Ascending.
    public let ids: [Int64]
    let first: Int64
    let dense: [Int32]
    let sparse: [Int64: Int]

    public init(_ ascendingIDs: [Int64]) {
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

    public subscript(id: Int64) -> Int? {
        guard dense.isEmpty else {
            let offset = id &- first
            guard offset >= 0, offset < dense.count else { return nil }
            let position = dense[Int(offset)]
            return position < 0 ? nil : Int(position)
        }
        return sparse[id]
    }
}
