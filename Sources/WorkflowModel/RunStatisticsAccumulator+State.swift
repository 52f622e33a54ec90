/// The fold of a settled prefix of the run table, saved so the next render folds only what came after it.
///
/// A run is settled when it is finished and older than `settledAfterDays` before as-of: then nothing it added depends
/// on as-of any more (it is in no window, no 30- or 90-day count, no recovery or gap window, and not stuck), except
/// the year heatmap's day, which is kept by day and shifted. A prefix (every run with an id below the first
/// unsettled one, read in id order) folded once is therefore exactly what a full fold at any later as-of has after
/// the same runs; folding the runs from there on, in the same order, finishes the same statistics.
///
/// A run left unfinished long ago (`isLongUnfinished`: the app crashed under it, or never marks such runs) would end
/// the prefix at itself for ever, and every run after it would be folded again every night. It joins the prefix as
/// it is instead: what it adds (counted in progress, stuck at every later as-of, among the latest runs) no longer
/// depends on as-of either. It is only exact while the run stays as it was, so the saved fold names each such run
/// with a fingerprint and the next render checks them (`FoldState.watched`); once one has changed, every run is
/// folded again, in id order, rather than folding the changed run out of its place.
extension RunStatisticsAccumulator {
    /// Beyond the 90-day windows (recoveries, gaps, error days) by a day, so no calendar-day edge can reach a settled run.
    public static let settledAfterDays = Int64(Reliability.recoveryWindowDays) + 1
    /// Past this many distinct orphan workflow ids a prefix is not saved (each would be checked on every render).
    static let orphanIDsSaved = 10_000

    /// Whether a run with this time and outcome is settled as of `asOf` (see the type's comment).
    public static func isSettled(time: StoredTime, outcome: RunOutcome, asOf: Timestamp) -> Bool {
        guard outcome != .inProgress else { return false }
        guard let time = time.timestamp else { return true }  // unreadable or missing: in no window, at any as-of
        return time <= settledCutoff(asOf)
    }

    /// The latest trigger time a settled (or long unfinished) run can have as of `asOf`.
    static func settledCutoff(_ asOf: Timestamp) -> Timestamp { asOf.adding(days: -settledAfterDays) }

    /// Whether a run is in progress and was triggered more than `settledAfterDays` before `asOf` (or at a time that
    /// cannot be read): the prefix takes it as it is, watched (see the type's comment).
    public static func isLongUnfinished(time: StoredTime, outcome: RunOutcome, asOf: Timestamp) -> Bool {
        guard outcome == .inProgress else { return false }
        guard let time = time.timestamp else { return true }
        return time <= settledCutoff(asOf)
    }

    /// Why a saved prefix cannot be continued; each reason ends up in the render's summary line.
    public enum RestoreRefusal: Error, Sendable, Equatable, CustomStringConvertible {
        case malformed
        case asOfMovedBack
        case workflowDeleted(Int64)
        case orphanNowKnown(Int64)

        public var description: String {
            switch self {
            case .malformed: return "the saved fold could not be read"
            case .asOfMovedBack: return "as-of is earlier than the saved fold's"
            case .workflowDeleted(let id): return "workflow \(id), whose runs the saved fold holds, is gone"
            case .orphanNowKnown(let id): return "workflow \(id) was created after runs naming it were folded as orphans"
            }
        }
    }

    /// Why the fold so far cannot be saved as a settled prefix, or nil when it can.
    public var prefixRefusal: String? {
        if result.untrackedErrorRuns > 0 {
            return "more than \(Self.errorMessagesTracked) distinct error messages among the settled runs (the rest are counted by text, which is not saved)"
        }
        if orphanWorkflowIDs.count > Self.orphanIDsSaved { return "runs name more than \(Self.orphanIDsSaved) workflow ids that no workflow has" }
        // By construction (only settled and long unfinished runs before the boundary) none of these can hold; checked
        // all the same.
        let longAgo = Self.settledCutoff(asOf)
        guard windowCounts.allSatisfy({ $0.total == 0 }), result.daily90.allSatisfy({ $0.total == 0 }),
              stuck.items.allSatisfy({ $0.run.triggeredAt.timestamp.map { $0 <= longAgo } ?? false }), result.runsAfterAsOf == 0,
              errorFolds.allSatisfy({ $0.daily.isEmpty }), folds.allSatisfy(\.isSettledPrefix)
        else { return "a run that is not settled was folded before the boundary" }
        return nil
    }

