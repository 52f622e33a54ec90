import Redaction
import WorkflowModel

/// `stats.json`: the dashboard's numbers for machines. Keys are in a fixed order; rates are fractions 0–1 or null.
enum StatsDocument {
    static func make(_ redacted: RedactedSnapshot) -> JSONValue {
        let snapshot = redacted.snapshot
        let statistics = snapshot.statistics
        let users = Dictionary(snapshot.users.map { ($0.id, $0.username) }, uniquingKeysWith: { first, _ in first })
        func rate(_ value: Double?) -> JSONValue { value.map { .double(($0 * 10000).rounded() / 10000) } ?? .null }
        func owner(_ id: Int64?) -> JSONValue { id.flatMap { users[$0] }.map(JSONValue.string) ?? .null }
        func counts(_ counts: OutcomeCounts) -> JSONValue {
            ["runs": .integer(Int64(counts.total)), "completed": .integer(Int64(counts.success)), "failed": .integer(Int64(counts.failure)),
             "in_progress": .integer(Int64(counts.inProgress)), "other": .integer(Int64(counts.other)), "success_rate": rate(counts.successRate)]
        }
        let builder = SiteBuilder(snapshot: redacted, options: RenderOptions())
        return [
            "as_of": .string(statistics.asOf.iso8601),
            "layout": .string(snapshot.layout.rawValue),
            "source": .string(snapshot.sourceName),
            "totals": ["users": .integer(Int64(snapshot.users.count)), "workflows": .integer(Int64(snapshot.workflows.count)),
                       "integrations": .integer(Int64(snapshot.integrations.count)), "runs": .integer(Int64(statistics.totalRuns))],
            "windows": .object(TimeWindow.allCases.map { .init($0.rawValue, counts(statistics.windows[$0] ?? OutcomeCounts())) }),
            "workflows": .array(snapshot.workflows.map { workflow in
                let runs = statistics.workflow(workflow.id)
                return [
                    "id": .integer(workflow.id), "name": .string(workflow.name), "owner": owner(workflow.ownerID),
                    "runs_total": .integer(Int64(runs.allTime.total)),
                    "by_status": .object(runs.byStatus.sorted { $0.key < $1.key }.map { .init($0.key, .integer(Int64($0.value))) }),
                    "success_rate": rate(runs.allTime.successRate), "success_rate_30d": rate(runs.last30Days.successRate),
                    "last_run": runs.lastRun.map { ["at": $0.triggeredAt.timestamp.map { .string($0.iso8601) } ?? .null, "status": .string($0.status.name)] } ?? .null,
                    "failure_streak": .integer(Int64(runs.failureStreak)), "stuck_runs": .integer(Int64(runs.stuckRuns)),
                ]
            }),
            "integrations": .array(snapshot.integrations.map { integration in
                ["id": .integer(integration.id), "server_name": .string(integration.serverName), "owner": owner(integration.ownerID),
                 "used_by": .array(builder.workflows(using: integration).map { .integer($0.id) })]
            }),
            "errors": .array(statistics.errors.map {
                ["message": .string($0.message), "count": .integer(Int64($0.count)), "workflows": .array($0.workflowIDs.map { .integer($0) })]
            }),
            "data_quality": .array(snapshot.findings.map {
                ["kind": .string($0.kind.rawValue), "table": .string($0.table), "column": .string($0.column), "count": .integer(Int64($0.count))]
            }),
        ]
    }
}
