/// View models: one struct per page kind, holding display-ready text. Templates only place these values;
/// every decision (what to show, in which order, how to format) is made in `SiteBuilder`.
/// Every page model has `root`, the relative path from the page to the site root (`""` or `"../"`), so links
/// work from `file://`, a subfolder or any host.

/// A link to a workflow page; `exists` is false for ids that only orphan runs name.
struct WorkflowLink: Sendable {
    var id: Int64
    var name: String
    /// File name without extension, under `workflows/`.
    var file: String
    var exists: Bool
}

/// A link to an integration page.
struct IntegrationLink: Sendable {
    var id: Int64
    var serverName: String
    /// File name without extension, under `integrations/`.
    var file: String
}

/// A big number with its label.
struct Figure: Sendable {
    var label: String
    var value: String
    var note: String?
}

/// One row of a run table.
struct RunRow: Sendable {
    var id: Int64
    var at: String
    var status: String
    /// `ok`, `fail`, `busy` or `other`: the pill colour.
    var statusClass: String
    var error: String?
    var workflow: WorkflowLink?
}

/// A recurring error message.
struct ErrorRow: Sendable {
    var message: String
    var count: String
    var workflows: [WorkflowLink]
    var moreWorkflows: Int?
    /// When it was first and last seen, and how many raw messages the signature groups.
    var seen: String?
    /// `new` (absent from the last render) or nil.
    var change: String?
}

struct DashboardPage: Sendable {
    static let lateShown = 50
    var root: String
    var totals: [Figure]
    var windows: [WindowRow]
    var dailyChart: String
    /// Mermaid `xychart-beta` source of runs per day, for the Markdown report.
    var dailyChartMermaid: String
    var heatmap: String
    var failingNow: [FailingRow]
    var stuckRuns: [RunRow]
    var stuckRunsHidden: Int?
    var lateWorkflows: [LateRow]
    /// Late workflows past the first `lateShown`; nil when none are hidden.
    var lateHidden: Int?
    var topErrors: [ErrorRow]
    var untrackedErrorRuns: String?
    /// nil when there are none, so the notice is hidden.
    var findingCount: Int?

    struct WindowRow: Sendable {
        var title: String
        var runs: String
        var succeeded: String
        var failed: String
        var successRate: String
    }

    struct FailingRow: Sendable {
        var workflow: WorkflowLink
        /// `new` (not failing at the last render) or `recurring`; nil without a previous render.
        var change: String?
        var streak: Int
        var lastError: String?
        var since: String
    }

    struct LateRow: Sendable {
        var workflow: WorkflowLink
        var owner: String
        /// `late`, `quiet` or `unreadable schedule`.
        var state: String
        var reason: String
        var lastRun: String
    }
}

struct WorkflowsPage: Sendable {
    var root: String
    var rows: [Row]
    /// The values each filter offers, sorted: owners, trigger types, last-run outcomes, integration servers.
    var owners: [String]
    var triggers: [String]
    var outcomes: [String]
    var integrations: [String]

    struct Row: Sendable {
        var link: WorkflowLink
        var owner: String
        var trigger: String
        var actionCount: Int
        var runs: String
        var runsValue: Int
        var successRate30d: String
        /// Sort key: the rate in per-mille, -1 when there is none.
        var successRate30dValue: Int
        var successRateAll: String
        var successRateAllValue: Int
        var lastRunAt: String
        var lastRunSortKey: String
        var lastRunStatus: String?
        var lastRunStatusClass: String
        var sparkline: String
        /// No trigger or no actions yet: the app will not run it.
        var draft: Bool
        /// The last 20 runs, oldest first, for the strip site.js draws: `<outcome letter><minutes before as-of>`
        /// each (`o` succeeded, `f` failed, `b` in progress, `x` other; `?` for an unreadable time), space-separated.
        var strip: String
        /// The outcome of the last run, as the status filter names it.
        var outcome: String
        /// The servers its trigger and actions use, as a JSON array, for the integration filter.
        var integrationsJSON: String
    }
}

