import Foundation
import WorkflowModel

/// Renders a snapshot into the files of the site. The steps, in order:
/// 1. build page models from the snapshot,
/// 2. render each page in each chosen format (HTML inside the layout; Markdown inside its own),
/// 3. add `stats.json`, a sitemap when `--base-url` is given, and the static assets.
/// Writing the files is the `SiteWriter` module's job.
public struct SiteRenderer: Sendable {
    public let options: RenderOptions
    private let templates: TemplateLibrary

    public init(options: RenderOptions) throws(RenderError) {
        self.options = options
        templates = try TemplateLibrary(overrides: options.templateOverrides)
    }

    /// - Parameter progress: called after each page with (done, total), for a progress line on a terminal.
    public func render(_ snapshot: WorkflowDatabaseSnapshot, progress: (Int, Int) -> Void = { _, _ in }) throws(RenderError) -> [RenderedFile] {
        let pages = SiteBuilder(snapshot: snapshot, options: options).pages()
        let chrome = Chrome(
            siteTitle: options.title, asOf: snapshot.statistics.asOf.iso8601, sourceName: snapshot.sourceName,
            layout: snapshot.layout.rawValue, baseURL: options.baseURL, mermaid: options.mermaid
        )
        var formats: [any OutputFormat] = []
        if options.formats.contains(.html) { formats.append(HTMLFormat(templates: templates)) }
        if options.formats.contains(.md) { formats.append(MarkdownFormat(templates: templates)) }

        var files: [RenderedFile] = []
        let total = pages.count * formats.count
        for page in pages {
            for format in formats {
                files.append(try format.render(page, chrome: chrome))
                progress(files.count, total)
            }
        }
        files.append(RenderedFile(path: "stats.json", text: JSONWriter.pretty.write(StatsDocument.make(snapshot)) + "\n"))
        if options.formats.contains(.html) {
            files += try SiteAssets.files(mermaid: options.mermaid)
            if let baseURL = options.baseURL {
                files.append(RenderedFile(path: "sitemap.xml", text: Self.sitemap(pages.map { HTMLFormat.joined(baseURL, $0.path + ".html") })))
            }
        }
        return files
    }

    static func sitemap(_ urls: [String]) -> String {
        let entries = urls.map { url in
            "  <url><loc>\(url.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;"))</loc></url>"
        }
        return (["<?xml version=\"1.0\" encoding=\"UTF-8\"?>", "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">"] + entries + ["</urlset>", ""]).joined(separator: "\n")
    }
}
