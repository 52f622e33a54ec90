import Escaping
import Foundation
import Redaction
import WorkflowModel

/// One render of one snapshot: the paths it will write, then the files, in that order.
public struct RenderJob: Sendable {
    let snapshot: RedactedSnapshot
    /// Where run pages' details come from: read for each batch of pages, masked, and dropped with the batch, so
    /// memory holds a batch's runs, not every run page's.
    let runDetails: RunDetailReader
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
        Self.returnFreedMemory()
        let total = pageCount
        var done = 0
        var fingerprints = PageFingerprints()
        let frameFingerprints = (withAsOf: fingerprintOfEverythingButModels(asOf: true), withoutAsOf: fingerprintOfEverythingButModels(asOf: false))
        for start in stride(from: 0, to: pages.count, by: Self.batchSize) {
            let batch = Array(pages[start..<min(start + Self.batchSize, pages.count)])
            // One look-up for the batch's runs (the store splits it into statements); masked per page, on every core.
            let read = try runDetails.read(batch.flatMap(\.runIDs))
            let results = batch.concurrentMap { page -> Result<(UInt64, [RenderOutput]), RenderError> in
                let details = page.runIDs.isEmpty ? [:] : snapshot.masked(Dictionary(uniqueKeysWithValues: page.runIDs.compactMap { id in read[id].map { (id, $0) } }))
                let context = TemplateValue.object(page.makeModel(details).templateContext)
                var stream = FNV1a64()
                context.fingerprint(into: &stream)
                let fingerprint = PageFingerprints.combine(page.kind.showsAsOf ? frameFingerprints.withAsOf : frameFingerprints.withoutAsOf, stream.value)
                let paths = formats.map { "\(page.path).\($0.fileExtension)" }
                if previous.values[page.path] == fingerprint, paths.allSatisfy(exist) {
                    return .success((fingerprint, paths.map { .unchanged($0) }))
                }
                return Result { () throws(RenderError) -> (UInt64, [RenderOutput]) in
                    (fingerprint, try formats.map { format throws(RenderError) in .file(try format.render(page, context: context, chrome: chrome)) })
                }
            }
            for (page, result) in zip(batch, results) {
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

    /// Gives the memory that reading, masking and planning freed back to the system before pages are rendered.
    /// That memory sits in the main thread's malloc arena, which glibc keeps for the main thread; the render
    /// threads allocate from arenas of their own and would grow them beside it. On the 5 M-run demo the render's
    /// peak was 332–342 MB without this and 295–309 MB with it (`MALLOC_ARENA_MAX=1` gave 291 MB), the same output.
    static func returnFreedMemory() {
        #if os(Linux)
        _ = glibcMallocTrim(0)
        #endif
    }

    /// What every page depends on besides its own model: the templates, the options and the frame (source, and
    /// as-of on the pages that show it).
    private func fingerprintOfEverythingButModels(asOf: Bool) -> UInt64 {
        var frame = chrome
        if !asOf { frame.asOf = "" }
        return PageFingerprints.hash([templates.fingerprint, String(describing: options), String(describing: frame), "\(formats.map(\.fileExtension))"].joined(separator: "\u{0}"))
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

#if os(Linux)
/// glibc's `malloc_trim` (`<malloc.h>`, which the Glibc module does not export).
@_silgen_name("malloc_trim")
private func glibcMallocTrim(_ pad: Int) -> Int32
#endif
