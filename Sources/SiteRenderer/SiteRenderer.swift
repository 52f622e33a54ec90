import Foundation
import Redaction
import WorkflowModel

/// Renders a snapshot into the files of the site. The steps, in order:
/// 1. plan: list the pages (models are built later, one page at a time) and every output path,
/// 2. render each page in each chosen format, on every core, handing files over in a fixed order,
/// 3. add `stats.json`, a sitemap when `--base-url` is given, the search index and the static assets.
/// Writing the files is the `SiteWriter` module's job; `RenderJob.run` hands them to it as they are made, so
/// memory holds a batch of pages, never the whole site.
public struct SiteRenderer: Sendable {
    public let options: RenderOptions
    private let templates: TemplateLibrary

    public init(options: RenderOptions) throws(RenderError) {
        self.options = options
        templates = try TemplateLibrary(overrides: options.templateOverrides)
    }

    /// Step 1: the plan for one snapshot. Every secret is masked here, before any page model exists; the secrets
    /// of the runs that get a page are learned here too, reading their details a chunk at a time.
    /// - Parameters:
    ///   - previousStats: the output folder's `stats.json` from the last render, for what is new since.
    ///   - runDetails: the runs that get a page (`runPageIDs`) and how to read their details; the job reads them
    ///     again, a batch of pages at a time, as it renders.
    public func prepare(_ raw: consuming WorkflowDatabaseSnapshot, previousStats: Data? = nil, runDetails: RunDetailReader = .none) throws -> RenderJob {
        let redacted = try RedactedSnapshot(raw, extraSecretKeys: options.secretKeys, runDetails: runDetails)
        let snapshot = redacted.snapshot
        var formats: [any OutputFormat] = []
        if options.formats.contains(.html) { formats.append(HTMLFormat(templates: templates)) }
        if options.formats.contains(.md) { formats.append(MarkdownFormat(templates: templates)) }
        let chrome = Chrome(
            siteTitle: options.title, asOf: snapshot.statistics.asOf.iso8601, sourceName: snapshot.sourceName,
            layout: snapshot.layout.rawValue, baseURL: options.baseURL, mermaid: options.mermaid
        )
        let builder = SiteBuilder(snapshot: redacted, options: options, previous: PreviousRender(stats: previousStats), runPages: runDetails.ids)
        // The whole-site files only read the builder: made side by side (stats.json alone is 10 MB on a large site).
        let options = options
        let files = [SiteFile.stats, .searchIndex, .feed].concurrentMap { file -> RenderedFile? in
            switch file {
            case .stats: RenderedFile(path: "stats.json", text: JSONWriter.pretty.write(StatsDocument.make(builder)) + "\n")
            case .searchIndex: options.formats.contains(.html) ? SearchIndex.file(builder) : nil
            case .feed: AtomFeed.file(builder, options: options)
            }
        }
        return RenderJob(snapshot: redacted, runDetails: runDetails, options: options, pages: builder.pages(), formats: formats, chrome: chrome, templates: templates,
                         searchIndex: files[1], stats: files[0]!, feed: files[2]!)
    }

    private enum SiteFile: Sendable { case stats, searchIndex, feed }

    /// The runs that get a page, chosen from the raw snapshot (before masking, which only changes text), so the
    /// store can read their details by id before the pages are planned.
    public static func runPageIDs(_ snapshot: WorkflowDatabaseSnapshot, options: RenderOptions) -> [Int64] {
        guard options.latestRunPages > 0 else { return [] }
        let signatureOf = Dictionary(snapshot.statistics.errors.map { ($0.message, ErrorSignature.of($0.message)) }, uniquingKeysWith: { first, _ in first })
        let lookup: (String) -> String = { signatureOf[$0] ?? ErrorSignature.of($0) }
        let signatures = SignatureTally.group(snapshot.statistics.errors, signature: lookup)
        return RunPageSelection(snapshot.statistics, latest: options.latestRunPages, signatures: signatures, signature: lookup).ids
    }

    /// Every file at once; for tests and small sites.
    public func render(_ snapshot: WorkflowDatabaseSnapshot, runDetails: RunDetailReader = .none) throws -> [RenderedFile] {
        var files: [RenderedFile] = []
        try prepare(snapshot, runDetails: runDetails).run { output in
            if case .file(let file) = output { files.append(file) }
        }
        return files
    }
}
