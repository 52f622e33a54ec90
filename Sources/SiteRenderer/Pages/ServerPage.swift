/// `servers/<slug>-<hash>`: one MCP server across every owner: its health, the workflows that use it (whoever owns
/// them), and each owner's configuration of it (secrets masked), each linking to that configuration's own page.
struct ServerPage: PageModel {
    static let kind = PageKind.server
    /// The relative path to the site root: `"../"`.
    var root: String
    /// The MCP server's name, as the integrations configure it.
    var serverName: String
    /// Configurations, workflows using it and their runs, counted.
    var figures: [Figure]
    /// Failures naming it over 30 days, across every owner's workflows; nil when no workflow uses it.
    var health: IntegrationPage.Health?
    /// The workflows whose trigger or actions use it, for every owner.
    var usedBy: [IntegrationPage.UsingWorkflow]
    /// Each owner's configuration of it, by integration id.
    var configurations: [Configuration]

    /// One owner's integration of this server.
    struct Configuration: Sendable, TemplateConvertible {
        /// Its own page.
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
