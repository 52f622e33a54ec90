/// `integrations/<id>-<slug>`: one integration, its config (secrets masked), the workflows using it and its server's
/// health.
struct IntegrationPage: PageModel {
    static let kind = PageKind.integration
    /// The relative path to the site root: `"../"`.
    var root: String
    /// The MCP server it configures.
    var serverName: String
    /// The server's page (every owner's configuration of it), under `servers/`.
    var serverFile: String
    /// The owner's user name.
    var owner: String
    /// When the integration was created, formatted.
    var createdAt: Stamp
    /// The config as pretty JSON (or as stored when malformed), secrets masked.
    var configJSON: String
    /// Said when the stored config is not valid JSON; nil otherwise.
    var configProblem: String?
    /// Its owner's workflows that use it.
    var usedBy: [UsingWorkflow]
    /// Workflows using it, their runs and success over 30 days.
    var figures: [Figure]
    /// The server across every owner's workflows; nil when no workflow uses the server.
    var health: Health?

    /// The MCP server by name, across every workflow that uses it.
    struct Health: Sendable, TemplateConvertible {
        /// Why the server counts as unreliable; nil when it does not.
        var unreliable: String?
        /// How many workflows use it, formatted.
        var workflows: String
        /// Their runs that succeeded or failed in 30 days, formatted.
        var runs30d: String
        /// Failures blamed on the server over those runs, formatted.
        var failureRate30d: String
        /// Failures of its workflows in 30 days whose error names none of their servers (blamed on none).
        var unattributed30d: String
        /// When a run using it last succeeded, or `none`.
        var lastSuccess: Stamp
        /// Error signatures that name it.
        var signatures: [String]

        var templateContext: TemplateObject {
            var context = TemplateObject()
            context["unreliable"] = .text(unreliable)
            context["workflows"] = .text(workflows)
            context["runs30d"] = .text(runs30d)
            context["failureRate30d"] = .text(failureRate30d)
            context["unattributed30d"] = .text(unattributed30d)
            context["lastSuccess"] = .object(lastSuccess.templateContext)
            context["signatures"] = .texts(signatures)
            return context
        }
    }

    /// A workflow that uses the integration.
    struct UsingWorkflow: Sendable, TemplateConvertible {
        /// The workflow using it.
        var link: WorkflowLink
        /// Its success rate over 30 days, formatted.
        var successRate30d: String
        /// Its last run's status as stored; nil when it never ran.
        var lastRunStatus: String?
        /// The pill colour of the last run: `ok`, `fail`, `busy`, `other` or `none`.
        var lastRunStatusClass: String
        /// Failed runs in a row.
        var failureStreak: Int

        var templateContext: TemplateObject {
            var context = TemplateObject(["link": .object(link.templateContext), "successRate30d": .text(successRate30d)])
            context["lastRunStatus"] = .text(lastRunStatus)
            context["lastRunStatusClass"] = .text(lastRunStatusClass)
            context["failureStreak"] = .text(String(failureStreak))
            return context
        }
    }

    var templateContext: TemplateObject {
        var context = TemplateObject([
            "root": .text(root), "serverName": .text(serverName), "serverFile": .text(serverFile), "owner": .text(owner), "createdAt": .object(createdAt.templateContext), "configJSON": .text(configJSON),
        ])
        context["configProblem"] = .text(configProblem)
        context["usedBy"] = .list(usedBy)
        context["figures"] = .list(figures)
        context["health"] = health.map { .object($0.templateContext) }
        return context
    }
}
