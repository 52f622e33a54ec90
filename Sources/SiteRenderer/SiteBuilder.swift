import Escaping
import Redaction
import WorkflowModel

/// Turns a snapshot into page models. Every sort order is explicit; nothing iterates a dictionary into output.
struct SiteBuilder: Sendable {
    let snapshot: WorkflowDatabaseSnapshot
    let options: RenderOptions
    private let users: [Int64: User]
    private let workflowLinks: [Int64: WorkflowLink]
    private let integrationsByOwnerAndServer: [OwnerServer: Integration]
    private let usersOfIntegration: [Int64: [Workflow]]
    private let schemaMap: SchemaMap
    /// Rows per table, by name.
    private let tableRows: [String: Int]
    /// Cadence, error signatures and server health, derived once (`Insights`): the pages, `stats.json` and the feed
    /// show the same values `flowsite check` judges.
    let insights: Insights
    var punctuality: [Int64: Punctuality] { insights.punctuality }
    var signatures: [SignatureTally] { insights.signatures }
    var servers: [ServerHealth] { insights.servers }
    /// The last render's `stats.json`, when there was one: what is new since.
    let previous: PreviousRender?
    /// The runs with a page, ascending, and at the same positions their workflows: two arrays searched by halves
    /// rather than a dictionary of 200,000 entries on the 5 M-run demo (a fifth of the memory).
    private let runPageIDs: [Int64]
    private let runPageWorkflows: [Int64]
    /// Each signature with a page (the `RunPageSelection.signaturePagesMax` most frequent): its file under `errors/`.
    private let signatureFiles: [String: String]
    /// Each signature's latest runs among the kept ones.
    let examples: SignatureExamples
    var statistics: RunStatistics { snapshot.statistics }

    private var asOf: Timestamp { snapshot.statistics.asOf }

    private struct OwnerServer: Hashable {
        var owner: Int64?
        var server: String
    }

