import Dispatch
import Escaping
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

    /// Step 1: the plan for one snapshot. Every secret is masked here, before any page model exists.
    /// - Parameter previousStats: the output folder's `stats.json` from the last render, for what is new since.
    public func prepare(_ raw: consuming WorkflowDatabaseSnapshot, previousStats: Data? = nil) -> RenderJob {
        let redacted = RedactedSnapshot(raw, extraSecretKeys: options.secretKeys)
        let snapshot = redacted.snapshot
        var formats: [any OutputFormat] = []
        if options.formats.contains(.html) { formats.append(HTMLFormat(templates: templates)) }
        if options.formats.contains(.md) { formats.append(MarkdownFormat(templates: templates)) }
        let chrome = Chrome(
            siteTitle: options.title, asOf: snapshot.statistics.asOf.iso8601, sourceName: snapshot.sourceName,
            layout: snapshot.layout.rawValue, baseURL: options.baseURL, mermaid: options.mermaid
        )
        let builder = SiteBuilder(snapshot: redacted, options: options, previous: PreviousRender(stats: previousStats))
        let stats = RenderedFile(path: "stats.json", text: JSONWriter.pretty.write(StatsDocument.make(builder)) + "\n")
        return RenderJob(snapshot: redacted, options: options, pages: builder.pages(), formats: formats, chrome: chrome, templates: templates,
                         searchIndex: options.formats.contains(.html) ? SearchIndex.file(builder) : nil, stats: stats,
                         feed: AtomFeed.file(builder, options: options))
    }

    /// Every file at once; for tests and small sites.
    public func render(_ snapshot: WorkflowDatabaseSnapshot) throws -> [RenderedFile] {
        var files: [RenderedFile] = []
        try prepare(snapshot).run { output in
            if case .file(let file) = output { files.append(file) }
        }
        return files
    }
}

/// One render of one snapshot: the paths it will write, then the files, in that order.
public struct RenderJob: Sendable {
    let snapshot: RedactedSnapshot
    let options: RenderOptions
    let pages: [Page]
    let formats: [any OutputFormat]
    let chrome: Chrome
    let templates: TemplateLibrary
    /// `assets/search-index.js`, for the HTML site.
    let searchIndex: RenderedFile?
    let stats: RenderedFile
    /// `feed.xml`: what needs attention, for feed readers.
    let feed: RenderedFile

    /// Pages rendered together on all cores before they are handed over in order.
    static let batchSize = 64

    public var pageCount: Int { pages.count * formats.count }

    /// Every path `run` will produce, known before any page is rendered.
    public func outputPaths() throws(RenderError) -> [String] {
        var paths = pages.flatMap { page in formats.map { "\(page.path).\($0.fileExtension)" } }
        paths += ["stats.json", "feed.xml"]
        paths += try extraFiles().map(\.path)
        return paths
    }

    /// Steps 2 and 3: hands every file to `write` in a fixed order (so output is deterministic whatever the
    /// threads did) and reports progress as (pages done, pages in all).
    ///
    /// A page whose fingerprint (its view model, the templates, the options and the frame) matches `previous` and
    /// whose files all `exist` is not rendered again: `write` gets `.unchanged` for its files. That makes a render
    /// of an unchanged database cost little more than reading it. Returns the fingerprints of this run.
    @discardableResult
    public func run(
        previous: PageFingerprints = PageFingerprints(), exist: @Sendable (String) -> Bool = { _ in false },
        progress: (Int, Int) -> Void = { _, _ in }, write: (RenderOutput) throws -> Void
    ) throws -> PageFingerprints {
        let total = pageCount
        var done = 0
        var fingerprints = PageFingerprints()
        let jobFingerprint = fingerprintOfEverythingButModels
        for start in stride(from: 0, to: pages.count, by: Self.batchSize) {
            let batch = Array(pages[start..<min(start + Self.batchSize, pages.count)])
            let results = ResultSlots(count: batch.count)
            DispatchQueue.concurrentPerform(iterations: batch.count) { index in
                let page = batch[index]
                let context = TemplateContext.make(page.makeModel())
                var stream = FNV1aStream()
                context.fingerprint(into: &stream)
                let fingerprint = PageFingerprints.combine(jobFingerprint, stream.hash)
                let paths = formats.map { "\(page.path).\($0.fileExtension)" }
                if previous.values[page.path] == fingerprint, paths.allSatisfy(exist) {
                    results.set(index, .success((fingerprint, paths.map { .unchanged($0) })))
                    return
                }
                results.set(index, Result { () throws(RenderError) -> (UInt64, [RenderOutput]) in
                    (fingerprint, try formats.map { format throws(RenderError) in .file(try format.render(page, context: context, chrome: chrome)) })
                })
            }
            for (page, result) in zip(batch, results.values) {
                let (fingerprint, outputs) = try result.get()
                fingerprints.values[page.path] = fingerprint
                for output in outputs { try write(output) }
                done += formats.count
            }
            progress(done, total)
        }
        try write(.file(stats))
        try write(.file(feed))
        for file in try extraFiles() { try write(.file(file)) }
        return fingerprints
    }

