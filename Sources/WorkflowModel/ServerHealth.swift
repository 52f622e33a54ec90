/// One MCP server name, across every workflow whose trigger or actions use it.
public struct ServerHealth: Sendable, Hashable {
    public var server: String
    public var workflowIDs: [Int64]
    /// Runs that succeeded or failed in the last 30 days, of the workflows that use it: each exercised it.
    public var runs30Days: Int
    /// Failures of the last 30 days whose error names this server (`FailureAttribution`).
    public var failures30Days: Int
    /// Failures of its workflows in the last 30 days whose error names none of their servers: shown apart, blamed
    /// on no server.
    public var unattributedFailures30Days: Int
    /// Attributed failures / runs that succeeded or failed, over the last 30 days.
    public var failureRate30Days: Double?
    /// The latest successful run of any workflow that uses it.
    public var lastSuccess: Timestamp?
    /// Error signatures that name the server.
    public var signatures: [String]

    public static let unreliableFailureRate = 0.2
    /// Fewer finished runs than this say nothing about a server.
    public static let minimumRuns = 10

    public func isUnreliable(threshold: Double = ServerHealth.unreliableFailureRate) -> Bool {
        runs30Days >= Self.minimumRuns && (failureRate30Days ?? 0) >= threshold
    }

    /// Per server name, sorted by name.
    public static func all(_ snapshot: WorkflowDatabaseSnapshot, signatures: [SignatureTally]) -> [ServerHealth] {
        all(snapshot.workflows, statistics: snapshot.statistics, signatures: signatures)
    }

    /// Per server name over the given workflows only (the gates leave skipped workflows out), sorted by name.
    public static func all(_ workflowList: [Workflow], statistics: RunStatistics, signatures: [SignatureTally]) -> [ServerHealth] {
        var users: [String: [Workflow]] = [:]
        var attributed: [String: Int] = [:]
        var unattributed: [Int64: Int] = [:]
        for workflow in workflowList {
            let servers = workflow.definition.referencedServers
            for server in servers { users[server, default: []].append(workflow) }
            guard !servers.isEmpty else { continue }
            let runs = statistics.workflow(workflow.id)
            let attribution = FailureAttribution(workflow.definition)
            var named = 0
            for failure in runs.recentFailures {
                let blamed = attribution.servers(namedIn: failure.message)
                for server in blamed { attributed[server, default: 0] += failure.count }
                if !blamed.isEmpty { named += failure.count }
            }
            unattributed[workflow.id] = runs.last30Days.failure - named
        }
        return users.keys.sorted().map { server in
            let workflows = users[server]!
            var decided = 0
            var lastSuccess: Timestamp?
            for workflow in workflows {
                let runs = statistics.workflow(workflow.id)
                decided += runs.last30Days.decided
                if let success = runs.lastSuccess { lastSuccess = max(lastSuccess ?? success, success) }
            }
            let failures = attributed[server] ?? 0
            let lowered = server.lowercased()
            return ServerHealth(
                server: server, workflowIDs: workflows.map(\.id).sorted(), runs30Days: decided, failures30Days: failures,
                unattributedFailures30Days: workflows.reduce(0) { $0 + (unattributed[$1.id] ?? 0) },
                failureRate30Days: decided == 0 ? nil : Double(failures) / Double(decided), lastSuccess: lastSuccess,
                signatures: signatures.filter { $0.signature.lowercased().contains(lowered) }.prefix(10).map(\.signature)
            )
        }
    }
}