    /// - Parameter runPages: the runs that get a page (`RunDetailReader.ids`); their details are read as the pages
    ///   are rendered.
    init(snapshot redacted: RedactedSnapshot, options: RenderOptions, previous: PreviousRender? = nil, runPages: [Int64] = []) {
        self.previous = previous
        let snapshot = redacted.snapshot
        self.snapshot = snapshot
        self.options = options
        users = Dictionary(snapshot.users.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        workflowLinks = Dictionary(snapshot.workflows.map {
            ($0.id, WorkflowLink(id: $0.id, name: $0.name.isEmpty ? "Workflow \($0.id)" : $0.name, file: "\($0.id)-\(Formatting.slug($0.name, fallback: "workflow"))", exists: true))
        }, uniquingKeysWith: { first, _ in first })
        let byOwnerServer = Dictionary(snapshot.integrations.map { (OwnerServer(owner: $0.ownerID, server: $0.serverName), $0) },
                                       uniquingKeysWith: { first, _ in first })
        integrationsByOwnerAndServer = byOwnerServer
        var using: [Int64: [Workflow]] = [:]
        for workflow in snapshot.workflows {
            for server in workflow.definition.referencedServers {
                if let integration = byOwnerServer[OwnerServer(owner: workflow.ownerID, server: server)] {
                    using[integration.id, default: []].append(workflow)
                }
            }
        }
        usersOfIntegration = using
        schemaMap = SchemaMap(snapshot.schema)
        tableRows = Dictionary(snapshot.tableCounts.map { ($0.table, $0.rows) }, uniquingKeysWith: { first, _ in first })
        let insights = Insights(snapshot, gates: options.gates)
        self.insights = insights
        var places: [(run: Int64, workflow: Int64)] = []
        if !runPages.isEmpty {
            let selected = Set(runPages)
            for (workflowID, runs) in snapshot.statistics.perWorkflow {
                for run in runs.latestRuns where selected.contains(run.id) { places.append((run.id, workflowID)) }
            }
        }
        // A run kept by two workflows cannot happen (a run has one workflow id); the smaller id wins anyway.
        places.sort { ($0.run, $0.workflow) < ($1.run, $1.workflow) }
        var ids: [Int64] = [], workflows: [Int64] = []
        ids.reserveCapacity(places.count)
        workflows.reserveCapacity(places.count)
        for place in places where ids.last != place.run {
            ids.append(place.run)
            workflows.append(place.workflow)
        }
        runPageIDs = ids
        runPageWorkflows = workflows
        var files: [String: String] = [:]
        for tally in insights.signatures.prefix(RunPageSelection.signaturePagesMax) {
            files[tally.signature] = Self.signatureFile(tally.signature)
        }
        signatureFiles = files
        examples = SignatureExamples(snapshot.statistics, signature: insights.signature(of:))
    }

    /// `deploy-timed-out-after-duration-3f9a0c12`: readable, and the same from one render to the next (a hash of
    /// the signature, not its rank, which moves every night).
    static func signatureFile(_ signature: String) -> String {
        let hash = String(PageFingerprints.hash(signature), radix: 16)
        let padded = String(repeating: "0", count: max(0, 16 - hash.count)) + hash
        return Formatting.slug(String(signature.prefix(48)), fallback: "error") + "-" + padded.prefix(10)
    }

    /// The page of a signature, when it has one.
    func signatureFile(of signature: String) -> String? { signatureFiles[signature] }

    func hasRunPage(_ id: Int64) -> Bool { runPageWorkflow(id) != nil }

    /// The workflow of a run with a page; nil when it has none.
    private func runPageWorkflow(_ id: Int64) -> Int64? {
        var low = 0, high = runPageIDs.count
        while low < high {
            let middle = (low + high) / 2
            if runPageIDs[middle] < id { low = middle + 1 } else { high = middle }
        }
        return low < runPageIDs.count && runPageIDs[low] == id ? runPageWorkflows[low] : nil
    }

    /// `runs/<file>.html#run-<id>`, without the extension and anchor: the file of the run's workflow's runs page.
    func runFile(_ id: Int64) -> String? { runPageWorkflow(id).map(workflowFile) }

    var asOfTime: Timestamp { snapshot.statistics.asOf }

    /// A message's signature, from the table made once when the message is a tracked one.
    func signature(of message: String) -> String { insights.signature(of: message) }

    /// A workflow page's file name, without folder or extension.
    func workflowFile(_ id: Int64) -> String { workflowLinks[id]?.file ?? "\(id)-workflow" }

    /// Outcome changes between consecutive runs that succeeded or failed, over the last 50.
    func flipFigure(_ reliability: Reliability) -> Figure {
        let value = reliability.flipRate.map { Formatting.percent($0) } ?? "—"
        let flaky = reliability.isFlaky(threshold: options.flakyFlipRate)
        return Figure(label: "Flip rate", value: value, note: flaky ? "flaky: outcome changes often" : "last \(Reliability.flipWindow) runs that succeeded or failed")
    }

    static func stateName(_ state: Punctuality.State) -> String {
        switch state {
        case .onTime: return "on time"
        case .late: return "late"
        case .quiet: return "quiet"
        case .unreadableSchedule: return "unreadable schedule"
        }
    }

    func punctualityRow(_ workflow: Workflow) -> WorkflowPage.PunctualityRow? {
        guard let punctuality = punctuality[workflow.id] else { return nil }
        // A schedule reads in its own zone (the cron's), the instant stays UTC in `datetime`.
        let zone = workflow.definition.trigger?.type.lowercased() == "schedule" ? workflow.definition.trigger?.details.first { $0.key == "timezone" }?.value.stringValue : nil
        return .init(state: Self.stateName(punctuality.state), stateClass: punctuality.needsAttention ? "fail" : "ok", reason: Phrase(punctuality.explanation),
                     expectedPrevious: punctuality.expectedPrevious.map { Stamp($0, zone: zone) }, expectedNext: punctuality.expectedNext.map { Stamp($0, zone: zone) })
    }

    /// The integration a workflow's owner configured under this server name, if any.
    func configuredIntegration(_ server: String, of workflow: Workflow) -> Integration? {
        integrationsByOwnerAndServer[OwnerServer(owner: workflow.ownerID, server: server)]
    }

    /// The workflows whose trigger or actions name this integration's server, under its owner.
    func workflows(using integration: Integration) -> [Workflow] {
        usersOfIntegration[integration.id] ?? []
    }

    /// Every page, in a fixed order: top-level pages, then workflows by id, errors, runs, servers and tables.
    func pages() -> [Page] {
        var pages = [
            Page(path: "index", title: "Dashboard", makeModel: { dashboard(root: "") }),
            Page(path: "attention", title: "Needs attention", makeModel: { attentionPage(root: "") }),
            Page(path: "workflows/index", title: "Workflows", makeModel: { workflowsIndex(root: "../") }),
            Page(path: "integrations/index", title: "Integrations", makeModel: { integrationsIndex(root: "../") }),
            Page(path: "schema", title: "Schema", makeModel: { schemaPage(root: "") }),
            Page(path: "quality", title: "Data quality", makeModel: { qualityPage(root: "") }),
        ]
        for workflow in snapshot.workflows {
            let link = workflowLinks[workflow.id]!
            pages.append(Page(path: "workflows/\(link.file)", title: link.name, makeModel: { workflowPage(workflow, root: "../") }))
        }
        pages.append(Page(path: "errors/index", title: "Errors", makeModel: { signaturesIndex(root: "../") }))
        for tally in signatures.prefix(RunPageSelection.signaturePagesMax) {
            let file = signatureFiles[tally.signature]!
            pages.append(Page(path: "errors/\(file)", title: Formatting.excerpt(tally.signature, limit: 80), makeModel: { signaturePage(tally, root: "../") }))
        }
        for workflowID in Set(runPageWorkflows).sorted() {
            let link = workflowLink(workflowID)
            let runIDs = statistics.workflow(workflowID).latestRuns.map(\.id).filter(hasRunPage)
            pages.append(Page(path: "runs/\(link.file)", title: "Runs of \(link.name)", runIDs: runIDs,
                              makeModel: { details in runPage(workflowID: workflowID, details: details, root: "../") }))
        }
        for server in serverNames {
            pages.append(Page(path: "servers/\(Self.serverFile(server))", title: server, makeModel: { serverPage(server, root: "../") }))
        }
        for table in schemaMap.tables + schemaMap.bookkeeping {
            guard let path = schemaMap.pages[table.name] else { continue }
            pages.append(Page(path: path, title: table.name, makeModel: { tablePage(table, root: "../") }))
        }
        return pages
    }

    // MARK: Links and shared rows

    func workflowLink(_ id: Int64) -> WorkflowLink {
        workflowLinks[id] ?? WorkflowLink(id: id, name: "workflow #\(id) (not in the database)", file: "", exists: false)
    }

    func integrationLink(_ integration: Integration) -> IntegrationLink {
        IntegrationLink(id: integration.id, serverName: integration.serverName, file: Self.serverFile(integration.serverName))
    }

    func ownerName(_ id: Int64?) -> String {
        guard let id else { return "—" }
        return users[id]?.username ?? "user #\(id) (missing)"
    }

    static func statusClass(_ status: RunStatus?) -> String {
        switch status?.outcome {
        case .success?: return "ok"
        case .failure?: return "fail"
        case .inProgress?: return "busy"
        case .other?: return "other"
        case nil: return "none"
        }
    }

    func runRow(_ run: RunSummary, workflowID: Int64? = nil) -> RunRow {
        RunRow(
            id: run.id, at: Stamp(run.triggeredAt), status: run.status.name.isEmpty ? "(empty)" : run.status.name,
            statusClass: Self.statusClass(run.status), error: run.errorMessage.map { Formatting.excerpt($0, limit: 300) },
            workflow: workflowID.map(workflowLink), runFile: runFile(run.id),
            signatureFile: run.errorMessage.flatMap { signatureFiles[signature(of: $0)] }
        )
    }

    func errorRow(_ tally: SignatureTally) -> ErrorRow {
        let shown = 8
        var seen: Seen?
        if let first = tally.firstSeen, let last = tally.lastSeen {
            seen = Seen(first: Stamp(first), last: first == last ? nil : Stamp(last), messages: tally.messages > 1 ? "\(tally.messages) distinct messages" : nil)
        }
        return ErrorRow(
            message: Formatting.excerpt(tally.signature, limit: 300), count: Formatting.count(tally.count),
            workflows: tally.workflowIDs.prefix(shown).map(workflowLink),
            moreWorkflows: tally.workflowIDs.count > shown ? tally.workflowIDs.count - shown : nil, seen: seen,
            change: previous.map { $0.signatures.contains(tally.signature) ? nil : "new" } ?? nil,
            file: signatureFiles[tally.signature]
        )
    }

    // MARK: Dashboard

    /// Every workflow failing now, longest streak first.
    func failingRows() -> [DashboardPage.FailingRow] {
        snapshot.workflows.filter { statistics.workflow($0.id).isFailingNow }
            .sorted { (statistics.workflow($1.id).failureStreak, $0.id) < (statistics.workflow($0.id).failureStreak, $1.id) }
            .map { workflow -> DashboardPage.FailingRow in
                let runs = statistics.workflow(workflow.id)
                let lastFailure = runs.latestRuns.first { $0.status.outcome == .failure }
                return .init(workflow: workflowLink(workflow.id), change: previous.map { $0.failing.contains(workflow.id) ? "recurring" : "new" }, streak: runs.failureStreak, lastError: lastFailure?.errorMessage.map { Formatting.excerpt($0) },
                             since: Stamp(lastFailure?.triggeredAt ?? .missing))
            }
    }

    /// Every late, quiet and unreadable-schedule workflow, by id.
    func lateRows() -> [DashboardPage.LateRow] {
        snapshot.workflows.compactMap { workflow -> DashboardPage.LateRow? in
            guard let punctuality = punctuality[workflow.id], punctuality.needsAttention else { return nil }
            return DashboardPage.LateRow(workflow: workflowLink(workflow.id), owner: ownerName(workflow.ownerID), state: Self.stateName(punctuality.state),
                                         reason: Phrase(punctuality.explanation), lastRun: Stamp(statistics.workflow(workflow.id).lastRun?.triggeredAt ?? .missing, none: "never"))
        }
    }

    func attentionPage(root: String) -> AttentionPage {
        AttentionPage(root: root, failingNow: failingRows(), lateWorkflows: lateRows(),
                      stuckRuns: statistics.stuckRuns.map { runRow($0.run, workflowID: $0.workflowID) },
                      stuckRunsHidden: statistics.stuckRunTotal > statistics.stuckRuns.count ? statistics.stuckRunTotal - statistics.stuckRuns.count : nil)
    }

    /// New failures, recoveries, newly late workflows and new signatures against the last render's `stats.json`.
    func sinceLastRender() -> SinceLastRender? {
        guard let previous else { return nil }
        let listed = 20
        func group(_ title: String, _ countClass: String, workflows ids: [Int64]) -> SinceLastRender.Group {
            .init(title: title, count: Formatting.count(ids.count), countClass: ids.isEmpty ? "other" : countClass,
                  workflows: ids.prefix(listed).map(workflowLink), signatures: [], more: ids.count > listed ? ids.count - listed : nil)
        }
        let ids = snapshot.workflows.map(\.id)
        let failing = ids.filter { statistics.workflow($0).isFailingNow }
        let late = ids.filter { punctuality[$0]?.needsAttention == true }
        let newSignatures = signatures.filter { !previous.signatures.contains($0.signature) }
        let linked = newSignatures.compactMap { tally in signatureFile(of: tally.signature).map { SignatureLink(file: $0, text: Formatting.excerpt(tally.signature, limit: 160)) } }
        return SinceLastRender(
            previousAsOf: previous.asOf.flatMap { Timestamp(text: $0) }.map { Stamp($0) },
            groups: [
                group("New failures", "fail", workflows: failing.filter { !previous.failing.contains($0) }),
                group("Recovered", "ok", workflows: previous.failing.sorted().filter { id in workflowLinks[id] != nil && !statistics.workflow(id).isFailingNow }),
                group("Newly late or quiet", "fail", workflows: late.filter { !previous.late.contains($0) }),
                .init(title: "New error signatures", count: Formatting.count(newSignatures.count), countClass: newSignatures.isEmpty ? "other" : "fail",
                      workflows: [], signatures: Array(linked.prefix(listed)), more: newSignatures.count > min(listed, linked.count) ? newSignatures.count - min(listed, linked.count) : nil),
            ]
        )
    }

    func dashboard(root: String) -> DashboardPage {
        let failing = failingRows()
        let allLate = lateRows()
        let shown = DashboardPage.listShown
        let firstDay90 = asOf.dayNumber - Int64(statistics.daily90.count) + 1
        return DashboardPage(
            root: root,
            totals: [
                Figure(label: "Users", value: Formatting.count(snapshot.users.count)),
                Figure(label: "Workflows", value: Formatting.count(snapshot.workflows.count)),
                Figure(label: "Integrations", value: Formatting.count(snapshot.integrations.count)),
                Figure(label: "Runs", value: Formatting.count(statistics.totalRuns)),
            ],
            windows: TimeWindow.allCases.map { window in
                let counts = statistics.windows[window] ?? OutcomeCounts()
                return .init(title: window.title, runs: Formatting.count(counts.total), succeeded: Formatting.count(counts.success),
                             failed: Formatting.count(counts.failure), successRate: Formatting.percent(counts.successRate))
            },
            dailyChart: SVGCharts.dailyBars(statistics.daily90, firstDay: firstDay90, label: "Runs per day, last 90 days, by outcome"),
            dailyChartMermaid: MermaidCharts.dailyRuns(statistics.daily90, firstDay: firstDay90),
            heatmap: SVGCharts.heatmap(statistics.dailyYear, lastDay: asOf.dayNumber),
            sinceLast: sinceLastRender(),
            failingNow: Array(failing.prefix(shown)),
            failingHidden: failing.count > shown ? failing.count - shown : nil,
            stuckRuns: statistics.stuckRuns.prefix(shown).map { runRow($0.run, workflowID: $0.workflowID) },
            stuckRunsHidden: statistics.stuckRunTotal > min(shown, statistics.stuckRuns.count) ? statistics.stuckRunTotal - min(shown, statistics.stuckRuns.count) : nil,
            lateWorkflows: Array(allLate.prefix(shown)),
            lateHidden: allLate.count > shown ? allLate.count - shown : nil,
            topErrors: signatures.prefix(15).map(errorRow),
            untrackedErrorRuns: statistics.untrackedErrorRuns > 0 ? Formatting.count(statistics.untrackedErrorRuns) : nil,
            findingCount: snapshot.findings.isEmpty ? nil : snapshot.findings.count
        )
    }

    // MARK: Workflows

    func workflowsIndex(root: String) -> WorkflowsPage {
        let rows: [WorkflowsPage.Row] = snapshot.workflows.map { workflow in
            let runs = statistics.workflow(workflow.id)
            let definition = workflow.definition
            let last = runs.lastRun
            return .init(
                link: workflowLink(workflow.id), owner: ownerName(workflow.ownerID),
                trigger: definition.trigger?.type ?? "—", actionCount: definition.actions.count,
                runs: Formatting.count(runs.allTime.total), runsValue: runs.allTime.total,
                successRate30d: Formatting.percent(runs.last30Days.successRate), successRate30dValue: Self.perMille(runs.last30Days.successRate),
                successRateAll: Formatting.percent(runs.allTime.successRate), successRateAllValue: Self.perMille(runs.allTime.successRate),
                lastRunAt: Stamp(last?.triggeredAt ?? .missing, none: "never"),
                lastRunSortKey: last?.triggeredAt.timestamp.map { String($0.microseconds) } ?? "0",
                lastRunStatus: last?.status.name, lastRunStatusClass: Self.statusClass(last?.status),
                sparkline: SVGCharts.sparkline(runs.dailyLast30),
                draft: definition.isDraft,
                strip: runStrip(runs.latestRuns.prefix(20).reversed()),
                outcome: last.map { Self.outcomeName($0.status.outcome) } ?? "never run",
                integrationsJSON: JSONWriter.compact.write(.array(definition.referencedServers.map(JSONValue.string)))
            )
        }
        func distinct(_ values: [String]) -> [String] { Array(Set(values)).sorted { $0.localizedStandardCompare($1) == .orderedAscending } }
        return WorkflowsPage(
            root: root, rows: rows, owners: distinct(rows.map(\.owner)), triggers: distinct(rows.map(\.trigger)),
            outcomes: distinct(rows.map(\.outcome)), integrations: distinct(snapshot.workflows.flatMap { $0.definition.referencedServers })
        )
    }

    /// `o12 f157 …`: see `WorkflowsPage.Row.strip`. Minutes keep it short: 10,000 rows of 20 runs in about 1 MB.
    func runStrip(_ runs: some Sequence<RunSummary>) -> String {
        runs.map { run in
            let letter = switch run.status.outcome {
            case .success: "o"
            case .failure: "f"
            case .inProgress: "b"
            case .other: "x"
            }
            guard let time = run.triggeredAt.timestamp else { return letter + "?" }
            return letter + String((asOf.microseconds - time.microseconds) / 60_000_000)
        }.joined(separator: " ")
    }

    static func outcomeName(_ outcome: RunOutcome) -> String {
        switch outcome {
        case .success: return "succeeded"
        case .failure: return "failed"
        case .inProgress: return "in progress"
        case .other: return "other"
        }
    }

    /// What a draft lacks, said as the app would act on it.
    static func draftReason(_ definition: WorkflowDefinition) -> String? {
        guard definition.isDraft else { return nil }
        switch (definition.trigger == nil, definition.actions.isEmpty) {
        case (true, true): return "Draft: no trigger and no actions yet, so the app will not run it."
        case (true, _): return "Draft: no trigger yet, so the app will not run it."
        default: return "Draft: no actions yet, so a run does nothing."
        }
    }

    static func perMille(_ rate: Double?) -> Int { rate.map { Int(($0 * 1000).rounded()) } ?? -1 }

    func workflowPage(_ workflow: Workflow, root: String) -> WorkflowPage {
        let definition = workflow.definition
        let runs = statistics.workflow(workflow.id)
        let reliability = Reliability(runs, asOf: asOf)
        let owner = workflow.ownerID.flatMap { users[$0] }
        let configured = definition.referencedServers.map { server in (server, configuredIntegration(server, of: workflow)) }
        let description = Formatting.shownDescription(workflow.naturalLanguageDescription)
        var problem: String?
        switch workflow.structuredDefinition {
        case .malformed(let raw): problem = "The stored definition is not valid JSON; shown as stored: \(Formatting.excerpt(raw, limit: 400))"
        case .missing: problem = "The workflow has no stored definition."
        case .value(let value) where !value.isObject: problem = "The stored definition is not a JSON object."
        case .value: break
        }
        return WorkflowPage(
            root: root, id: workflow.id, name: workflowLink(workflow.id).name, owner: ownerName(workflow.ownerID),
            ownerEmail: options.showEmails ? owner?.email : nil,
            summary: workflow.description.flatMap { $0.isEmpty ? nil : Formatting.excerpt($0, limit: 2_000) },
            draft: Self.draftReason(definition),
            descriptionHTML: MarkdownHTML.render(description.text),
            descriptionMarkdown: MarkdownHTML.inertMarkdown(description.text.trimmedWhitespace),
            descriptionNote: description.note,
            flowchart: WorkflowFlowchart(definition: definition).source,
            trigger: definition.trigger?.type ?? "none",
            triggerDetails: (definition.trigger?.details ?? []).map { KeyValue(key: $0.key, value: $0.value.displayText) },
            conditions: definition.conditions.map { .init(field: $0.field, op: $0.op, value: $0.value.map(\.displayText) ?? "", expression: $0.expression) },
            actions: definition.actions.enumerated().map { index, action in
                .init(position: index + 1, stepID: action.id, tool: action.tool ?? "—", integration: action.integration ?? "—",
                      integrationLink: action.integration.flatMap { configuredIntegration($0, of: workflow) }.map(integrationLink),
                      arguments: action.arguments.map { JSONWriter.compact.write($0) } ?? "")
            },
            definitionJSON: workflow.structuredDefinition.value.map { JSONWriter.pretty.write($0) } ?? "",
            definitionProblem: problem,
            figures: [
                Figure(label: "Runs", value: Formatting.count(runs.allTime.total)),
                Figure(label: "Success, 30 days", value: Formatting.percent(runs.last30Days.successRate), note: "of \(Formatting.count(runs.last30Days.decided)) that succeeded or failed"),
                Figure(label: "Success, all time", value: Formatting.percent(runs.allTime.successRate)),
                Figure(label: "Failure streak", value: String(runs.failureStreak)),
                Figure(label: "Stuck runs", value: String(runs.stuckRuns), note: "running > 24 h"),
                flipFigure(reliability),
                Figure(label: "Time to recover", value: reliability.meanRecoverySeconds.map(Punctuality.duration) ?? "—",
                       note: reliability.maxRecoverySeconds.map { "mean of \(reliability.recoveries), longest \(Punctuality.duration($0)), 90 days" }),
            ],
            statusCounts: runs.byStatus.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.map { KeyValue(key: $0.key.isEmpty ? "(empty)" : $0.key, value: Formatting.count($0.value)) },
            latestRuns: runs.latestRuns.map { runRow($0) },
            topErrors: SignatureTally.group(runs.topErrors, signature: signature(of:)).prefix(10).map(errorRow),
            integrations: configured.compactMap { $0.1 }.map(integrationLink),
            missingServers: configured.filter { $0.1 == nil }.map(\.0),
            createdAt: Stamp(workflow.createdAt),
            updatedAt: Stamp(workflow.updatedAt),
            punctuality: punctualityRow(workflow)
        )
    }

    // MARK: Integrations

    func integrationsIndex(root: String) -> IntegrationsPage {
        var missing: [IntegrationsPage.MissingRow] = []
        var missingIndex: [OwnerServer: Int] = [:]
        for workflow in snapshot.workflows {
            for server in workflow.definition.referencedServers where configuredIntegration(server, of: workflow) == nil {
                let key = OwnerServer(owner: workflow.ownerID, server: server)
                if let index = missingIndex[key] {
                    missing[index].workflows.append(workflowLink(workflow.id))
                } else {
                    missingIndex[key] = missing.count
                    missing.append(.init(serverName: server, owner: ownerName(workflow.ownerID), workflows: [workflowLink(workflow.id)]))
                }
            }
        }
        return IntegrationsPage(
            root: root,
            rows: snapshot.integrations.map { integration in
                let using = workflows(using: integration)
                return .init(link: integrationLink(integration), owner: ownerName(integration.ownerID), usedBy: using.count,
                             successRate30d: Formatting.percent(combined30Days(using).successRate),
                             failingWorkflows: using.filter { statistics.workflow($0.id).isFailingNow }.count)
            },
            servers: serverRows(),
            unused: snapshot.integrations.filter { workflows(using: $0).isEmpty }.map(integrationLink),
            missing: missing.sorted { ($0.serverName, $0.owner) < ($1.serverName, $1.owner) }
        )
    }

    private func combined30Days(_ workflows: [Workflow]) -> OutcomeCounts {
        var total = OutcomeCounts()
        for workflow in workflows {
            let counts = statistics.workflow(workflow.id).last30Days
            for outcome in RunOutcome.allCases { total[outcome] += counts[outcome] }
        }
        return total
    }

    /// The server across every owner's workflows.
    func health(_ server: String) -> ServerPage.Health? {
        guard let health = servers.first(where: { $0.server == server }) else { return nil }
        return .init(
            unreliable: health.isUnreliable(threshold: options.unreliableFailureRate) ? "Unreliable: \(Formatting.percent(health.failureRate30Days)) of \(Formatting.count(health.runs30Days)) runs failed on this server in 30 days." : nil,
            workflows: Formatting.count(health.workflowIDs.count), runs30d: Formatting.count(health.runs30Days),
            failureRate30d: Formatting.percent(health.failureRate30Days), unattributed30d: Formatting.count(health.unattributedFailures30Days),
            lastSuccess: Stamp(health.lastSuccess, none: "none"),
            signatures: health.signatures
        )
    }

    // MARK: Schema and data quality

    func schemaPage(root: String) -> SchemaPage {
        SchemaPage(
            root: root, diagram: schemaMap.fullDiagram,
            largeNote: schemaMap.isLarge
                ? "\(schemaMap.tables.count) tables are too many for one readable diagram: each table has a page with the tables one foreign key away."
                : nil,
            tables: schemaMap.tables.enumerated().map { schemaTable($1, position: $0) },
            bookkeeping: schemaMap.bookkeeping.enumerated().map { schemaTable($1, position: schemaMap.tables.count + $0) }
        )
    }

    func tablePage(_ table: DatabaseSchema.Table, root: String) -> TablePage {
        func link(_ name: String) -> TablePage.Link {
            .init(name: name, page: schemaMap.page(ofTableNamed: name))
        }
        let row = schemaTable(table, position: 0)
        return TablePage(
            root: root, name: table.name, rows: row.rows, diagram: schemaMap.neighbourhoodDiagram(of: table),
            isBookkeeping: SchemaMap.isBookkeeping(table.name), columns: row.columns,
            references: table.foreignKeys.map { key in
                .init(columns: key.columns.joined(separator: ", "), table: link(key.referencedTable), referencedColumns: key.referencedColumns.joined(separator: ", "))
            },
            referencedBy: schemaMap.referrers(of: table).flatMap { other in
                other.foreignKeys.filter { $0.referencedTable.lowercased() == table.name.lowercased() }.map { key in
                    .init(columns: key.columns.joined(separator: ", "), table: link(other.name), referencedColumns: key.referencedColumns.joined(separator: ", "))
                }
            }
        )
    }

    private func schemaTable(_ table: DatabaseSchema.Table, position: Int) -> SchemaPage.Table {
        let foreignColumns = Set(table.foreignKeys.flatMap(\.columns))
        let unique = Set(table.uniqueKeys.filter { $0.count == 1 }.flatMap { $0 })
        return .init(
            name: table.name, anchor: "table-\(position + 1)-\(Formatting.slug(table.name, fallback: "table"))",
            rows: tableRows[table.name].map(Formatting.count) ?? "—",
            page: schemaMap.pages[table.name],
            columnCount: String(table.columns.count),
            columns: table.columns.map { column in
                let keys = [table.primaryKey.contains(column.name) ? "PK" : nil, foreignColumns.contains(column.name) ? "FK" : nil, unique.contains(column.name) ? "UK" : nil]
                return .init(name: column.name, type: column.declaredType.isEmpty ? "—" : column.declaredType, notNull: column.isNotNull, keys: keys.compactMap { $0 }.joined(separator: ", "))
            },
            foreignKeys: table.foreignKeys.map { "\($0.columns.joined(separator: ", ")) → \($0.referencedTable)(\($0.referencedColumns.joined(separator: ", ")))" }
        )
    }


    func qualityPage(root: String) -> QualityPage {
        QualityPage(root: root, findings: snapshot.findings.map {
            .init(table: $0.table, column: $0.column, kind: $0.kind.rawValue, count: Formatting.count($0.count),
                  rowIDs: $0.exampleRowIDs.map(String.init).joined(separator: ", "), example: Formatting.excerpt($0.example, limit: 120))
        })
    }
}