    /// The fold so far as bytes, or nil when it cannot be saved as a settled prefix (`prefixRefusal`).
    public func encodedPrefix() -> [UInt8]? {
        guard prefixRefusal == nil else { return nil }
        var out = StateWriter()
        out.int(asOf.microseconds)
        out.int(asOfDay)
        out.int(result.totalRuns)
        out.counts(result.allTime)
        out.array(result.dailyYear) { $0.counts($1) }
        // Statuses by name, not by first appearance, so the bytes do not depend on where the boundary fell.
        // Only statuses a workflow's prefix runs have: a status is registered as soon as the reader meets it, maybe
        // in the run just after the boundary.
        let used = Set(folds.flatMap { $0.statusCounts.map { Int($0.status) } })
        let byName = used.sorted { statuses[$0].name < statuses[$1].name }
        var renumbered = Array(repeating: Int32(0), count: statuses.count)
        for (new, old) in byName.enumerated() { renumbered[old] = Int32(new) }
        out.array(byName) { $0.text(statuses[$1].name) }
        out.array(Array(zip(messages, errorFolds))) { out, pair in
            out.text(pair.0)
            out.int(pair.1.count)
            out.array(pair.1.workflowIDs.ids) { $0.int($1) }
            out.int(pair.1.first)
            out.int(pair.1.last)
        }
        out.array(orphanWorkflowIDs.sorted()) { $0.int($1) }
        // Long unfinished runs are stuck at every later as-of; kept as the bounded list holds them, so folding on from
        // here keeps what folding on without saving keeps.
        out.int(result.stuckRunTotal)
        out.array(stuck.items) { out, stuckRun in
            out.int(stuckRun.workflowID)
            out.summary(stuckRun.run)
        }
        out.optional(stuck.floor) { $0.key($1) }
        out.array(Array(zip(foldIndex.ids, folds))) { out, pair in
            out.int(pair.0)
            pair.1.encode(into: &out, renumbered: renumbered)
        }
        return out.bytes
    }

    /// An accumulator for `asOf` that has already folded the prefix `bytes` hold (`encodedPrefix`), over the
    /// workflows that exist now.
    public init(restoring bytes: [UInt8], asOf: Timestamp, workflowIDs: some Sequence<Int64>, gapWorkflowIDs: Set<Int64> = []) throws(RestoreRefusal) {
        self.init(asOf: asOf, workflowIDs: workflowIDs, gapWorkflowIDs: gapWorkflowIDs)
        do {
            try restore(StateReader(bytes))
        } catch let refusal as RestoreRefusal {
            throw refusal
        } catch {
            throw .malformed  // bytes that do not read back (`StateReader.Malformed`)
        }
    }

