/// `index`: the whole database at a glance, and what needs attention now.
struct DashboardPage: PageModel {
    static let kind = PageKind.dashboard
    /// Rows each list (failing, late, stuck) shows at most: a morning's read. The rest are on `attention`, every one.
    static let listShown = 15
    /// The relative path to the site root: `""`.
    var root: String
    /// Users, workflows, integrations and runs, counted.
    var totals: [Figure]
    /// Runs and success rate over the last 24 hours, 7 days and 30 days.
    var windows: [WindowRow]
    /// SVG bar chart of runs per day for 90 days, by outcome (HTML, unescaped).
    var dailyChart: String
    /// Mermaid `xychart-beta` source of runs per day, for the Markdown report.
    var dailyChartMermaid: String
    /// SVG heatmap of runs per day over a year (HTML, unescaped).
    var heatmap: String
    /// What changed since the last render, from its `stats.json`; nil on a first render.
    var sinceLast: SinceLastRender?
    /// Workflows whose latest decided run failed, longest streak first, at most `listShown`.
    var failingNow: [FailingRow]
    /// Failing workflows past those listed; nil when none are hidden.
    var failingHidden: Int?
    /// Runs still in progress after 24 hours.
    var stuckRuns: [RunRow]
    /// Stuck runs past those listed; nil when none are hidden.
    var stuckRunsHidden: Int?
    /// Late, quiet and unreadable-schedule workflows, at most `listShown`.
    var lateWorkflows: [LateRow]
    /// Late workflows past the first `listShown`; nil when none are hidden.
    var lateHidden: Int?
    /// The 15 most frequent error signatures.
    var topErrors: [ErrorRow]
    /// Failed runs whose message is not among the tracked ones, counted; nil when there are none.
    var untrackedErrorRuns: String?
    /// Data-quality findings; nil when there are none, so the notice is hidden.
    var findingCount: Int?

    /// One time window's runs.
    struct WindowRow: Sendable, TemplateConvertible {
        /// `Last 24 hours`, `Last 7 days`, `Last 30 days`.
        var title: String
        /// Runs triggered in the window, formatted.
        var runs: String
        /// Of those, runs that succeeded and runs that failed, formatted.
        var succeeded: String
        /// Runs that failed, formatted.
        var failed: String
        /// Successes over runs that succeeded or failed.
        var successRate: String

        var templateContext: TemplateObject {
            TemplateObject(["title": .text(title), "runs": .text(runs), "succeeded": .text(succeeded), "failed": .text(failed), "successRate": .text(successRate)])
        }
    }

    /// A workflow failing now.
    struct FailingRow: Sendable, TemplateConvertible {
        /// The failing workflow.
        var workflow: WorkflowLink
        /// `new` (not failing at the last render) or `recurring`; nil without a previous render.
        var change: String?
        /// Failed runs in a row, cancelled runs skipped.
        var streak: Int
        /// The last failure's error, cut to one line; nil when it had none.
        var lastError: String?
        /// When the last failure was triggered, formatted.
        var since: Stamp

        var templateContext: TemplateObject {
            var context = TemplateObject(["workflow": .object(workflow.templateContext)])
            context["change"] = .text(change)
            context["streak"] = .text(String(streak))
            context["lastError"] = .text(lastError)
            context["since"] = .object(since.templateContext)
            return context
        }
    }

    /// A workflow that does not run as often as its trigger says.
    struct LateRow: Sendable, TemplateConvertible {
        /// The late workflow.
        var workflow: WorkflowLink
        /// The owner's user name.
        var owner: String
        /// `late`, `quiet` or `unreadable schedule`.
        var state: String
        /// Since when and how many runs are missing, or why the schedule cannot be read.
        var reason: Phrase
        /// When it last ran, formatted, or `never`.
        var lastRun: Stamp

        var templateContext: TemplateObject {
            TemplateObject(["workflow": .object(workflow.templateContext), "owner": .text(owner), "state": .text(state), "reason": .object(reason.templateContext), "lastRun": .object(lastRun.templateContext)])
        }
    }

    var templateContext: TemplateObject {
        var context = TemplateObject([
            "root": .text(root), "totals": .list(totals), "windows": .list(windows), "dailyChart": .text(dailyChart),
            "dailyChartMermaid": .text(dailyChartMermaid), "heatmap": .text(heatmap), "failingNow": .list(failingNow), "stuckRuns": .list(stuckRuns),
        ])
        context["stuckRunsHidden"] = .text(stuckRunsHidden.map(String.init))
        context["sinceLast"] = sinceLast.map { .object($0.templateContext) }
        context["failingHidden"] = .text(failingHidden.map(String.init))
        context["lateWorkflows"] = .list(lateWorkflows)
        context["lateHidden"] = .text(lateHidden.map(String.init))
        context["topErrors"] = .list(topErrors)
        context["untrackedErrorRuns"] = .text(untrackedErrorRuns)
        context["findingCount"] = .text(findingCount.map(String.init))
        return context
    }
}
