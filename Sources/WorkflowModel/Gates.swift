/// What `flowsite check` holds a database to. Every limit has a default a team can start from; `flowsite.yml`
/// changes them and sets them per workflow.
public struct GateSettings: Sendable, Equatable {
    /// A workflow failing more times in a row than this fails the gate.
    public var maxFailureStreak = 3
    /// A workflow with at least `minRuns` finished runs in the window must succeed at least this often; nil: no gate.
    public var minSuccessRate: Double? = 0.8
    /// Calendar days ending at as-of's day (1 to 30).
    public var successWindowDays = 7
    public var minRuns = 10
    public var maxLateWorkflows = 0
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
        /// Left out of every per-workflow gate (and of the late count).
        public var skip = false

        public init(match: Match) { self.match = match }

        func applies(to workflow: Workflow) -> Bool {
            switch match {
            case .id(let id): return workflow.id == id
            case .name(let name): return workflow.name == name
            }
        }
    }

    func override(for workflow: Workflow) -> WorkflowOverride? { overrides.last { $0.applies(to: workflow) } }
}

/// One gate's verdict.
public struct GateResult: Sendable, Equatable {
    public var gate: String
    /// The limit as a person reads it: `≤ 3 in a row`, `≥ 80 % over 7 d (10+ runs)`.
    public var limit: String
    public var passed: Bool
    /// One line per offender, empty when the gate holds.
    public var failures: [String]
}

public enum Gates {
    public static func evaluate(_ snapshot: WorkflowDatabaseSnapshot, punctuality: [Int64: Punctuality], servers: [ServerHealth], settings: GateSettings) -> [GateResult] {
        let statistics = snapshot.statistics
        func label(_ workflow: Workflow) -> String { "'\(workflow.name)' (#\(workflow.id))" }
        let checked = snapshot.workflows.filter { settings.override(for: $0)?.skip != true }

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
                if window.finished >= settings.minRuns, let rate = window.successRate, rate < minimum {
                    rates.append("\(label(workflow)) succeeded \(percent(rate)) of \(window.finished) runs in \(settings.successWindowDays) d (minimum \(percent(minimum)))")
                }
            }
        }
        let late = checked.filter { punctuality[$0.id]?.needsAttention == true }
        let unreliable = servers.filter { $0.isUnreliable(threshold: settings.unreliableFailureRate) }
        return [
            GateResult(gate: "failure streak", limit: "≤ \(settings.maxFailureStreak) in a row", passed: streaks.isEmpty, failures: streaks),
            GateResult(gate: "success rate", limit: settings.minSuccessRate.map { "≥ \(percent($0)) over \(settings.successWindowDays) d (\(settings.minRuns)+ runs)" } ?? "off",
                       passed: rates.isEmpty, failures: rates),
            GateResult(gate: "late workflows", limit: "≤ \(settings.maxLateWorkflows)", passed: late.count <= settings.maxLateWorkflows,
                       failures: late.count <= settings.maxLateWorkflows ? [] : late.map { "\(label($0)) is \(punctuality[$0.id]!.state.rawValue.replacingOccurrences(of: "_", with: " ")): \(punctuality[$0.id]!.reason)" }),
            GateResult(gate: "stuck runs", limit: "≤ \(settings.maxStuckRuns)", passed: statistics.stuckRunTotal <= settings.maxStuckRuns,
                       failures: statistics.stuckRunTotal <= settings.maxStuckRuns ? [] : ["\(statistics.stuckRunTotal) runs in progress for more than \(RunStatisticsAccumulator.stuckAfterHours) h"]),
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
