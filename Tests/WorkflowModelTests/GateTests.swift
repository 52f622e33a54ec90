import Testing
@testable import WorkflowModel

/// The gates over a snapshot built here: the success-rate window is rolling like the dashboard's, an unreadable
/// schedule is its own gate, `skip` leaves a workflow out of every gate, and an override naming no workflow is found.
@Suite struct GateTests {
    static let asOf = Timestamp(text: "2026-11-25T06:00:00Z")!

    static func workflow(_ id: Int64, _ name: String, trigger: String) -> Workflow {
        let definition = try! JSONParser.parse(#"{"trigger": \#(trigger), "actions": [{"integration": "github.com/acme/slack-mcp", "tool": "post"}]}"#)
        return Workflow(id: id, name: name, description: nil, naturalLanguageDescription: "", structuredDefinition: .value(definition),
                        createdAt: .time(asOf.adding(days: -60)), updatedAt: .time(asOf.adding(days: -60)), ownerID: 1)
    }

    /// Workflow 1 fails every hour in the last 24 h with an error naming no server; workflow 2's schedule cannot be
    /// read; workflow 3 has a run stuck for two days and fails with Slack's error. All three use the Slack server.
    static func snapshot() -> WorkflowDatabaseSnapshot {
        let workflows = [
            workflow(1, "Hourly sync", trigger: #"{"type": "manual"}"#),
            workflow(2, "Broken schedule", trigger: #"{"type": "schedule", "cron": "0 25 * * *"}"#),
            workflow(3, "Stuck job", trigger: #"{"type": "manual"}"#),
        ]
        var accumulator = RunStatisticsAccumulator(asOf: asOf, workflowIDs: [1, 2, 3])
        var id: Int64 = 0
        func add(_ workflow: Int64, hoursAgo: Int64, _ status: String, error: String? = nil) {
            id += 1
            accumulator.add(RunSummary(id: id, triggeredAt: .time(asOf.adding(hours: -hoursAgo)), status: RunStatus(status), errorMessage: error), workflowID: workflow)
        }
        // Seven days of successes, then the last 23 hours failing: a calendar window would split this at midnight.
        for hour in 24..<(7 * 24) { add(1, hoursAgo: Int64(hour), "completed") }
        for hour in 1..<24 { add(1, hoursAgo: Int64(hour), "failed", error: "boom") }  // names no server
        add(3, hoursAgo: 48, "running")
        for hour in 1...20 { add(3, hoursAgo: Int64(hour), "failed", error: "Slack API: channel_not_found") }
        return WorkflowDatabaseSnapshot(sourceName: "test", layout: .sqlmodel, tableCounts: [], users: [], workflows: workflows, integrations: [],
                                        schema: DatabaseSchema(tables: []), statistics: accumulator.finish(), findings: [])
    }

    static func evaluate(_ settings: GateSettings) -> [String: GateResult] {
        let snapshot = snapshot()
        let results = Gates.evaluate(snapshot, punctuality: Punctuality.evaluateAll(snapshot), servers: ServerHealth.all(snapshot, signatures: []), settings: settings)
        return Dictionary(uniqueKeysWithValues: results.map { ($0.gate, $0) })
    }

    @Test func theSuccessRateWindowIsRollingAndSchedulesThatCannotBeReadAreTheirOwnGate() {
        var settings = GateSettings()
        settings.successWindowDays = 1
        let results = Self.evaluate(settings)
        // The rolling 24 hours hold 23 failures of workflow 1 (a calendar day from midnight held 6).
        #expect(results["success rate"]?.failures.first == "'Hourly sync' (#1) succeeded 0 % of 23 runs in 1 d (minimum 80 %)", "\(results["success rate"]!)")
        #expect(results["late workflows"]?.passed == true)
        #expect(results["unreadable schedules"]?.passed == false)
        #expect(results["unreadable schedules"]?.failures.first?.hasPrefix("'Broken schedule' (#2): schedule '0 25 * * *' cannot be read") == true)
        #expect(results["stuck runs"]?.passed == false)
        // 43 of the server's 187 runs failed (23 %), but only the 20 whose error names Slack are its own (10.7 %).
        #expect(results["unreliable servers"]?.passed == true, "\(results["unreliable servers"]!)")
        let slack = ServerHealth.all(Self.snapshot(), signatures: []).first { $0.server == "github.com/acme/slack-mcp" }
        #expect(slack?.failures30Days == 20 && slack?.unattributedFailures30Days == 23, "\(String(describing: slack))")
    }

    @Test func skipLeavesAWorkflowOutOfEveryGate() {
        var settings = GateSettings()
        for id: Int64 in [1, 2, 3] {
            var skip = GateSettings.WorkflowOverride(match: .id(id))
            skip.skip = true
            settings.overrides.append(skip)
        }
        let results = Self.evaluate(settings)
        let failing = results.values.filter { !$0.passed }
        #expect(failing.isEmpty, "\(failing)")
    }

    @Test func anOverrideThatNamesNoWorkflowIsFound() {
        var settings = GateSettings()
        settings.overrides = [.init(match: .name("Hourly sync")), .init(match: .name("Hourly snyc"), location: "flowsite.yml:7:7"), .init(match: .id(42))]
        let unmatched = settings.unmatchedOverrides(in: Self.snapshot().workflows)
        #expect(unmatched.map(\.match) == [.name("Hourly snyc"), .id(42)])
        #expect(unmatched.first?.location == "flowsite.yml:7:7")
    }
}
