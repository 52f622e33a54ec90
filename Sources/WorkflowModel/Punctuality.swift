/// Whether a workflow runs as often as it should, judged by its own cadence rather than a fixed age: a scheduled
/// workflow by its cron, an event or webhook workflow by the gaps between its own recent runs. This is the
/// silent failure a nightly report exists to catch: all green, but the last run was nine days ago.
public struct Punctuality: Sendable, Hashable {
    public enum State: String, Sendable, Hashable {
        /// Ran when it was due (or is not due yet).
        case onTime = "on_time"
        /// A scheduled run is overdue by more than the grace.
        case late
        /// An event workflow silent for more than 3 × its usual (p95) gap.
        case quiet
        /// Its cron or time zone cannot be read; nothing can be expected.
        case unreadableSchedule = "unreadable_schedule"
    }

    public var state: State
    /// The latest scheduled instant at or before as-of (scheduled workflows).
    public var expectedPrevious: Timestamp?
    /// The next scheduled instant after as-of (scheduled workflows).
    public var expectedNext: Timestamp?
    /// The instant from which a missing run counts as late: the latest scheduled instant a grace before as-of.
    public var overdueSince: Timestamp?
    /// For `late`: the first due instant with no run since (the first run missed); stable while it stays late, so
    /// a feed entry keyed by it appears once.
    public var firstMissed: Timestamp?
    /// For `late`: the grace after a due time before a missing run counts. For `quiet`: 3 × the p95 gap.
    public var allowanceSeconds: Int64?
    /// For `late`: how many scheduled runs are missing since the last run (or since the workflow was created), counted
    /// up to `missedRunsCounted`.
    public var missedRuns: Int?
    /// Why, in a sentence the pages and `flowsite check` show; its times kept apart (a page shows them in the
    /// reader's zone).
    public var explanation: TimedText
    /// The sentence with each time in UTC, zone written.
    public var reason: String { explanation.description }

    public var needsAttention: Bool { state == .late || state == .quiet || state == .unreadableSchedule }
    /// Late or quiet: the workflow did not run when it should have (an unreadable schedule is a problem of its own).
    public var isOverdue: Bool { state == .late || state == .quiet }

    /// The floor of the quiet detector's allowance.
    public static let minimumGraceSeconds: Int64 = 3_600
    /// The default grace before a scheduled run counts as missing: a tenth of the schedule's interval, at least five
    /// minutes (a clock a little behind, a queue) and at most three hours, so a nightly check at 06:15 flags the
    /// 02:00 run that did not come (a whole interval would wait until tomorrow, a weekly miss a week).
    public static func grace(forIntervalSeconds interval: Int64) -> Int64 { min(max(interval / 10, 300), 10_800) }
    /// An event workflow needs this many gaps in its last 90 days before "quiet" means anything.
    public static let minimumGapsForQuiet = 5
    /// Missed runs are counted up to this many ("1000+ runs missed").
    public static let missedRunsCounted = 1_000

    /// Every workflow with a trigger that sets a cadence, by id; `graceSeconds` overrides the default grace per
    /// workflow (`flowsite.yml`).
    public static func evaluateAll(_ snapshot: WorkflowDatabaseSnapshot, graceSeconds: (Workflow) -> Int64? = { _ in nil }) -> [Int64: Punctuality] {
        let graces = snapshot.workflows.map { (workflow: $0, grace: graceSeconds($0)) }
        let evaluated = graces.concurrentMap { workflow, grace in
            let runs = snapshot.statistics.workflow(workflow.id)
            let times = runs.latestRuns.compactMap(\.triggeredAt.timestamp)
            return evaluate(trigger: workflow.definition.trigger, runTimes: times, createdAt: workflow.createdAt.timestamp,
                            asOf: snapshot.statistics.asOf, graceSeconds: grace, gaps: runs.gaps)
        }
        var result: [Int64: Punctuality] = [:]
        for (entry, punctuality) in zip(graces, evaluated) {
            if let punctuality { result[entry.workflow.id] = punctuality }
        }
        return result
    }

    /// - Parameters:
    ///   - runTimes: the workflow's latest run instants (any order); the newest is its last run.
    ///   - createdAt: a workflow created after a run was due is not late for it.
    ///   - graceSeconds: nil for the default, `grace(forIntervalSeconds:)`.
    ///   - gaps: every gap of the last 90 days when the fold kept them (`GapTimeline`); else the kept runs' gaps.
    public static func evaluate(trigger: WorkflowDefinition.Trigger?, runTimes: [Timestamp], createdAt: Timestamp?, asOf: Timestamp,
                                graceSeconds: Int64? = nil, gaps: GapTimeline? = nil) -> Punctuality? {
        guard let trigger else { return nil }
        let lastRun = runTimes.max()
        switch trigger.type.lowercased() {
        case "schedule", "cron":
            let cron = trigger.details.first { $0.key == "cron" || $0.key == "schedule" }?.value.stringValue ?? ""
            let zone = trigger.details.first { $0.key == "timezone" }?.value.stringValue
            if zone == nil, let misspelt = trigger.details.first(where: { $0.key == "tz" || $0.key == "time_zone" || $0.key == "timeZone" })?.key {
                // Read in UTC it would be late or early by hours, silently.
                return Punctuality(state: .unreadableSchedule, explanation: "its time zone is under '\(misspelt)'; the key is 'timezone'")
            }
            let schedule: CronSchedule
            do {
                schedule = try CronSchedule(cron, timeZone: zone)
            } catch {
                return Punctuality(state: .unreadableSchedule, explanation: "schedule '\(cron)' cannot be read: \(error)")
            }
            return evaluate(schedule, lastRun: lastRun, createdAt: createdAt, asOf: asOf, graceSeconds: graceSeconds)
        case "webhook", "event":
            if let gaps, let last = gaps.last {
                return evaluateQuiet(gapSeconds: gaps.gapSeconds.map(Int64.init), runs: gaps.runs, last: Timestamp(microseconds: last), asOf: asOf)
            }
            return evaluateQuiet(runTimes: runTimes, asOf: asOf)
        default:
            return nil
        }
    }

