/// `integrations/index`: every integration, the unused ones, and servers workflows use without one.
struct IntegrationsPage: PageModel {
    static let kind = PageKind.integrations
    /// The relative path to the site root: `"../"`.
    var root: String
    /// One row per integration, by id.
    var rows: [Row]
    /// One row per MCP server, however many owners configured it, in the order integrations list them.
    var servers: [ServerRow]
    /// Integrations no workflow of their owner uses.
    var unused: [IntegrationLink]
    /// Servers that workflows use but their owner has no integration for, by server and owner.
    var missing: [MissingRow]

    /// One integration.
    struct Row: Sendable, TemplateConvertible {
        /// The integration's own page.
        var link: IntegrationLink
        /// The owner's user name.
        var owner: String
        /// How many of its owner's workflows use it.
        var usedBy: Int
        /// Their combined success rate over 30 days, formatted.
        var successRate30d: String
        /// How many of them are failing now.
        var failingWorkflows: Int

        var templateContext: TemplateObject {
            TemplateObject([
                "link": .object(link.templateContext), "owner": .text(owner), "usedBy": .text(String(usedBy)), "successRate30d": .text(successRate30d),
                "failingWorkflows": .text(String(failingWorkflows)),
            ])
        }
    }

    /// A server one owner's workflows use without an integration.
    struct MissingRow: Sendable, TemplateConvertible {
        /// The server, as the workflows name it.
        var serverName: String
        /// The owner's user name.
        var owner: String
        /// The workflows that use it.
        var workflows: [WorkflowLink]

        var templateContext: TemplateObject {
            TemplateObject(["serverName": .text(serverName), "owner": .text(owner), "workflows": .list(workflows)])
        }
    }

    /// An MCP server across its configurations.
    struct ServerRow: Sendable, TemplateConvertible {
        /// The server's name.
        var serverName: String
        /// Its page's file under `servers/`.
        var file: String
        /// How many owners configured it.
        var configurations: Int
        /// Workflows (any owner's) whose trigger or actions use it.
        var workflows: Int
        /// Failures naming it over runs of those workflows, 30 days.
        var failureRate30d: String
        /// At or above the unreliable threshold over 10+ runs.
        var unreliable: Bool

        var templateContext: TemplateObject {
            TemplateObject(["serverName": .text(serverName), "file": .text(file), "configurations": .text(String(configurations)),
                            "workflows": .text(String(workflows)), "failureRate30d": .text(failureRate30d), "unreliable": .flag(unreliable)])
        }
    }

    var templateContext: TemplateObject {
        TemplateObject(["root": .text(root), "rows": .list(rows), "servers": .list(servers), "unused": .list(unused), "missing": .list(missing)])
    }
}
