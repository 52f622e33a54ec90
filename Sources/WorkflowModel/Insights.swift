/// Errors grouped by `ErrorSignature`: what a reader acts on, instead of one line per distinct raw message.
public struct SignatureTally: Sendable, Hashable {
    public var signature: String
    public var count: Int
    /// The smallest ids of the workflows it hit.
    public var workflowIDs: [Int64]
    public var firstSeen: Timestamp?
    public var lastSeen: Timestamp?
    /// How many distinct raw messages it groups.
    public var messages: Int

    /// Most runs first, ties by signature. `signature` may answer from a table made once (`ErrorSignature.of` is a
    /// scan of the message).
    public static func group(_ tallies: [ErrorTally], signature signatureOf: (String) -> String = ErrorSignature.of) -> [SignatureTally] {
        var positions: [String: Int] = [:]
        var groups: [SignatureTally] = []
        var workflows: [SmallestIDs] = []
        for tally in tallies {
            let signature = signatureOf(tally.message)
            if let position = positions[signature] {
                groups[position].count += tally.count
                groups[position].messages += 1
                groups[position].firstSeen = [groups[position].firstSeen, tally.firstSeen].compactMap { $0 }.min()
                groups[position].lastSeen = [groups[position].lastSeen, tally.lastSeen].compactMap { $0 }.max()
                for id in tally.workflowIDs { workflows[position].insert(id) }
            } else {
                positions[signature] = groups.count
                groups.append(SignatureTally(signature: signature, count: tally.count, workflowIDs: [], firstSeen: tally.firstSeen, lastSeen: tally.lastSeen, messages: 1))
                var ids = SmallestIDs(limit: ErrorTally.maximumWorkflowsKept)
                for id in tally.workflowIDs { ids.insert(id) }
                workflows.append(ids)
            }
        }
        for index in groups.indices { groups[index].workflowIDs = workflows[index].ids }
        return groups.sorted { ($1.count, $0.signature) < ($0.count, $1.signature) }
    }
}

/// How dependable one workflow has been, from its kept latest runs (at most `RunStatisticsAccumulator.latestRunsKept`).
public struct Reliability: Sendable, Hashable {
    /// Changes of outcome between consecutive finished runs, over the last 50 of them; nil with fewer than 2.
    public var flipRate: Double?
    public var failureStreak: Int
    /// Time from the first failure of a streak to the success that ended it, for successes in the last 90 days, over
    /// every run (`RecoveryTimeline`).
    public var recoveries: Int
    public var meanRecoverySeconds: Int64?
    public var maxRecoverySeconds: Int64?
    /// Runs per day over the last 30 days.
    public var runsPerDay: Double

    public static let flipWindow = 50
    public static let recoveryWindowDays = 90
    public static let flakyFlipRate = 0.2

    public func isFlaky(threshold: Double = Reliability.flakyFlipRate) -> Bool { (flipRate ?? 0) >= threshold }

    public init(_ runs: WorkflowRunStatistics, asOf: Timestamp) {
        // Succeeded or failed, newest first: a cancelled run says nothing about whether the workflow works.
        let finished = runs.latestRuns.filter { $0.status.outcome == .success || $0.status.outcome == .failure }
        let window = Array(finished.prefix(Self.flipWindow))
        if window.count >= 2 {
            let flips = zip(window, window.dropFirst()).filter { ($0.status.outcome == .failure) != ($1.status.outcome == .failure) }.count
            flipRate = Double(flips) / Double(window.count - 1)
        }
        failureStreak = runs.failureStreak
        runsPerDay = Double(runs.last30Days.total) / 30
        if let timeline = runs.recoveries {
            recoveries = timeline.count
            meanRecoverySeconds = timeline.count == 0 ? nil : timeline.totalMicroseconds / Int64(timeline.count) / 1_000_000
            maxRecoverySeconds = timeline.count == 0 ? nil : timeline.longestMicroseconds / 1_000_000
            return
        }
        // Runs that arrived out of time order: the kept latest runs, the best that flat memory allows.
        let since = asOf.adding(days: -Int64(Self.recoveryWindowDays))
        var streakStart: Timestamp?
        var durations: [Int64] = []
        for run in finished.reversed() {
            guard let time = run.triggeredAt.timestamp, time > since, time <= asOf else { continue }
            if run.status.outcome == .failure {
                if streakStart == nil { streakStart = time }
            } else if let start = streakStart {
                durations.append((time.microseconds - start.microseconds) / 1_000_000)
                streakStart = nil
            }
        }
        recoveries = durations.count
        meanRecoverySeconds = durations.isEmpty ? nil : durations.reduce(0, +) / Int64(durations.count)
        maxRecoverySeconds = durations.max()
    }
}

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