struct WorkflowPage: Sendable {
    var root: String
    var id: Int64
    var name: String
    var owner: String
    var ownerEmail: String?
    var summary: String?
    /// Why the workflow is a draft (no trigger, no actions), when it is one.
    var draft: String?
    /// The natural-language description, rendered by cmark-gfm (safe: no raw HTML).
    var descriptionHTML: String
    /// The same description as stored, for the Markdown report.
    var descriptionMarkdown: String
    /// Said when a very long description is shown only in part.
    var descriptionNote: String?
    var flowchart: String
    var trigger: String
    var triggerDetails: [KeyValue]
    var conditions: [ConditionRow]
    var actions: [ActionRow]
    var definitionJSON: String
    var definitionProblem: String?
    var figures: [Figure]
    var statusCounts: [KeyValue]
    var latestRuns: [RunRow]
    var topErrors: [ErrorRow]
    var integrations: [IntegrationLink]
    var missingServers: [String]
    var createdAt: String
    var updatedAt: String
    /// Whether it runs as often as its trigger says; nil for manual and draft workflows.
    var punctuality: PunctualityRow?

    struct PunctualityRow: Sendable {
        var state: String
        /// The pill colour: `ok` or `fail`.
        var stateClass: String
        var reason: String
        var expectedPrevious: String?
        var expectedNext: String?
    }

    struct ConditionRow: Sendable {
        var field: String
        var op: String
        var value: String
        /// An expression condition (`if: …`), shown as written instead of field, op and value.
        var expression: String?
    }

    struct ActionRow: Sendable {
        var position: Int
        var stepID: String?
        var tool: String
        var integration: String
        var integrationLink: IntegrationLink?
        var arguments: String
    }
}

struct KeyValue: Sendable {
    var key: String
    var value: String
}

struct IntegrationsPage: Sendable {
    var root: String
    var rows: [Row]
    var unused: [IntegrationLink]
    var missing: [MissingRow]

    struct Row: Sendable {
        var link: IntegrationLink
        var owner: String
        var usedBy: Int
        var successRate30d: String
        var failingWorkflows: Int
    }

    struct MissingRow: Sendable {
        var serverName: String
        var owner: String
        var workflows: [WorkflowLink]
    }
}

struct IntegrationPage: Sendable {
    var root: String
    var serverName: String
    var owner: String
    var createdAt: String
    var configJSON: String
    var configProblem: String?
    var usedBy: [UsingWorkflow]
    var figures: [Figure]
    var health: Health?

    /// The MCP server by name, across every workflow that uses it.
    struct Health: Sendable {
        var unreliable: String?
        var workflows: String
        var runs30d: String
        var failureRate30d: String
        /// Failures of its workflows in 30 days whose error names none of their servers (blamed on none).
        var unattributed30d: String
        var lastSuccess: String
        var signatures: [String]
    }

    struct UsingWorkflow: Sendable {
        var link: WorkflowLink
        var successRate30d: String
        var lastRunStatus: String?
        var lastRunStatusClass: String
        var failureStreak: Int
    }
}

struct SchemaPage: Sendable {
    var root: String
    /// The whole schema in one diagram; nil for a large schema, whose tables have pages of their own.
    var diagram: String?
    var largeNote: String?
    var tables: [Table]
    /// Tables the app's tools keep for themselves (migrations, SQLite's counters), apart from the app's own.
    var bookkeeping: [Table]

    struct Table: Sendable {
        var name: String
        var anchor: String
        var rows: String
        /// The table's own page (`schema/3-orders`, without extension), for a large schema.
        var page: String?
        var columnCount: String
        var columns: [Column]
        var foreignKeys: [String]
    }

    struct Column: Sendable {
        var name: String
        var type: String
        var notNull: Bool
        var keys: String
    }
}

/// One table of a large schema: its columns, and its neighbourhood drawn and listed both ways.
struct TablePage: Sendable {
    var root: String
    var name: String
    var rows: String
    /// The table with its columns and the tables one foreign key away; nil when even that is too large to draw.
    var diagram: String?
    var isBookkeeping: Bool
    var columns: [SchemaPage.Column]
    var references: [Reference]
    var referencedBy: [Reference]

    struct Reference: Sendable {
        var columns: String
        var table: Link
        var referencedColumns: String
    }

    struct Link: Sendable {
        var name: String
        /// nil when the foreign key names a table the schema does not have.
        var page: String?
    }
}

struct QualityPage: Sendable {
    var root: String
    var findings: [Row]

    struct Row: Sendable {
        var table: String
        var column: String
        var kind: String
        var count: String
        var rowIDs: String
        var example: String
    }
}
