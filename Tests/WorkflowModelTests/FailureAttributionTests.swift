import Testing
@testable import WorkflowModel

/// A failure is blamed on a server only when its error names it: the full name, its short name as a word, or one of
/// the tools its steps call. Nothing named: blamed on none.
@Suite struct FailureAttributionTests {
    static let definition = WorkflowDefinition(try! JSONParser.parse("""
        {"trigger": {"type": "event", "integration": "github.com/acme/github-mcp", "event": "issues.opened"},
         "actions": [{"integration": "github.com/acme/notion-mcp", "tool": "create_page"},
                     {"integration": "github.com/acme/slack-mcp", "tool": "post_message"}]}
        """))

    @Test(arguments: [
        ("Timeout after 30s calling github.com/acme/notion-mcp/create_page", ["github.com/acme/notion-mcp"]),
        ("Slack API: channel_not_found", ["github.com/acme/slack-mcp"]),
        ("GitHub API rate limit exceeded (HTTP 403)", ["github.com/acme/github-mcp"]),
        ("post_message: not_in_channel", ["github.com/acme/slack-mcp"]),
        ("MCP server github.com/acme/notion-mcp not reachable; slack retried", ["github.com/acme/notion-mcp", "github.com/acme/slack-mcp"]),
        ("Condition error: field trigger.issue.labels is missing", []),
        ("slackware kernel panic", []),  // a word that only starts like a server's short name
    ])
    func blamesOnlyTheServersTheErrorNames(_ message: String, _ servers: [String]) {
        #expect(FailureAttribution(Self.definition).servers(namedIn: message) == servers)
    }

    @Test func shortNamesDropTheMCPDecoration() {
        #expect(FailureAttribution.shortName(of: "github.com/acme/slack-mcp") == "slack")
        #expect(FailureAttribution.shortName(of: "@modelcontextprotocol/server-github") == "github")
        #expect(FailureAttribution.shortName(of: "mcp-server-fetch") == "fetch")
        #expect(FailureAttribution.shortName(of: "x/ab-mcp") == nil)
    }
}
