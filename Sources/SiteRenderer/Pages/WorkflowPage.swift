/// `workflows/<id>-<slug>`: one workflow, its definition, figures, runs and errors. Ten thousand of them per site,
/// so every conversion here is written by hand.
struct WorkflowPage: PageModel {
    static let kind = PageKind.workflow
    /// The relative path to the site root: `"../"`.
    var root: String
    /// The workflow's id.
    var id: Int64
    /// The workflow's name, or `Workflow <id>` when it has none.
    var name: String
    /// The owner's user name.
    var owner: String
    /// The owner's e-mail address, only with `--show-emails`.
    var ownerEmail: String?
    /// The short description (`description` column), cut to 2,000 characters; nil when empty.
    var summary: String?
    /// Why the workflow is a draft (no trigger, no actions), when it is one.
    var draft: String?
    /// The natural-language description, rendered by cmark-gfm (safe: no raw HTML).
    var descriptionHTML: String
    /// The same description as stored, for the Markdown report.
    var descriptionMarkdown: String
    /// Said when a very long description is shown only in part.
    var descriptionNote: String?
    /// Mermaid flowchart source of trigger, conditions and actions.
    var flowchart: String
    /// The trigger's type, `none` when it has none.
    var trigger: String
    /// The trigger's other fields (cron, timezone, event…), as display text.
    var triggerDetails: [KeyValue]
    /// The definition's conditions, in order.
    var conditions: [ConditionRow]
    /// The definition's actions (steps), in order.
    var actions: [ActionRow]
    /// The stored definition as pretty JSON; empty when it is not JSON.
    var definitionJSON: String
    /// What is wrong with the stored definition (malformed, missing, not an object); nil when nothing is.
    var definitionProblem: String?
    /// Runs, success rates, failure streak, stuck runs, flip rate and time to recover.
    var figures: [Figure]
    /// Runs per status as stored, most frequent first.
    var statusCounts: [KeyValue]
    /// The latest 100 runs, newest first.
    var latestRuns: [RunRow]
    /// Its 10 most frequent error signatures.
    var topErrors: [ErrorRow]
    /// The integrations its owner configured for the servers it uses.
    var integrations: [IntegrationLink]
    /// Servers it uses that its owner has no integration for.
    var missingServers: [String]
    /// When it was created and last updated, formatted.
    var createdAt: Stamp
    /// When it was last updated, formatted.
    var updatedAt: Stamp
    /// Whether it runs as often as its trigger says; nil for manual and draft workflows.
    var punctuality: PunctualityRow?

    /// The verdict of `Punctuality` for one workflow.
    struct PunctualityRow: Sendable, TemplateConvertible {
        /// `on time`, `late`, `quiet` or `unreadable schedule`.
        var state: String
        /// The pill colour: `ok` or `fail`.
        var stateClass: String
        /// Since when and how many runs are missing, or why the schedule cannot be read.
        var reason: Phrase
        /// The last time a run was due by its schedule, and the next; nil when there is none.
        var expectedPrevious: Stamp?
        /// The next time a run is due; nil when none is.
        var expectedNext: Stamp?

        var templateContext: TemplateObject {
            var context = TemplateObject(["state": .text(state), "stateClass": .text(stateClass), "reason": .object(reason.templateContext)])
            context["expectedPrevious"] = expectedPrevious.map { .object($0.templateContext) }
            context["expectedNext"] = expectedNext.map { .object($0.templateContext) }
            return context
        }
    }

    /// One condition of the definition.
    struct ConditionRow: Sendable, TemplateConvertible {
        /// The field compared, as written.
        var field: String
        /// The comparison (`==`, `contains`, …), as written.
        var op: String
        /// The value compared with, as display text; empty when it has none.
        var value: String
        /// An expression condition (`if: …`), shown as written instead of field, op and value.
        var expression: String?

        var templateContext: TemplateObject {
            var context = TemplateObject(["field": .text(field), "op": .text(op), "value": .text(value)])
            context["expression"] = .text(expression)
            return context
        }
    }

    /// One action (step) of the definition.
    struct ActionRow: Sendable, TemplateConvertible {
        /// 1 for the first step.
        var position: Int
        /// The step's own `id`, when it has one.
        var stepID: String?
        /// The tool it calls, `—` when none.
        var tool: String
        /// The server it calls the tool on, `—` when none.
        var integration: String
        /// The owner's integration for that server; nil when there is none.
        var integrationLink: IntegrationLink?
        /// The arguments as compact JSON; empty when there are none.
        var arguments: String

        var templateContext: TemplateObject {
            var context = TemplateObject([
                "position": .text(String(position)), "tool": .text(tool), "integration": .text(integration), "arguments": .text(arguments),
            ])
            context["stepID"] = .text(stepID)
            context["integrationLink"] = integrationLink.map { .object($0.templateContext) }
            return context
        }
    }

    var templateContext: TemplateObject {
        var context = TemplateObject([
            "root": .text(root), "id": .text(String(id)), "name": .text(name), "owner": .text(owner), "descriptionHTML": .text(descriptionHTML),
            "descriptionMarkdown": .text(descriptionMarkdown), "flowchart": .text(flowchart), "trigger": .text(trigger),
            "triggerDetails": .list(triggerDetails), "conditions": .list(conditions), "actions": .list(actions),
            "definitionJSON": .text(definitionJSON), "figures": .list(figures), "statusCounts": .list(statusCounts),
            "latestRuns": .list(latestRuns), "topErrors": .list(topErrors), "integrations": .list(integrations),
            "missingServers": .texts(missingServers), "createdAt": .object(createdAt.templateContext), "updatedAt": .object(updatedAt.templateContext),
        ])
        context["ownerEmail"] = .text(ownerEmail)
        context["summary"] = .text(summary)
        context["draft"] = .text(draft)
        context["descriptionNote"] = .text(descriptionNote)
        context["definitionProblem"] = .text(definitionProblem)
        context["punctuality"] = punctuality.map { .object($0.templateContext) }
        return context
    }
}
