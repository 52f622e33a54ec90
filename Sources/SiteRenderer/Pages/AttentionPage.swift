/// `attention`: every workflow failing now, every late or quiet one and every stuck run the site keeps: the
/// dashboard's lists in full, for the morning the dashboard's first rows are not enough.
struct AttentionPage: PageModel {
    static let kind = PageKind.attention
    /// The relative path to the site root: `""`.
    var root: String
    /// Every workflow failing now, longest streak first.
    var failingNow: [DashboardPage.FailingRow]
    /// Every late, quiet and unreadable-schedule workflow.
    var lateWorkflows: [DashboardPage.LateRow]
    /// The stuck runs the statistics keep (the latest 200), latest first.
    var stuckRuns: [RunRow]
    /// Stuck runs past those kept; nil when none.
    var stuckRunsHidden: Int?

    var templateContext: TemplateObject {
        var context = TemplateObject(["root": .text(root), "failingNow": .list(failingNow), "lateWorkflows": .list(lateWorkflows), "stuckRuns": .list(stuckRuns)])
        context["stuckRunsHidden"] = .text(stuckRunsHidden.map(String.init))
        return context
    }
}

/// What changed since the last render, read from the `stats.json` it left: the dashboard's first section.
struct SinceLastRender: Sendable, TemplateConvertible {
    /// The as-of time of the last render, as it wrote it; nil when it wrote none.
    var previousAsOf: Stamp?
    /// New failures, recovered, newly late and new signatures, in that order; each listed even when empty.
    var groups: [Group]

    /// One kind of change.
    struct Group: Sendable, TemplateConvertible {
        /// `New failures`, `Recovered`, `Newly late or quiet`, `New error signatures`.
        var title: String
        /// How many, formatted.
        var count: String
        /// `fail`, `ok` or `other`: the pill colour of the count.
        var countClass: String
        /// The workflows (for the first three groups), at most 20.
        var workflows: [WorkflowLink]
        /// The signatures (for the last group), at most 20.
        var signatures: [SignatureLink]
        /// How many more than listed; nil when none.
        var more: Int?

        var templateContext: TemplateObject {
            var context = TemplateObject(["title": .text(title), "count": .text(count), "countClass": .text(countClass),
                                          "workflows": .list(workflows), "signatures": .list(signatures)])
            context["more"] = .text(more.map(String.init))
            return context
        }
    }

    var templateContext: TemplateObject {
        var context = TemplateObject(["groups": .list(groups)])
        context["previousAsOf"] = previousAsOf.map { .object($0.templateContext) }
        return context
    }
}
