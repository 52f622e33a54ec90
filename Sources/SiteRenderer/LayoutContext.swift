/// The layout's context (`layout.html.mustache`, `layout.md.mustache`): the page's rendered content inside the site
/// frame. Like the page models, its fields are the contract a layout override is written against.
struct LayoutContext: Sendable {
    /// One entry of the top navigation.
    struct NavItem: Sendable {
        /// The section's name.
        var title: String
        /// Relative to the page, with the format's extension.
        var href: String
        /// The section the page belongs to.
        var current: Bool
    }

    /// The relative path from the page to the site root (`""` or `"../"`).
    var root: String
    /// The page's own title (the workflow's name, `Dashboard`).
    var pageTitle: String
    /// `--title`.
    var siteTitle: String
    /// The top navigation: Dashboard, Workflows, Integrations, Schema, Data quality.
    var nav: [NavItem]
    /// The page as its own template rendered it (HTML or Markdown, unescaped).
    var content: String
    /// The as-of time every window ends at, ISO 8601; nil on a page that shows nothing measured from it (a run page).
    var asOf: String?
    /// The database file's name.
    var sourceName: String
    /// `sqlmodel` or `prisma`.
    var layout: String
    /// The page's absolute URL, with `--base-url` only.
    var canonical: String?
    /// The Mermaid ES module to load; nil on pages without a diagram and with a classic script (HTML only).
    var mermaidModule: String?
    /// The classic Mermaid script to load; nil on pages without a diagram and with an ES module (HTML only).
    var mermaidScript: String?
    /// The page's Content-Security-Policy (HTML only).
    var contentSecurityPolicy: String
}

extension LayoutContext {
    /// The frame both formats share; HTML then adds its canonical link, Mermaid and content security policy.
    init(page: Page, chrome: Chrome, content: String, fileExtension: String) {
        root = page.root
        pageTitle = page.title
        siteTitle = chrome.siteTitle
        nav = Chrome.navigation.map { [root] in NavItem(title: $0.1, href: root + $0.2 + "." + fileExtension, current: $0.0 == page.kind.section) }
        self.content = content
        asOf = page.kind.showsAsOf ? chrome.asOf : nil
        sourceName = chrome.sourceName
        layout = chrome.layout
        contentSecurityPolicy = ""
    }
}

/// Every page's frame, twice per page.
extension LayoutContext: TemplateConvertible {
    var templateContext: TemplateObject {
        var context = TemplateObject([
            "root": .text(root), "pageTitle": .text(pageTitle), "siteTitle": .text(siteTitle), "nav": .list(nav), "content": .text(content),
            "sourceName": .text(sourceName), "layout": .text(layout), "contentSecurityPolicy": .text(contentSecurityPolicy),
        ])
        context["asOf"] = .text(asOf)
        context["canonical"] = .text(canonical)
        context["mermaidModule"] = .text(mermaidModule)
        context["mermaidScript"] = .text(mermaidScript)
        return context
    }
}

extension LayoutContext.NavItem: TemplateConvertible {
    var templateContext: TemplateObject { TemplateObject(["title": .text(title), "href": .text(href), "current": .flag(current)]) }
}

