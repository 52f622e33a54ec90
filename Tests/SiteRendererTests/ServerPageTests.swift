import Foundation
import Testing
@testable import SiteRenderer

/// One page per MCP server: every owner's configuration under it (secrets masked), every workflow that uses it.
@Suite struct ServerPageTests {
    @Test func aServerConfiguredByTwoOwnersIsOnePage() throws {
        let url = try RenderFixture.database("""
            INSERT INTO user VALUES (1, 'alice', 'hash', NULL, '2026-11-01 00:00:00');
            INSERT INTO user VALUES (2, 'bob', 'hash', NULL, '2026-11-01 00:00:00');
            INSERT INTO integration VALUES (1, 'github.com/acme/slack-mcp', '{"token": "xoxb-1111-2222-SECRETSLACK"}', '2026-11-01 00:00:00', 1);
            INSERT INTO integration VALUES (2, 'github.com/acme/slack-mcp', '{"api_key": "BOBSECRET123", "channel": "#ops"}', '2026-11-02 00:00:00', 2);
            INSERT INTO workflow VALUES (1, 'Alice posts', NULL, 'x', '{"trigger": {"type": "manual"}, "actions": [{"integration": "github.com/acme/slack-mcp", "tool": "post_message"}]}', '2026-11-01 00:00:00', '2026-11-01 00:00:00', 1);
            INSERT INTO workflow VALUES (2, 'Bob posts', NULL, 'x', '{"trigger": {"type": "manual"}, "actions": [{"integration": "github.com/acme/slack-mcp", "tool": "post_message"}]}', '2026-11-01 00:00:00', '2026-11-01 00:00:00', 2);
            """)
        let site = try RenderFixture.render(url)
        let servers = site.keys.filter { $0.hasPrefix("servers/") && $0.hasSuffix(".html") }
        #expect(servers.count == 1)
        let page = try #require(servers.first.flatMap { site[$0] })
        #expect(page.contains("<h1>github.com/acme/slack-mcp</h1>"))
        #expect(page.contains(">alice</a>") && page.contains(">bob</a>"), "both configurations")
        #expect(page.contains("Alice posts") && page.contains("Bob posts"), "both owners' workflows")
        #expect(page.contains("&quot;channel&quot;: &quot;#ops&quot;"))
        for (path, text) in site { #expect(!text.contains("SECRETSLACK") && !text.contains("BOBSECRET123"), "\(path) shows a secret") }
        let index = try #require(site["integrations/index.html"])
        let file = servers.first!.dropFirst("servers/".count)
        #expect(index.components(separatedBy: "href=\"../servers/\(file)\"").count == 2, "one row per server")
        // Each owner's configuration is a section of the server's page, where every link to an integration leads.
        #expect(page.contains("<h3 id=\"config-1\">") && page.contains("<h3 id=\"config-2\">"))
        #expect(index.contains("href=\"../servers/\(file)#config-2\""))
        #expect(try #require(site["workflows/2-bob-posts.html"]).contains("href=\"../servers/\(file)#config-2\""), "Bob's workflow leads to Bob's configuration")
        #expect(!site.keys.contains { $0.hasPrefix("integrations/") && $0 != "integrations/index.html" && $0 != "integrations/index.md" }, "no page per configuration")
    }
}
