import Foundation
import Testing
@testable import SiteRenderer

@Suite struct TemplateOverrideTests {
    @Test func aTemplateInTheOverrideFolderReplacesTheBundledOneOnly() throws {
        let folder = try RenderFixture.temporaryFolder()
        try Data("<h1>Our own dashboard: {{#totals}}{{label}}={{value}};{{/totals}}</h1>".utf8).write(to: folder.appending(path: "dashboard.html.mustache"))
        let site = try RenderFixture.render(try RenderFixture.demoDatabase(), options: RenderOptions(templateOverrides: folder.path))
        #expect(site["index.html"]?.contains("<h1>Our own dashboard: Users=4;Workflows=12;Integrations=8;Runs=") == true)
        #expect(site["index.html"]?.contains("<header class=\"top\">") == true, "the bundled layout still frames it")
        #expect(site["index.md"]?.contains("## Runs and success rate") == true, "the Markdown dashboard is untouched")
    }

    @Test func aBrokenTemplateNamesItsFile() throws {
        let folder = try RenderFixture.temporaryFolder()
        try Data("{{#totals}}unclosed".utf8).write(to: folder.appending(path: "schema.md.mustache"))
        #expect(throws: RenderError.self) { try SiteRenderer(options: RenderOptions(templateOverrides: folder.path)) }
        do {
            _ = try SiteRenderer(options: RenderOptions(templateOverrides: folder.path))
        } catch {
            #expect(error.errorDescription?.hasPrefix("schema.md.mustache: template error:") == true, "\(error)")
        }
    }
}
