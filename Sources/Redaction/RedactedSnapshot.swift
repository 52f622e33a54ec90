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

    /// Every value masked by key or by shape anywhere: masks the run details read later (`masked(_:)`).
    private let known: KnownSecrets
    private let extraSecretKeys: [String]

    /// Takes the raw snapshot over and masks it in place: a million kept runs are not held twice.
    /// - Parameter extraSecretKeys: key names that hold secrets here besides the ones flowsite knows
    ///   (`flowsite.yml`'s `redaction.keys`), matched like them: by word, ignoring case, `_` and `-`.
    public init(_ raw: consuming WorkflowDatabaseSnapshot, extraSecretKeys: [String] = []) {
        self.init(raw, extraSecretKeys: extraSecretKeys, learnedFromRuns: [])
    }

    /// Also learns the secrets of the runs that get a page, a chunk at a time (their details are read again, and
    /// masked with everything learned, when their pages are rendered): a token in one run's trigger data is masked
    /// in another run's output, an error message and every page, as when all details were held at once.
    public init(_ raw: consuming WorkflowDatabaseSnapshot, extraSecretKeys: [String] = [], runDetails: RunDetailReader) throws {
        var learned = Set<String>()
        try runDetails.forEachChunk { details in
            // A pass per chunk: a pass remembers every short text it has seen, which would grow with the runs.
            let pass = RedactionPass(known: KnownSecrets(), extraKeys: extraSecretKeys)
            for detail in details { Self.visit(detail, with: pass) }
            learned.formUnion(pass.learned)
        }
        self.init(raw, extraSecretKeys: extraSecretKeys, learnedFromRuns: learned)
    }

    private init(_ raw: consuming WorkflowDatabaseSnapshot, extraSecretKeys: [String], learnedFromRuns: Set<String>) {
        let learning = RedactionPass(known: KnownSecrets(), extraKeys: extraSecretKeys)
        Self.visitSources(of: raw, with: learning)
        known = KnownSecrets(learning.learned.union(learnedFromRuns))
        self.extraSecretKeys = extraSecretKeys
        snapshot = Self.masked(raw, with: RedactionPass(known: known, extraKeys: extraSecretKeys))
    }

    /// Runs' details with every secret masked: by key and shape, and every value masked anywhere in the database or
    /// in any selected run's details. One pass for them all: texts that repeat between runs are masked once.
    public func masked(_ details: [Int64: RunDetail]) -> [Int64: RunDetail] {
        let pass = RedactionPass(known: known, extraKeys: extraSecretKeys)
        return details.mapValues { Self.masked($0, with: pass) }
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

    /// Runs carry secrets in odd places (a webhook's headers in its trigger data, a token echoed in output): learned
    /// from them too, so an error text quoting one is masked wherever it appears.
    static func visit(_ detail: RunDetail, with pass: RedactionPass) {
        _ = masked(detail.triggerData, pass)
        _ = masked(detail.outputData, pass)
        if let error = detail.errorMessage { _ = pass.text(error) }
    }

    static func masked(_ raw: RunDetail, with pass: RedactionPass) -> RunDetail {
        var detail = raw
        detail.triggerData = masked(detail.triggerData, pass)
        detail.outputData = masked(detail.outputData, pass)
        detail.errorMessage = detail.errorMessage.map(pass.text)
        return detail
    }

    /// Every field in place: the raw values are dropped as they are replaced, never held beside the masked ones.
    static func masked(_ raw: consuming WorkflowDatabaseSnapshot, with pass: RedactionPass) -> WorkflowDatabaseSnapshot {
        var snapshot = raw
        for index in snapshot.users.indices {
            snapshot.users[index].username = pass.text(snapshot.users[index].username)
            snapshot.users[index].email = snapshot.users[index].email.map(pass.text)
            snapshot.users[index].createdAt = masked(snapshot.users[index].createdAt, pass)
        }
        for index in snapshot.workflows.indices {
            mask(&snapshot.workflows[index], pass)
        }
        for index in snapshot.integrations.indices {
            snapshot.integrations[index].serverName = pass.text(snapshot.integrations[index].serverName)
            snapshot.integrations[index].config = masked(snapshot.integrations[index].config, pass)
            snapshot.integrations[index].createdAt = masked(snapshot.integrations[index].createdAt, pass)
        }
        mask(&snapshot.statistics, pass)
        for index in snapshot.findings.indices {
            snapshot.findings[index].example = pass.text(snapshot.findings[index].example)
        }
        return snapshot
    }

    static func mask(_ workflow: inout Workflow, _ pass: RedactionPass) {
        workflow.name = pass.text(workflow.name)
        workflow.description = workflow.description.map(pass.text)
        workflow.naturalLanguageDescription = pass.text(workflow.naturalLanguageDescription)
        workflow.structuredDefinition = masked(workflow.structuredDefinition, pass)
        workflow.createdAt = masked(workflow.createdAt, pass)
        workflow.updatedAt = masked(workflow.updatedAt, pass)
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

    /// In place, so the kept runs of every workflow are not copied.
    static func mask(_ statistics: inout RunStatistics, _ pass: RedactionPass) {
        statistics.errors = merged(statistics.errors, pass)
        for index in statistics.stuckRuns.indices {
            statistics.stuckRuns[index].run = masked(statistics.stuckRuns[index].run, pass)
        }
        for index in statistics.perWorkflow.values.indices {
            mask(&statistics.perWorkflow.values[index], pass)
        }
    }

    static func mask(_ workflow: inout WorkflowRunStatistics, _ pass: RedactionPass) {
        for index in workflow.latestRuns.indices {
            workflow.latestRuns[index] = masked(workflow.latestRuns[index], pass)
        }
        workflow.lastRun = workflow.lastRun.map { masked($0, pass) }
        workflow.topErrors = merged(workflow.topErrors, pass)
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
                output[position].firstSeen = [output[position].firstSeen, tally.firstSeen].compactMap { $0 }.min()
                output[position].lastSeen = [output[position].lastSeen, tally.lastSeen].compactMap { $0 }.max()
                output[position].daily90 = ErrorTally.sum(output[position].daily90, tally.daily90)
            } else {
                positions[message] = output.count
                output.append(ErrorTally(message: message, count: tally.count, workflowIDs: [], firstSeen: tally.firstSeen, lastSeen: tally.lastSeen, daily90: tally.daily90))
                workflowSets.append(Set(tally.workflowIDs))
            }
        }
        for index in output.indices {
            output[index].workflowIDs = Array(workflowSets[index].sorted().prefix(ErrorTally.maximumWorkflowsKept))
        }
        return output.sorted(by: ErrorTally.mostFrequentFirst)
    }
}
