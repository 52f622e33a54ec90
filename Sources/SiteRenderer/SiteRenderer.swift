import Dispatch
import Foundation
import WorkflowModel

/// Renders a snapshot into the files of the site. The steps, in order:
/// 1. plan: list the pages (models are built later, one page at a time) and every output path,
/// 2. render each page in each chosen format, on every core, handing files over in a fixed order,
/// 3. add `stats.json`, a sitemap when `--base-url` is given, and the static assets.
/// Writing the files is the `SiteWriter` module's job; `RenderJob.run` hands them to it as they are made, so
/// memory holds a batch of pages, never the whole site.
public struct SiteRenderer: Sendable {
    public let options: RenderOptions
    private let templates: TemplateLibrary

    public init(options: RenderOptions) throws(RenderError) {
        self.options = options
        templates = try TemplateLibrary(overrides: options.templateOverrides)
    }

    /// Step 1: the plan for one snapshot.
    public func prepare(_ snapshot: WorkflowDatabaseSnapshot) -> RenderJob {
        var formats: [any OutputFormat] = []
        if options.formats.contains(.html) { formats.append(HTMLFormat(templates: templates)) }
        if options.formats.contains(.md) { formats.append(MarkdownFormat(templates: templates)) }
        let chrome = Chrome(
            siteTitle: options.title, asOf: snapshot.statistics.asOf.iso8601, sourceName: snapshot.sourceName,
            layout: snapshot.layout.rawValue, baseURL: options.baseURL, mermaid: options.mermaid
        )
        return RenderJob(snapshot: snapshot, options: options, pages: SiteBuilder(snapshot: snapshot, options: options).pages(), formats: formats, chrome: chrome)
    }

    /// Every file at once; for tests and small sites.
    public func render(_ snapshot: WorkflowDatabaseSnapshot) throws -> [RenderedFile] {
        var files: [RenderedFile] = []
        try prepare(snapshot).run { files.append($0) }
        return files
    }
}

/// One render of one snapshot: the paths it will write, then the files, in that order.
public struct RenderJob: Sendable {
    let snapshot: WorkflowDatabaseSnapshot
    let options: RenderOptions
    let pages: [Page]
    let formats: [any OutputFormat]
    let chrome: Chrome

    /// Pages rendered together on all cores before they are handed over in order.
    static let batchSize = 64

    public var pageCount: Int { pages.count * formats.count }

    /// Every path `run` will produce, known before any page is rendered.
    public func outputPaths() throws(RenderError) -> [String] {
        var paths = pages.flatMap { page in formats.map { "\(page.path).\($0.fileExtension)" } }
        paths.append("stats.json")
        paths += try extraFiles().map(\.path)
        return paths
    }

    /// Steps 2 and 3: hands every file to `write` in a fixed order (so output is deterministic whatever the
    /// threads did) and reports progress as (pages done, pages in all).
    public func run(progress: (Int, Int) -> Void = { _, _ in }, write: (RenderedFile) throws -> Void) throws {
        let total = pageCount
        var done = 0
        for start in stride(from: 0, to: pages.count, by: Self.batchSize) {
            let batch = Array(pages[start..<min(start + Self.batchSize, pages.count)])
            let results = ResultSlots(count: batch.count)
            DispatchQueue.concurrentPerform(iterations: batch.count) { index in
                let page = batch[index]
                let context = TemplateContext.make(page.makeModel())
                results.set(index, Result { () throws(RenderError) -> [RenderedFile] in
                    try formats.map { format throws(RenderError) in try format.render(page, context: context, chrome: chrome) }
                })
            }
            for result in results.values {
                for file in try result.get() { try write(file) }
                done += formats.count
            }
            progress(done, total)
        }
        try write(RenderedFile(path: "stats.json", text: JSONWriter.pretty.write(StatsDocument.make(snapshot)) + "\n"))
        for file in try extraFiles() { try write(file) }
    }

    private func extraFiles() throws(RenderError) -> [RenderedFile] {
        guard options.formats.contains(.html) else { return [] }
        var files = try SiteAssets.files(mermaid: options.mermaid)
        if let baseURL = options.baseURL {
            files.append(RenderedFile(path: "sitemap.xml", text: Self.sitemap(pages.map { HTMLFormat.joined(baseURL, $0.path + ".html") })))
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

/// Slots that worker threads fill by index; each slot is written by exactly one thread, read after all finish.
private final class ResultSlots: @unchecked Sendable {
    private var slots: [Result<[RenderedFile], RenderError>?]
    private let lock = NSLock()

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    func set(_ index: Int, _ result: Result<[RenderedFile], RenderError>) {
        lock.lock()
        slots[index] = result
        lock.unlock()
    }

    var values: [Result<[RenderedFile], RenderError>] { slots.map { $0! } }
}
