/// What `flowsite check` holds a database to. Every limit has a default a team can start from; `flowsite.yml`
/// changes them and sets them per workflow.
public struct GateSettings: Sendable, Equatable {
    /// A workflow failing more times in a row than this fails the gate.
    public var maxFailureStreak = 3
    /// A workflow with at least `minRuns` runs that succeeded or failed in the window must succeed at least this
    /// often; nil: no gate.
    public var minSuccessRate: Double? = 0.8
    /// Days of 24 hours back from as-of (1 to 30): the same rolling window as the dashboard's rates.
    public var successWindowDays = 7
    public var minRuns = 10
    public var maxLateWorkflows = 0
    /// Scheduled workflows whose cron or time zone cannot be read: nothing can be expected of them.
    public var maxUnreadableSchedules = 0
    /// The grace before a missing scheduled run counts as late; nil for `Punctuality.grace(forIntervalSeconds:)`.
    public var lateGraceSeconds: Int64?
    public var maxStuckRuns = 0
    public var maxUnreliableServers = 0
    public var flakyFlipRate = Reliability.flakyFlipRate
    public var unreliableFailureRate = ServerHealth.unreliableFailureRate
    public var overrides: [WorkflowOverride] = []

    public init() {}

    /// Limits for one workflow, found by id or by name.
    public struct WorkflowOverride: Sendable, Equatable {
        public enum Match: Sendable, Equatable {
            case id(Int64)
            case name(String)
        }

        public var match: Match
        public var maxFailureStreak: Int?
        public var minSuccessRate: Double?
        public var lateGraceSeconds: Int64?
        /// Left out of every gate: its streak, rate, lateness, stuck runs and its runs' share of server health.
        public var skip = false
        /// Where the override is written (`flowsite.yml:12:5`), for the error when it names no workflow.
        public var location: String?

        public init(match: Match, location: String? = nil) {
            self.match = match
            self.location = location
        }

        func applies(to workflow: Workflow) -> Bool {
            switch match {
            case .id(let id): return workflow.id == id
            case .name(let name): return workflow.name == name
            }
        }
    }

    func override(for workflow: Workflow) -> WorkflowOverride? { overrides.last { $0.applies(to: workflow) } }

    /// The grace for one workflow: its override, the global setting, or nil for the default.
    public func lateGraceSeconds(for workflow: Workflow) -> Int64? { override(for: workflow)?.lateGraceSeconds ?? lateGraceSeconds }

    /// Overrides that name no workflow of the database: a typo in a name would otherwise loosen nothing, silently.
    public func unmatchedOverrides(in workflows: [Workflow]) -> [WorkflowOverride] {
        overrides.filter { override in !workflows.contains { override.applies(to: $0) } }
    }
}

/// One gate's verdict.
public struct GateResult: Sendable, Equatable {
    public var gate: String
    /// The limit as a person reads it: `≤ 3 in a row`, `≥ 80 % over 7 d (10+ runs)`.
    public var limit: String
    public var passed: Bool
    /// One line per offender, empty when the gate holds.
    public var failures: [String]

    public init(gate: String, limit: String, passed: Bool, failures: [String]) {
        self.gate = gate
        self.limit = limit
        self.passed = passed
        self.failures = failures
    }
}

public enum Gates {
    public static func evaluate(_ snapshot: WorkflowDatabaseSnapshot, punctuality: [Int64: Punctuality], servers: [ServerHealth], settings: GateSettings) -> [GateResult] {
        let statistics = snapshot.statistics
        func label(_ workflow: Workflow) -> String { "'\(workflow.name)' (#\(workflow.id))" }
        let checked = snapshot.workflows.filter { settings.override(for: $0)?.skip != true }
        let skipped = snapshot.workflows.filter { settings.override(for: $0)?.skip == true }

        var streaks: [String] = []
        var rates: [String] = []
        for workflow in checked {
            let runs = statistics.workflow(workflow.id)
            let override = settings.override(for: workflow)
            let maxStreak = override?.maxFailureStreak ?? settings.maxFailureStreak
            if runs.failureStreak > maxStreak {
                streaks.append("\(label(workflow)) failed \(runs.failureStreak) times in a row (limit \(maxStreak))")
            }
            if let minimum = override?.minSuccessRate ?? settings.minSuccessRate {
                var window = OutcomeCounts()
                for day in runs.dailyLast30.suffix(settings.successWindowDays) {
                    window.success += day.success
                    window.failure += day.failure
                    window.other += day.other
                }
                if window.decided >= settings.minRuns, let rate = window.successRate, rate < minimum {
                    rates.append("\(label(workflow)) succeeded \(percent(rate)) of \(window.decided) runs in \(settings.successWindowDays) d (minimum \(percent(minimum)))")
                }
            }
        }
        let late = checked.filter { punctuality[$0.id]?.isOverdue == true }
        let unreadable = checked.filter { punctuality[$0.id]?.state == .unreadableSchedule }
        // A skipped workflow's stuck runs and failures do not count either.
        let stuck = statistics.stuckRunTotal - skipped.reduce(0) { $0 + statistics.workflow($1.id).stuckRuns }
        let gatedServers = skipped.isEmpty ? servers : ServerHealth.all(checked, statistics: statistics, signatures: [])
        let unreliable = gatedServers.filter { $0.isUnreliable(threshold: settings.unreliableFailureRate) }
        return [
            GateResult(gate: "failure streak", limit: "≤ \(settings.maxFailureStreak) in a row", passed: streaks.isEmpty, failures: streaks),
            GateResult(gate: "success rate", limit: settings.minSuccessRate.map { "≥ \(percent($0)) over \(settings.successWindowDays) d (\(settings.minRuns)+ runs)" } ?? "off",
                       passed: rates.isEmpty, failures: rates),
            GateResult(gate: "late workflows", limit: "≤ \(settings.maxLateWorkflows)", passed: late.count <= settings.maxLateWorkflows,
                       failures: late.count <= settings.maxLateWorkflows ? [] : late.map { "\(label($0)) is \(punctuality[$0.id]!.state.rawValue.replacingOccurrences(of: "_", with: " ")): \(punctuality[$0.id]!.reason)" }),
            GateResult(gate: "unreadable schedules", limit: "≤ \(settings.maxUnreadableSchedules)", passed: unreadable.count <= settings.maxUnreadableSchedules,
                       failures: unreadable.count <= settings.maxUnreadableSchedules ? [] : unreadable.map { "\(label($0)): \(punctuality[$0.id]!.reason)" }),
            GateResult(gate: "stuck runs", limit: "≤ \(settings.maxStuckRuns)", passed: stuck <= settings.maxStuckRuns,
                       failures: stuck <= settings.maxStuckRuns ? [] : ["\(stuck) runs in progress for more than \(RunStatisticsAccumulator.stuckAfterHours) h"]),
            GateResult(gate: "unreliable servers", limit: "≤ \(settings.maxUnreliableServers)", passed: unreliable.count <= settings.maxUnreliableServers,
                       failures: unreliable.count <= settings.maxUnreliableServers ? [] : unreliable.map {
                           "\($0.server): \(percent($0.failureRate30Days ?? 0)) of \($0.runs30Days) runs failed in 30 d"
                       }),
        ]
    }

    static func percent(_ rate: Double) -> String {
        let value = (rate * 1000).rounded() / 10
        return value == value.rounded() ? "\(Int(value)) %" : "\(value) %"
    }
}
