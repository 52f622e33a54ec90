import Foundation

struct HTMLFormat: OutputFormat {
    let templates: TemplateLibrary
    var fileExtension: String { "html" }

    func render(_ page: Page, context: TemplateValue, chrome: Chrome) throws(RenderError) -> RenderedFile {
        let content = try templates.render(context, template: "\(page.kind.rawValue).html")
        let root = page.root
        var mermaidModule: String?
        var mermaidScript: String?
        var scriptSources = "'self'"
        // Only a page with a diagram loads Mermaid (3.5 MB of script); found in the rendered content, so a template
        // override that adds or drops a diagram is served right.
        let hasDiagram = Self.contains(content, Self.diagramMarker)
        switch hasDiagram ? chrome.mermaid : nil {
        case nil:
            break
        case .cdn(let url):
            mermaidModule = url
            if let origin = URL(string: url).flatMap({ url in url.host.map { "\(url.scheme ?? "https")://\($0)" } }) { scriptSources += " \(origin)" }
        case .bundled, .classicScript: mermaidScript = root + SiteAssets.mermaidClassicPath
        case .moduleFolder: mermaidModule = root + SiteAssets.mermaidModulePath
        }
        var layout = LayoutContext(page: page, chrome: chrome, content: String(decoding: content, as: UTF8.self), fileExtension: fileExtension)
        layout.canonical = chrome.baseURL.map { Self.joined($0, page.path + ".html") }
        layout.mermaidModule = mermaidModule
        layout.mermaidScript = mermaidScript
        layout.contentSecurityPolicy = "default-src 'none'; script-src \(scriptSources); style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'"
        return RenderedFile(path: page.path + ".html", contents: Data(try templates.render(.object(layout.templateContext), template: "layout.html")))
    }

    private static let diagramMarker = Array("class=\"mermaid\"".utf8)

    /// memchr(3) for the first byte, then memcmp(3): the standard library's generic `contains` was a quarter of
    /// the render's CPU on large pages.
    static func contains(_ bytes: [UInt8], _ pattern: [UInt8]) -> Bool {
        guard let first = pattern.first else { return true }
        return bytes.withUnsafeBytes { haystack in
            pattern.withUnsafeBytes { needle in
                guard var cursor = haystack.baseAddress else { return false }
                let end = cursor + haystack.count
                while end - cursor >= needle.count, let found = memchr(cursor, Int32(first), end - cursor) {
                    if end - UnsafeRawPointer(found) >= needle.count, memcmp(found, needle.baseAddress!, needle.count) == 0 { return true }
                    cursor = UnsafeRawPointer(found) + 1
                }
                return false
            }
        }
    }

    static func joined(_ base: String, _ path: String) -> String {
        base.hasSuffix("/") ? base + path : base + "/" + path
    }
}