    private mutating func restore(_ reader: StateReader) throws {
        var input = reader
        let savedAsOf = try input.int64()
        let savedDay = try input.int64()
        guard savedAsOf <= asOf.microseconds, savedDay <= asOfDay else { throw RestoreRefusal.asOfMovedBack }
        result.totalRuns = try input.int()
        result.allTime = try input.counts()
        let savedYear = try input.array { (reader: inout StateReader) throws(StateReader.Malformed) in try reader.counts() }
        guard savedYear.count == result.dailyYear.count else { throw RestoreRefusal.malformed }
        // Each day's counts move as many places to the past as days passed; days older than the heatmap drop off.
        let shift = Int(asOfDay - savedDay)
        for position in result.dailyYear.indices where position + shift < savedYear.count {
            result.dailyYear[position] = savedYear[position + shift]
        }
        for name in try input.array({ (reader: inout StateReader) throws(StateReader.Malformed) in try reader.text() }) {
            _ = position(of: RunStatus(name))
        }
        let errorCount = try input.count()
        for _ in 0..<errorCount {
            let message = try input.text()
            var fold = ErrorFold(count: try input.int())
            for id in try input.array({ (reader: inout StateReader) throws(StateReader.Malformed) in try reader.int64() }) { fold.workflowIDs.insert(id) }
            fold.first = try input.int64()
            fold.last = try input.int64()
            guard messagePositions[message] == nil else { throw RestoreRefusal.malformed }
            messagePositions[message] = Int32(messages.count)
            messages.append(message)
            errorFolds.append(fold)
        }
        orphanWorkflowIDs = Set(try input.array { (reader: inout StateReader) throws(StateReader.Malformed) in try reader.int64() })
        for id in orphanWorkflowIDs where foldIndex[id] != nil { throw RestoreRefusal.orphanNowKnown(id) }
        result.stuckRunTotal = try input.int()
        stuck.items = try input.array { (reader: inout StateReader) throws(StateReader.Malformed) in
            StuckRun(workflowID: try reader.int64(), run: try reader.summary())
        }
        stuck.floor = try input.optional { (reader: inout StateReader) throws(StateReader.Malformed) in try reader.key() }
        guard stuck.items.count <= stuck.capacity + stuck.capacity / 4 + 1 else { throw RestoreRefusal.malformed }
        let foldCount = try input.count()
        for _ in 0..<foldCount {
            let id = try input.int64()
            let saved = try WorkflowFold(decoding: &input, statuses: statuses.count, messages: messages.count)
            if let index = foldIndex[id] {
                saved.restore(into: &folds[index])
            } else if saved.statistics.allTime.total > 0 {
                throw RestoreRefusal.workflowDeleted(id)
            }
        }
        guard input.isAtEnd else { throw RestoreRefusal.malformed }
    }
}

extension RunStatisticsAccumulator.WorkflowFold {
    /// True when only settled runs were folded (see `encodedPrefix`): nothing here depends on as-of.
    var isSettledPrefix: Bool {
        statistics.last30Days.total == 0 && statistics.dailyLast30.allSatisfy { $0.total == 0 }
            && recentFailureCounts.isEmpty && untrackedErrorCounts.isEmpty && recoveries.count == 0 && (gaps?.runs ?? 0) == 0
    }

    func encode(into out: inout StateWriter, renumbered: [Int32]) {
        out.counts(statistics.allTime)
        out.int(statistics.stuckRuns)
        out.array(statusCounts) { out, entry in
            out.int(renumbered[Int(entry.status)])
            out.int(entry.count)
        }
        out.int(lastSuccess)
        out.bool(recoveries.order.isOrdered)
        out.optional(recoveries.order.lastKey) { $0.key($1) }
        out.optional(recoveries.streakStart) { $0.int($1) }
        let compact = { (out: inout StateWriter, run: RunStatisticsAccumulator.CompactRun) in
            var run = run
            run.status = renumbered[Int(run.status)]
            out.compact(run)
        }
        out.array(latest.items, compact)
        out.optional(latest.floor) { $0.key($1) }
        out.array(aside.sorted { $0.key < $1.key }) { out, entry in
            out.int(entry.key)
            out.summary(entry.value)  // a whole run keeps its status by name
        }
        out.int(nextAsideKey)
        out.optional(lastRun, compact)
        out.optional(latestBreaker) { $0.key($1) }
        out.array(failuresAfterBreaker) { $0.key($1) }
        out.array(errorCounts.sorted { $0.key < $1.key }) { out, entry in
            out.int(entry.key)
            out.int(entry.value)
        }
    }

