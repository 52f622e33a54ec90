import WorkflowModel
@testable import SiteRenderer

/// One model of each page kind with every field filled: every optional set and every list holding one fully filled
/// row, so a template's key that the conversion does not provide cannot hide behind a nil. A field added to a model
/// breaks this file's build until it is filled here too.
enum FullPageModels {
    static let workflowLink = WorkflowLink(id: 7, name: "Triage", file: "7-triage", exists: true)
    static let integrationLink = IntegrationLink(id: 3, serverName: "github-mcp", file: "github-mcp-0123456789")
    static let figure = Figure(label: "Runs", value: "1,234", note: "of 1,200 that succeeded or failed")
    static let runRow = RunRow(id: 41, at: stamp, status: "failed", statusClass: "fail", error: "HTTP 500", workflow: workflowLink, runFile: "7-triage", signatureFile: "http-n-0123456789")
    static let errorRow = ErrorRow(message: "HTTP 500", count: "12", workflows: [workflowLink], moreWorkflows: 2, seen: Seen(first: stamp, last: stamp, messages: "2 distinct messages"), change: "new", file: "http-n-0123456789")
    static let keyValue = KeyValue(key: "cron", value: "0 9 * * 1-5")
    static let column = SchemaPage.Column(name: "owner_id", type: "INTEGER", notNull: true, keys: "FK")

    static func model(of kind: PageKind) -> any PageModel {
        switch kind {
        case .dashboard: return dashboard
        case .workflows: return workflows
        case .workflow: return workflow
        case .run: return run
        case .attention: return attention
        case .server: return server
        case .signatures: return signatures
        case .signature: return signature
        case .integrations: return integrations
        case .schema: return schema
        case .table: return table
        case .quality: return quality
        }
    }

    static let stamp = Stamp(.time(Timestamp(microseconds: 1_795_000_000_000_000)))
    /// A time first (the key checker and the field walk look at a list's first item, whose `time` must be set), then words.
    static let reason = Phrase("\(time: Timestamp(microseconds: 1_795_000_000_000_000)) was the last run")

    static let run = RunPage(root: "../", workflow: workflowLink, runs: [.init(
        id: 41, status: "failed", statusClass: "fail", triggeredAt: stamp,
        error: "Traceback\nValueError: x", errorNote: "cut", signature: SignatureLink(file: "valueerror-0123456789", text: "ValueError: x"),
        triggerData: "{}", triggerNote: "Not valid JSON", outputData: "[]", outputNote: "cut", unreadNote: "not read", fence: "```",
        previous: .init(id: 40, page: true, status: "completed", at: stamp), next: .init(id: 42, page: false, status: "running", at: stamp)
    )])

    static let signatures = SignaturesPage(root: "../", rows: [errorRow], untrackedErrorRuns: "6")

    static let signature = SignaturePage(
        root: "../", signature: "HTTP <n>", count: "12", change: "new", firstSeen: stamp, lastSeen: stamp, count90: "10", chart: "<svg>chart</svg>",
        workflows: [workflowLink], moreWorkflows: 3, variants: [keyValue], variantCount: "4", examples: [runRow]
    )

    static let failingRow = DashboardPage.FailingRow(workflow: workflowLink, change: "new", streak: 3, lastError: "HTTP 500", since: stamp)
    static let lateRow = DashboardPage.LateRow(workflow: workflowLink, owner: "alice", state: "late", reason: reason, lastRun: stamp)

    static let sinceLast = SinceLastRender(previousAsOf: stamp, groups: [
        .init(title: "New failures", count: "1", countClass: "fail", workflows: [workflowLink], signatures: [SignatureLink(file: "x-0123456789", text: "HTTP <n>")], more: 3),
    ])

    static let health = ServerPage.Health(unreliable: "Unreliable", workflows: "2", runs30d: "40", failureRate30d: "25 %", unattributed30d: "1", lastSuccess: stamp, signatures: ["HTTP <n>"])
    static let usingWorkflow = ServerPage.UsingWorkflow(link: workflowLink, successRate30d: "90 %", lastRunStatus: "failed", lastRunStatusClass: "fail", failureStreak: 2)

    static let server = ServerPage(
        root: "../", serverName: "github-mcp", figures: [figure], health: health, usedBy: [usingWorkflow],
        configurations: [.init(link: integrationLink, owner: "alice", createdAt: stamp, configJSON: "{}", configProblem: "not JSON")]
    )

    static let attention = AttentionPage(root: "", failingNow: [failingRow], lateWorkflows: [lateRow], stuckRuns: [runRow], stuckRunsHidden: 7)