    static func evaluate(_ schedule: CronSchedule, lastRun: Timestamp?, createdAt: Timestamp?, asOf: Timestamp, graceSeconds: Int64? = nil) -> Punctuality {
        let recent = schedule.runs(atOrBefore: asOf, count: 2)
        let next = schedule.nextRun(after: asOf)
        let interval: Int64? = recent.count == 2 ? (recent[0].microseconds - recent[1].microseconds) / 1_000_000
            : next.flatMap { next in recent.first.map { (next.microseconds - $0.microseconds) / 1_000_000 } }
        let grace = graceSeconds ?? Self.grace(forIntervalSeconds: interval ?? 3_600)
        var result = Punctuality(state: .onTime, expectedPrevious: recent.first, expectedNext: next, allowanceSeconds: grace, explanation: "")
        guard let due = schedule.runs(atOrBefore: asOf.adding(seconds: -grace), count: 1).first else {
            result.explanation = "no run was due yet"
            return result
        }
        result.overdueSince = due
        if let createdAt, createdAt > due {
            result.explanation = "created after its last due run"
            return result
        }
        // A run up to a minute early (a clock a little ahead) still counts for the instant it was due.
        if let lastRun, lastRun >= due.adding(seconds: -60) {
            result.explanation = "ran for its run due \(time: due)"
            return result
        }
        result.state = .late
        result.firstMissed = schedule.nextRun(after: (lastRun ?? createdAt).map { $0.adding(seconds: 59) } ?? due.adding(seconds: -1))
        if let first = result.firstMissed, first > due { result.firstMissed = due }
        let since = (lastRun ?? createdAt).map { $0.adding(seconds: 59) }
        let missed = schedule.runs(atOrBefore: due, count: Self.missedRunsCounted).filter { stamp in since.map { stamp > $0 } ?? true }.count
        result.missedRuns = missed
        let count = missed >= Self.missedRunsCounted ? "\(Self.missedRunsCounted)+ runs" : missed == 1 ? "1 run" : "\(missed) runs"
        let where_ = schedule.zoneName == "UTC" ? "" : " in \(schedule.zoneName)"
        let lastSeen: TimedText = lastRun.map { "no run since \(time: $0)" } ?? "never run"
        result.explanation = lastSeen + "; \(count) missed (\(schedule.expression)\(where_)), the last due \(time: due)"
        return result
    }

    static func evaluateQuiet(runTimes: [Timestamp], asOf: Timestamp) -> Punctuality? {
        let window = asOf.adding(days: -90)
        let times = runTimes.filter { $0 <= asOf && $0 > window }.sorted()
        guard let last = times.last else { return nil }
        return evaluateQuiet(gapSeconds: zip(times.dropFirst(), times).map { ($0.microseconds - $1.microseconds) / 1_000_000 }, runs: times.count, last: last, asOf: asOf)
    }

    /// - Parameters: the gaps between consecutive runs of the window, how many runs, and the newest.
    static func evaluateQuiet(gapSeconds: [Int64], runs: Int, last: Timestamp, asOf: Timestamp) -> Punctuality? {
        guard runs > minimumGapsForQuiet else { return nil }
        let gaps = gapSeconds.sorted()
        let p95 = gaps[min(gaps.count - 1, Int((Double(gaps.count) * 0.95).rounded(.up)) - 1)]
        let allowance = max(minimumGraceSeconds, 3 * p95)
        let silent = (asOf.microseconds - last.microseconds) / 1_000_000
        if silent > allowance {
            return Punctuality(state: .quiet, allowanceSeconds: allowance,
                               explanation: "silent for \(Self.duration(silent)), more than 3 × its usual gap (\(Self.duration(p95)))")
        }
        return Punctuality(state: .onTime, allowanceSeconds: allowance, explanation: "last run within 3 × its usual gap")
    }

    /// `3 d 4 h`, `5 h 12 min`, `40 min`.
    public static func duration(_ seconds: Int64) -> String {
        let minutes = seconds / 60, hours = minutes / 60, days = hours / 24
        if days > 0 { return hours % 24 == 0 ? "\(days) d" : "\(days) d \(hours % 24) h" }
        if hours > 0 { return minutes % 60 == 0 ? "\(hours) h" : "\(hours) h \(minutes % 60) min" }
        return "\(max(minutes, 0)) min"
    }
}
