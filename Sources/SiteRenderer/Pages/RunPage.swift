/// `runs/<id>-<slug>`: the runs of one workflow that matter (see `RunPageSelection`), each in a section of its own
/// (`#run-<id>`), opened as on-call people open a run: status and times, the full error text, the trigger and
/// output data (secrets masked), and the runs before and after it. One page per workflow, not per run, keeps a
/// 5 M-run database at tens of thousands of pages: 10,000 workflows of 20 runs were 428,000 files and 3.5 minutes
/// as a page per run, against 26,000 files for the rest of the site.
struct RunPage: PageModel {
    static let kind = PageKind.run
    /// The relative path to the site root: `"../"`.
    var root: String
    /// The workflow whose runs these are.
    var workflow: WorkflowLink
    /// Its selected runs, latest first.
    var runs: [Run]

    /// One run.
    struct Run: Sendable, TemplateConvertible {
        /// The run's id; its section's anchor is `run-<id>`.
        var id: Int64
        /// The status as stored, `(empty)` for an empty one.
        var status: String
        /// `ok`, `fail`, `busy` or `other`: the pill colour.
        var statusClass: String
        /// When it was triggered.
        var triggeredAt: Stamp
        /// The error text as stored (trimmed, at most `RunDetail.maximumErrorLength` characters), secrets masked;
        /// nil when the run has none.
        var error: String?
        /// What was left out of a long error; nil when it is whole.
        var errorNote: String?
        /// The error's signature page; nil when it has none.
        var signature: SignatureLink?
        /// The trigger data as pretty JSON (or as stored when it is not JSON); nil when there is none.
        var triggerData: String?
        /// Why the trigger data is shown as it is (not JSON, cut); nil when there is nothing to say.
        var triggerNote: String?
        /// The output data, like `triggerData`.
        var outputData: String?
        /// Like `triggerNote`.
        var outputNote: String?
        /// Said when the run's data could not be read (the row is gone, or the database cannot be asked).
        var unreadNote: String?
        /// A run of backticks longer than any in the texts above, to fence them in Markdown.
        var fence: String
        /// The run before and after it in its workflow, among the runs the site keeps; nil at either end.
        var previous: Neighbour?
        var next: Neighbour?

        var templateContext: TemplateObject {
            var context = TemplateObject([
                "id": .text(String(id)), "status": .text(status), "statusClass": .text(statusClass),
                "triggeredAt": .object(triggeredAt.templateContext), "fence": .text(fence),
            ])
            context["error"] = .text(error)
            context["errorNote"] = .text(errorNote)
            context["signature"] = signature.map { .object($0.templateContext) }
            context["triggerData"] = .text(triggerData)
            context["triggerNote"] = .text(triggerNote)
            context["outputData"] = .text(outputData)
            context["outputNote"] = .text(outputNote)
            context["unreadNote"] = .text(unreadNote)
            context["previous"] = previous.map { .object($0.templateContext) }
            context["next"] = next.map { .object($0.templateContext) }
            return context
        }
    }

    /// A run beside this one.
    struct Neighbour: Sendable, TemplateConvertible {
        /// Its id.
        var id: Int64
        /// Whether it has a section on this page (else its id is shown as text).
        var page: Bool
        /// Its status as stored.
        var status: String
        /// When it was triggered.
        var at: Stamp

        var templateContext: TemplateObject {
            TemplateObject(["id": .text(String(id)), "page": .flag(page), "status": .text(status), "at": .object(at.templateContext)])
        }
    }

    var templateContext: TemplateObject {
        TemplateObject(["root": .text(root), "workflow": .object(workflow.templateContext), "runs": .list(runs)])
    }
}