    /// What every page depends on besides its own model: the templates, the options and the frame (as-of, source).
    private var fingerprintOfEverythingButModels: UInt64 {
        PageFingerprints.hash([templates.fingerprint, String(describing: options), String(describing: chrome), "\(formats.map(\.fileExtension))"].joined(separator: "\u{0}"))
    }

    private func extraFiles() throws(RenderError) -> [RenderedFile] {
        guard options.formats.contains(.html) else { return [] }
        var files = try SiteAssets.files(mermaid: options.mermaid)
        if let searchIndex { files.append(searchIndex) }
        if let baseURL = options.baseURL {
            files.append(RenderedFile(path: "sitemap.xml", text: Self.sitemap(pages.map { HTMLFormat.joined(baseURL, $0.path + ".html") })))
        }
        return files
    }

    static func sitemap(_ urls: [String]) -> String {
        let entries = urls.map { url in
            "  <url><loc>\(XMLText.escaped(url))</loc></url>"
        }
        return (["<?xml version=\"1.0\" encoding=\"UTF-8\"?>", "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">"] + entries + ["</urlset>", ""]).joined(separator: "\n")
    }
}

/// A rendered file, or the path of one whose page did not change and was not rendered again.
public enum RenderOutput: Sendable {
    case file(RenderedFile)
    case unchanged(String)
}

/// A fingerprint per page path (FNV-1a of its inputs), kept between runs to skip unchanged pages.
public struct PageFingerprints: Sendable, Equatable {
    public var values: [String: UInt64] = [:]

    public init() {}

    /// Reads the form `serialized` writes; anything unreadable reads as no fingerprints (every page renders).
    public init(serialized data: Data?) {
        guard let data, let text = String(data: data, encoding: .utf8) else { return }
        for line in text.split(separator: "\n") {
            let fields = line.split(separator: " ", maxSplits: 1)
            if fields.count == 2, let value = UInt64(fields[0], radix: 16) { values[String(fields[1])] = value }
        }
    }

    /// One line per page, `hex path`, sorted.
    public var serialized: Data {
        Data(values.sorted { $0.key < $1.key }.map { String($0.value, radix: 16) + " " + $0.key + "\n" }.joined().utf8)
    }

    /// FNV-1a, 64 bits: stable across runs and machines, unlike `Hasher`.
    static func hash(_ text: String) -> UInt64 {
        var stream = FNV1aStream()
        stream.write(text)
        return stream.hash
    }

    static func combine(_ first: UInt64, _ second: UInt64) -> UInt64 {
        hash(String(first, radix: 16) + ":" + String(second, radix: 16))
    }
}

/// FNV-1a over everything written to it.
struct FNV1aStream {
    private(set) var hash: UInt64 = 0xCBF2_9CE4_8422_2325

    mutating func write(_ text: String) {
        for byte in text.utf8 { write(byte: byte) }
    }

    mutating func write(byte: UInt8) {
        hash ^= UInt64(byte)
        hash = hash &* 0x0000_0100_0000_01B3
    }
}

/// Slots that worker threads fill by index; each slot is written by exactly one thread, read after all finish.
private final class ResultSlots: @unchecked Sendable {
    private var slots: [Result<(UInt64, [RenderOutput]), RenderError>?]
    private let lock = NSLock()

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    func set(_ index: Int, _ result: Result<(UInt64, [RenderOutput]), RenderError>) {
        lock.lock()
        slots[index] = result
        lock.unlock()
    }

    var values: [Result<(UInt64, [RenderOutput]), RenderError>] { slots.map { $0! } }
}
