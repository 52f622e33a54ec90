import WorkflowModel

/// A snapshot with every secret masked in every string any output shows: names, descriptions, definitions, configs
/// (also when stored as malformed JSON text), run error messages, unreadable values kept as stored, and data-quality
/// examples. Pages, `stats.json` and `inspect` are made from this type only, so nothing reaches them unmasked.
///
/// Two passes: the first learns every value masked by key or by shape anywhere in the database, the second masks
/// those known values wherever else they appear (an error message echoing an integration's token). Error messages
/// that become equal once masked are counted together.
public struct RedactedSnapshot: Sendable {
    public let snapshot: WorkflowDatabaseSnapshot

    public init(_ raw: WorkflowDatabaseSnapshot) {
        let learning = RedactionPass(known: KnownSecrets())
        Self.visitSources(of: raw, with: learning)
        snapshot = Self.masked(raw, with: RedactionPass(known: KnownSecrets(learning.learned)))
    }

    /// Where secrets come from: configs, definitions, descriptions, error messages and values kept as stored.
    static func visitSources(of raw: WorkflowDatabaseSnapshot, with pass: RedactionPass) {
        for integration in raw.integrations { _ = masked(integration.config, pass) }
        for workflow in raw.workflows {
            _ = masked(workflow.structuredDefinition, pass)
            _ = pass.text(workflow.naturalLanguageDescription)
            if let description = workflow.description { _ = pass.text(description) }
        }
        for tally in raw.statistics.errors { _ = pass.text(tally.message) }
        for finding in raw.findings { _ = pass.text(finding.example) }
    }

    static func masked(_ raw: WorkflowDatabaseSnapshot, with pass: RedactionPass) -> WorkflowDatabaseSnapshot {
        var snapshot = raw
        snapshot.users = raw.users.map { user in
            var user = user
            user.username = pass.text(user.username)
            user.email = user.email.map(pass.text)
            user.createdAt = masked(user.createdAt, pass)
            return user
        }
        snapshot.workflows = raw.workflows.map { workflow in
            var workflow = workflow
            workflow.name = pass.text(workflow.name)
            workflow.description = workflow.description.map(pass.text)
            workflow.naturalLanguageDescription = pass.text(workflow.naturalLanguageDescription)
            workflow.structuredDefinition = masked(workflow.structuredDefinition, pass)
            workflow.createdAt = masked(workflow.createdAt, pass)
            workflow.updatedAt = masked(workflow.updatedAt, pass)
            return workflow
        }
        snapshot.integrations = raw.integrations.map { integration in
            var integration = integration
            integration.serverName = pass.text(integration.serverName)
            integration.config = masked(integration.config, pass)
            integration.createdAt = masked(integration.createdAt, pass)
            return integration
        }
        snapshot.statistics = masked(raw.statistics, pass)
        snapshot.findings = raw.findings.map { finding in
            var finding = finding
            finding.example = pass.text(finding.example)
            return finding
        }
        return snapshot
    }

    static func masked(_ stored: StoredJSON, _ pass: RedactionPass) -> StoredJSON {
        switch stored {
        case .value(let value): return .value(pass.json(value))
        case .malformed(let text): return .malformed(pass.text(text))
        case .missing: return .missing
        }
    }

    static func masked(_ stored: StoredTime, _ pass: RedactionPass) -> StoredTime {
        if case .unreadable(let text) = stored { return .unreadable(pass.text(text)) }
        return stored
    }

    static func masked(_ run: RunSummary, _ pass: RedactionPass) -> RunSummary {
        var run = run
        run.errorMessage = run.errorMessage.map(pass.text)
        run.triggeredAt = masked(run.triggeredAt, pass)
        return run
    }

    static func masked(_ statistics: RunStatistics, _ pass: RedactionPass) -> RunStatistics {
        var statistics = statistics
        statistics.errors = merged(statistics.errors, pass)
        statistics.stuckRuns = statistics.stuckRuns.map { stuck in
            var stuck = stuck
            stuck.run = masked(stuck.run, pass)
            return stuck
        }
        for (id, workflow) in statistics.perWorkflow {
            var workflow = workflow
            workflow.latestRuns = workflow.latestRuns.map { masked($0, pass) }
            workflow.lastRun = workflow.lastRun.map { masked($0, pass) }
            workflow.topErrors = merged(workflow.topErrors, pass)
            statistics.perWorkflow[id] = workflow
        }
        return statistics
    }

    /// Error tallies under their masked messages; messages that differed only in a secret become one tally.
    static func merged(_ tallies: [ErrorTally], _ pass: RedactionPass) -> [ErrorTally] {
        var positions: [String: Int] = [:]
        var output: [ErrorTally] = []
        var workflowSets: [Set<Int64>] = []
        for tally in tallies {
            let message = pass.text(tally.message)
            if let position = positions[message] {
                output[position].count += tally.count
                workflowSets[position].formUnion(tally.workflowIDs)
            } else {
                positions[message] = output.count
                output.append(ErrorTally(message: message, count: tally.count, workflowIDs: []))
                workflowSets.append(Set(tally.workflowIDs))
            }
        }
        for index in output.indices {
            output[index].workflowIDs = Array(workflowSets[index].sorted().prefix(ErrorTally.maximumWorkflowsKept))
        }
        return output.sorted(by: ErrorTally.mostFrequentFirst)
    }
}
