/// `errors/<slug>-<hash>`: one error signature, to answer "which workflows and runs hit this, since when".
struct SignaturePage: PageModel {
    static let kind = PageKind.signature
    /// The relative path to the site root: `"../"`.
    var root: String
    /// The signature (numbers, ids, paths as placeholders), whole.
    var signature: String
    /// Runs that failed with it, formatted.
    var count: String
    /// `new` when the last render did not have it; nil otherwise.
    var change: String?
    /// When it was first and last seen.
    var firstSeen: Stamp
    var lastSeen: Stamp
    /// Its runs in the last 90 days, formatted.
    var count90: String
    /// SVG bar chart of its runs per day over 90 days (HTML, unescaped).
    var chart: String
    /// The workflows it hit (the first 50 by id).
    var workflows: [WorkflowLink]
    /// How many more workflows it hit than listed; nil when none.
    var moreWorkflows: Int?
    /// Its most frequent raw messages (the first 10), secrets masked.
    var variants: [KeyValue]
    /// How many raw messages it groups in all.
    var variantCount: String
    /// Its latest runs among those the site keeps, each with its workflow.
    var examples: [RunRow]

    var templateContext: TemplateObject {
        var context = TemplateObject([
            "root": .text(root), "signature": .text(signature), "count": .text(count), "firstSeen": .object(firstSeen.templateContext),
            "lastSeen": .object(lastSeen.templateContext), "count90": .text(count90), "chart": .text(chart), "workflows": .list(workflows),
            "variants": .list(variants), "variantCount": .text(variantCount), "examples": .list(examples),
        ])
        context["change"] = .text(change)
        context["moreWorkflows"] = .text(moreWorkflows.map(String.init))
        return context
    }
}

/// `errors/index`: every error signature, most runs first, each linking to its page.
struct SignaturesPage: PageModel {
    static let kind = PageKind.signatures
    /// The relative path to the site root: `"../"`.
    var root: String
    /// Every signature, most runs first.
    var rows: [ErrorRow]
    /// Failed runs whose message is not among the tracked ones, counted; nil when there are none.
    var untrackedErrorRuns: String?

    var templateContext: TemplateObject {
        var context = TemplateObject(["root": .text(root), "rows": .list(rows)])
        context["untrackedErrorRuns"] = .text(untrackedErrorRuns)
        return context
    }
}