    static let dashboard = DashboardPage(
        root: "", totals: [figure],
        windows: [.init(title: "Last 24 hours", runs: "10", succeeded: "8", failed: "2", successRate: "80 %")],
        dailyChart: "<svg>daily</svg>", dailyChartMermaid: "xychart-beta", heatmap: "<svg>heatmap</svg>",
        sinceLast: sinceLast,
        failingNow: [failingRow], failingHidden: 2,
        stuckRuns: [runRow], stuckRunsHidden: 4,
        lateWorkflows: [.init(workflow: workflowLink, owner: "alice", state: "late", reason: reason, lastRun: stamp)],
        lateHidden: 5, topErrors: [errorRow], untrackedErrorRuns: "6", findingCount: 1
    )

    static let workflows = WorkflowsPage(
        root: "../",
        rows: [.init(
            link: workflowLink, owner: "alice", trigger: "schedule", actionCount: 2, runs: "1,234", runsValue: 1234, successRate30d: "97.5 %",
            successRate30dValue: 975, successRateAll: "96 %", successRateAllValue: 960, lastRunAt: stamp, lastRunSortKey: "1795000000000000",
            lastRunStatus: "completed", lastRunStatusClass: "ok", sparkline: "<svg>spark</svg>", draft: true, strip: "o12 f157", outcome: "succeeded",
            integrationsJSON: "[\"github-mcp\"]"
        )],
        owners: ["alice"], triggers: ["schedule"], outcomes: ["succeeded"], integrations: ["github-mcp"]
    )

    static let workflow = WorkflowPage(
        root: "../", id: 7, name: "Triage", owner: "alice", ownerEmail: "alice@example.com", summary: "Sorts new bugs",
        draft: "Draft: no actions yet, so a run does nothing.", descriptionHTML: "<p>Sort bugs</p>", descriptionMarkdown: "Sort bugs",
        descriptionNote: "Shown in part.", flowchart: "flowchart TD", trigger: "schedule", triggerDetails: [keyValue],
        conditions: [.init(field: "label", op: "==", value: "bug", expression: "if: label == 'bug'")],
        actions: [.init(position: 1, stepID: "step-1", tool: "create_issue", integration: "github-mcp", integrationLink: integrationLink, arguments: "{\"repo\":\"acme\"}")],
        definitionJSON: "{}", definitionProblem: "The stored definition is not a JSON object.", figures: [figure], statusCounts: [keyValue],
        latestRuns: [runRow], topErrors: [errorRow], integrations: [integrationLink], missingServers: ["slack-mcp"],
        createdAt: stamp, updatedAt: stamp,
        punctuality: .init(state: "late", stateClass: "fail", reason: reason, expectedPrevious: stamp, expectedNext: stamp)
    )

    static let integrations = IntegrationsPage(
        root: "../",
        rows: [.init(link: integrationLink, owner: "alice", usedBy: 2, successRate30d: "90 %", failingWorkflows: 1)],
        servers: [.init(serverName: "github-mcp", file: "github-mcp-0123456789", configurations: 3, workflows: 2, failureRate30d: "5 %", unreliable: true)],
        unused: [integrationLink],
        missing: [.init(serverName: "slack-mcp", owner: "bob", workflows: [workflowLink])]
    )

    static let schemaTable = SchemaPage.Table(
        name: "workflow", anchor: "table-2-workflow", rows: "12", page: "schema/2-workflow", columnCount: "1", columns: [column],
        foreignKeys: ["owner_id → user(id)"]
    )

    static let schema = SchemaPage(root: "", diagram: "erDiagram", largeNote: "Too many tables for one diagram.", tables: [schemaTable], bookkeeping: [schemaTable])

    static let table = TablePage(
        root: "../", name: "workflow", rows: "12", diagram: "erDiagram", isBookkeeping: true, columns: [column],
        references: [.init(columns: "owner_id", table: .init(name: "user", page: "schema/1-user"), referencedColumns: "id")],
        referencedBy: [.init(columns: "workflow_id", table: .init(name: "workflowrun", page: "schema/4-workflowrun"), referencedColumns: "id")]
    )

    static let quality = QualityPage(
        root: "", findings: [.init(table: "workflowrun", column: "status", kind: "unknown run status", count: "1", rowIDs: "7", example: "exploded")]
    )

    static let layout = LayoutContext(
        root: "../", pageTitle: "Triage", siteTitle: "flowsite", nav: [.init(title: "Workflows", href: "../workflows/index.html", current: true)],
        content: "<h1>Triage</h1>", asOf: "2026-11-25T00:00:00Z", sourceName: "demo.db", layout: "sqlmodel", canonical: "https://example.com/workflows/7-triage.html",
        mermaidModule: "https://cdn.example.com/mermaid.esm.min.mjs", mermaidScript: "../assets/mermaid/mermaid.min.js", contentSecurityPolicy: "default-src 'none'"
    )
}
