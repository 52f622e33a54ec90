import Redaction
import WorkflowModel

/// `stats.json`: the dashboard's numbers for machines. Keys are in a fixed order; rates are fractions 0–1 or null.
enum StatsDocument {
    static func make(_ builder: SiteBuilder) -> JSONValue {
        let snapshot = builder.snapshot
        let statistics = snapshot.statistics
        let users = Dictionary(snapshot.users.map { ($0.id, $0.username) }, uniquingKeysWith: { first, _ in first })
        func rate(_ value: Double?) -> JSONValue { value.map { .double(($0 * 10000).rounded() / 10000) } ?? .null }
        func owner(_ id: Int64?) -> JSONValue { id.flatMap { users[$0] }.map(JSONValue.string) ?? .null }
        func counts(_ counts: OutcomeCounts) -> JSONValue {
            ["runs": .integer(Int64(counts.total)), "completed": .integer(Int64(counts.success)), "failed": .integer(Int64(counts.failure)),
             "in_progress": .integer(Int64(counts.inProgress)), "other": .integer(Int64(counts.other)), "success_rate": rate(counts.successRate)]
        }
        func time(_ stamp: Timestamp?) -> JSONValue { stamp.map { .string($0.iso8601) } ?? .null }
        return [
            "as_of": .string(statistics.asOf.iso8601),
            "layout": .string(snapshot.layout.rawValue),
            "source": .string(snapshot.sourceName),
            "totals": ["users": .integer(Int64(snapshot.users.count)), "workflows": .integer(Int64(snapshot.workflows.count)),
                       "integrations": .integer(Int64(snapshot.integrations.count)), "runs": .integer(Int64(statistics.totalRuns))],
            "windows": .object(TimeWindow.allCases.map { .init($0.rawValue, counts(statistics.windows[$0] ?? OutcomeCounts())) }),
            "workflows": .array(snapshot.workflows.map { workflow($0, builder: builder, rate: rate, owner: owner) }),
            "integrations": .array(snapshot.integrations.map { integration in
                ["id": .integer(integration.id), "server_name": .string(integration.serverName), "owner": owner(integration.ownerID),
                 "used_by": .array(builder.workflows(using: integration).map { .integer($0.id) })]
            }),
            "servers": .array(builder.servers.map { server in
                ["server": .string(server.server), "workflows": .array(server.workflowIDs.map { .integer($0) }),
                 "runs_30d": .integer(Int64(server.runs30Days)), "failures_30d": .integer(Int64(server.failures30Days)),
                 "unattributed_failures_30d": .integer(Int64(server.unattributedFailures30Days)),
                 "failure_rate_30d": rate(server.failureRate30Days), "last_success": time(server.lastSuccess),
                 "unreliable": .bool(server.isUnreliable(threshold: builder.options.unreliableFailureRate)), "signatures": .array(server.signatures.map(JSONValue.string))]
            }),
            "signatures": .array(builder.signatures.map { signature -> JSONValue in
                let isNew: JSONValue = builder.previous.map { .bool(!$0.signatures.contains(signature.signature)) } ?? .null
                return ["signature": .string(signature.signature), "new": isNew, "count": .integer(Int64(signature.count)),
                        "messages": .integer(Int64(signature.messages)), "first_seen": time(signature.firstSeen), "last_seen": time(signature.lastSeen),
                        "workflows": .array(signature.workflowIDs.map { .integer($0) })]
            }),
            "errors": .array(statistics.errors.map {
                ["message": .string($0.message), "count": .integer(Int64($0.count)), "workflows": .array($0.workflowIDs.map { .integer($0) })]
            }),
            "data_quality": .array(snapshot.findings.map {
                ["kind": .string($0.kind.rawValue), "table": .string($0.table), "column": .string($0.column), "count": .integer(Int64($0.count))]
            }),
        ]
    }

    /// One workflow's entry: counts, last run, streak (and whether it is new since the last render), cadence and
    /// reliability.
    private static func workflow(_ workflow: Workflow, builder: SiteBuilder, rate: (Double?) -> JSONValue, owner: (Int64?) -> JSONValue) -> JSONValue {
        let statistics = builder.snapshot.statistics
        let runs = statistics.workflow(workflow.id)
        func time(_ stamp: Timestamp?) -> JSONValue { stamp.map { .string($0.iso8601) } ?? .null }
        let lastRun: JSONValue = runs.lastRun.map { ["at": time($0.triggeredAt.timestamp), "status": .string($0.status.name)] } ?? .null
        var failure = JSONValue.null
        if runs.failureStreak > 0, let previous = builder.previous { failure = .string(previous.failing.contains(workflow.id) ? "recurring" : "new") }
        var punctuality = JSONValue.null
        if let found = builder.punctuality[workflow.id] {
            punctuality = ["state": .string(found.state.rawValue), "reason": .string(found.reason), "expected_previous": time(found.expectedPrevious),
                           "expected_next": time(found.expectedNext), "overdue_since": time(found.overdueSince), "first_missed": time(found.firstMissed)]
        }
        let reliability = Reliability(runs, asOf: statistics.asOf)
        let reliable: JSONValue = [
            "flip_rate": rate(reliability.flipRate), "flaky": .bool(reliability.isFlaky(threshold: builder.options.flakyFlipRate)), "recoveries_90d": .integer(Int64(reliability.recoveries)),
            "mean_recovery_seconds": reliability.meanRecoverySeconds.map(JSONValue.integer) ?? .null,
            "max_recovery_seconds": reliability.maxRecoverySeconds.map(JSONValue.integer) ?? .null, "runs_per_day": rate(reliability.runsPerDay),
        ]
        return [
            "id": .integer(workflow.id), "name": .string(workflow.name), "owner": owner(workflow.ownerID),
            "runs_total": .integer(Int64(runs.allTime.total)),
            "by_status": .object(runs.byStatus.sorted { $0.key < $1.key }.map { .init($0.key, .integer(Int64($0.value))) }),
            "success_rate": rate(runs.allTime.successRate), "success_rate_30d": rate(runs.last30Days.successRate),
            "last_run": lastRun, "failure_streak": .integer(Int64(runs.failureStreak)), "failure": failure,
            "stuck_runs": .integer(Int64(runs.stuckRuns)), "punctuality": punctuality, "reliability": reliable,
        ]
    }
}
