/// `servers/<slug>-<hash>`: one MCP server across every owner: its health, the workflows that use it (whoever owns
/// them), and each owner's configuration of it (secrets masked) at its own anchor, `#config-<id>`, where every link
/// to an integration leads (a server configured by a hundred owners is one page, not a hundred).
struct ServerPage: PageModel {
    static let kind = PageKind.server
    /// The relative path to the site root: `"../"`.
    var root: String
    /// The MCP server's name, as the integrations configure it.
    var serverName: String
    /// Configurations, workflows using it and their runs, counted.
    var figures: [Figure]
    /// Failures naming it over 30 days, across every owner's workflows; nil when no workflow uses it.
    var health: Health?
    /// The workflows whose trigger or actions use it, for every owner.
    var usedBy: [UsingWorkflow]
    /// Each owner's configuration of it, by integration id.
    var configurations: [Configuration]

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

    /// A workflow that uses the server.
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

    /// One owner's integration of this server.
    struct Configuration: Sendable, TemplateConvertible {
        /// Its anchor on this page (`config-<id>`).
        var link: IntegrationLink
        /// The owner's user name.
        var owner: String
        /// When it was configured.
        var createdAt: Stamp
        /// The config as pretty JSON, secrets masked (as stored when it is not JSON).
        var configJSON: String
        /// Why the config is shown as stored; nil when it is JSON.
        var configProblem: String?

        var templateContext: TemplateObject {
            var context = TemplateObject(["link": .object(link.templateContext), "owner": .text(owner), "createdAt": .object(createdAt.templateContext), "configJSON": .text(configJSON)])
            context["configProblem"] = .text(configProblem)
            return context
        }
    }

    var templateContext: TemplateObject {
        var context = TemplateObject(["root": .text(root), "serverName": .text(serverName), "figures": .list(figures), "usedBy": .list(usedBy), "configurations": .list(configurations)])
        context["health"] = health.map { .object($0.templateContext) }
        return context
    }
}