    init(decoding input: inout StateReader, statuses: Int, messages: Int) throws(StateReader.Malformed) {
        self.init()
        let check = { (value: Int32, limit: Int) throws(StateReader.Malformed) -> Int32 in
            guard value >= -1, value < Int32(limit) else { throw StateReader.Malformed(offset: 0) }
            return value
        }
        statistics.allTime = try input.counts()
        statistics.stuckRuns = try input.int()
        statusCounts = try input.array { (reader: inout StateReader) throws(StateReader.Malformed) in
            (status: try check(try reader.int32(), statuses), count: try reader.int())
        }
        lastSuccess = try input.int64()
        recoveries.order.isOrdered = try input.bool()
        recoveries.order.lastKey = try input.optional { (reader: inout StateReader) throws(StateReader.Malformed) in try reader.key() }
        recoveries.streakStart = try input.optional { (reader: inout StateReader) throws(StateReader.Malformed) in try reader.int64() }
        let compact = { (reader: inout StateReader) throws(StateReader.Malformed) -> RunStatisticsAccumulator.CompactRun in
            var run = try reader.compact()
            run.status = try check(run.status, statuses)
            if run.time != .keptAside { run.message = try check(run.message, messages) }
            return run
        }
        latest.items = try input.array(compact)
        latest.floor = try input.optional { (reader: inout StateReader) throws(StateReader.Malformed) in try reader.key() }
        for _ in 0..<(try input.count()) {
            aside[try input.int32()] = try input.summary()
        }
        nextAsideKey = try input.int32()
        lastRun = try input.optional(compact)
        latestBreaker = try input.optional { (reader: inout StateReader) throws(StateReader.Malformed) in try reader.key() }
        failuresAfterBreaker = try input.array { (reader: inout StateReader) throws(StateReader.Malformed) in try reader.key() }
        for _ in 0..<(try input.count()) {
            errorCounts[try check(try input.int32(), messages)] = try input.int()
        }
        guard latest.items.count <= latest.capacity + latest.capacity / 4 + 1 else { throw StateReader.Malformed(offset: input.offset) }
    }

    /// Moves what a settled prefix holds into a fold made for the current workflows (its windows and gap timeline
    /// are the new as-of's, and empty).
    func restore(into fold: inout RunStatisticsAccumulator.WorkflowFold) {
        fold.statistics.allTime = statistics.allTime
        fold.statistics.stuckRuns = statistics.stuckRuns
        fold.statusCounts = statusCounts
        fold.lastSuccess = lastSuccess
        fold.recoveries = recoveries
        fold.latest = latest
        fold.aside = aside
        fold.nextAsideKey = nextAsideKey
        fold.lastRun = lastRun
        fold.latestBreaker = latestBreaker
        fold.failuresAfterBreaker = failuresAfterBreaker
        fold.errorCounts = errorCounts
    }
}

extension StateWriter {
    mutating func counts(_ counts: OutcomeCounts) {
        int(counts.success)
        int(counts.failure)
        int(counts.inProgress)
        int(counts.other)
    }

    mutating func key(_ key: RunOrderKey) {
        int(key.time)
        int(key.id)
    }

    mutating func compact(_ run: RunStatisticsAccumulator.CompactRun) {
        key(run.orderKey)
        int(run.status)
        int(run.message)
        unsigned(UInt64(run.time.rawValue))
    }

    mutating func summary(_ run: RunSummary) {
        int(run.id)
        switch run.triggeredAt {
        case .time(let time):
            unsigned(0)
            int(time.microseconds)
        case .unreadable(let text):
            unsigned(1)
            self.text(text)
        case .missing:
            unsigned(2)
        }
        text(run.status.name)
        optional(run.errorMessage) { $0.text($1) }
    }
}

extension StateReader {
    mutating func counts() throws(Malformed) -> OutcomeCounts {
        var counts = OutcomeCounts()
        counts.success = try int()
        counts.failure = try int()
        counts.inProgress = try int()
        counts.other = try int()
        return counts
    }

    mutating func key() throws(Malformed) -> RunOrderKey {
        RunOrderKey(time: try int64(), id: try int64())
    }

    mutating func compact() throws(Malformed) -> RunStatisticsAccumulator.CompactRun {
        let key = try key()
        let status = try int32()
        let message = try int32()
        guard let time = RunStatisticsAccumulator.CompactRun.TimeState(rawValue: UInt8(truncatingIfNeeded: try unsigned())) else {
            throw Malformed(offset: offset)
        }
        return .init(orderKey: key, status: status, message: message, time: time)
    }

    mutating func summary() throws(Malformed) -> RunSummary {
        let id = try int64()
        let time: StoredTime
        switch try unsigned() {
        case 0: time = .time(Timestamp(microseconds: try int64()))
        case 1: time = .unreadable(try text())
        case 2: time = .missing
        default: throw Malformed(offset: offset)
        }
        return RunSummary(id: id, triggeredAt: time, status: RunStatus(try text()), errorMessage: try optional { (reader: inout StateReader) throws(Malformed) in try reader.text() })
    }
}
