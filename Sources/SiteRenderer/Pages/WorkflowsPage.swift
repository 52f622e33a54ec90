/// `workflows/index`: every workflow in a sortable, filterable table.
struct WorkflowsPage: PageModel {
    static let kind = PageKind.workflows
    /// The relative path to the site root: `"../"`.
    var root: String
    /// One row per workflow, by id.
    var rows: [Row]
    /// Owners; with the three below, the values each filter offers, sorted.
    var owners: [String]
    /// Trigger types.
    var triggers: [String]
    /// Last-run outcomes (`succeeded`, `never run`, …).
    var outcomes: [String]
    /// Servers any workflow uses.
    var integrations: [String]

    /// One workflow. Each shown value has a `…Value` or `…SortKey` twin that the table sorts by.
    struct Row: Sendable, TemplateConvertible {
        /// The workflow's page.
        var link: WorkflowLink
        /// The owner's user name.
        var owner: String
        /// The trigger's type, `—` when it has none.
        var trigger: String
        /// How many actions (steps) its definition has.
        var actionCount: Int
        /// Runs of all time, formatted; `runsValue` unformatted.
        var runs: String
        /// Runs of all time, for sorting.
        var runsValue: Int
        /// Success rate over 30 days, formatted.
        var successRate30d: String
        /// Sort key: the rate in per-mille, -1 when there is none.
        var successRate30dValue: Int
        /// Success rate of all time, formatted; `successRateAllValue` in per-mille, -1 when there is none.
        var successRateAll: String
        /// Sort key: the rate in per-mille, -1 when there is none.
        var successRateAllValue: Int
        /// When it last ran, formatted, or `never`; `lastRunSortKey` in microseconds, `0` when never.
        var lastRunAt: Stamp
        /// Sort key: the last run's time in microseconds, `0` when it never ran.
        var lastRunSortKey: String
        /// The last run's status as stored; nil when it never ran.
        var lastRunStatus: String?
        /// The pill colour of the last run: `ok`, `fail`, `busy`, `other` or `none`.
        var lastRunStatusClass: String
        /// SVG of runs per day over 30 days (HTML, unescaped).
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

        var templateContext: TemplateObject {
            var context = TemplateObject([
                "link": .object(link.templateContext), "owner": .text(owner), "trigger": .text(trigger), "actionCount": .text(String(actionCount)),
                "runs": .text(runs), "runsValue": .text(String(runsValue)), "successRate30d": .text(successRate30d),
                "successRate30dValue": .text(String(successRate30dValue)), "successRateAll": .text(successRateAll),
                "successRateAllValue": .text(String(successRateAllValue)), "lastRunAt": .object(lastRunAt.templateContext), "lastRunSortKey": .text(lastRunSortKey),
                "lastRunStatusClass": .text(lastRunStatusClass), "sparkline": .text(sparkline), "draft": .flag(draft), "strip": .text(strip),
                "outcome": .text(outcome), "integrationsJSON": .text(integrationsJSON),
            ])
            if let lastRunStatus { context["lastRunStatus"] = .text(lastRunStatus) }
            return context
        }
    }

    var templateContext: TemplateObject {
        TemplateObject([
            "root": .text(root), "rows": .list(rows), "owners": .texts(owners), "triggers": .texts(triggers), "outcomes": .texts(outcomes),
            "integrations": .texts(integrations),
        ])
    }
}
