import Foundation
import Mustache

/// Finds and compiles templates once: a user's override folder first (`--templates DIR`), then the bundled
/// `Templates/` carried inside the binary. Names follow the page kind: `workflow.html.mustache`, `workflow.md.mustache`,
/// `layout.html.mustache`, `partials/…`.
struct TemplateLibrary: Sendable {
    private let library: MustacheLibrary
    /// The bundled templates compiled for speed; nil with `--templates DIR`, whose pages swift-mustache renders.
    private let compiled: CompiledTemplates?
    /// Changes whenever any template's text does, so pages rendered with other templates are rendered again.
    let fingerprint: String

    init(overrides: String?) throws(RenderError) {
        MarkdownContentType.registerOnce
        var sources: [String: String] = [:]
        for (name, data) in EmbeddedFiles.all(under: "Templates/") where name.hasSuffix(".mustache") {
            sources[String(name.dropLast(".mustache".count))] = String(decoding: data, as: UTF8.self)
        }
        if let overrides {
            let folder = URL(fileURLWithPath: overrides)
            guard let walker = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil) else {
                throw RenderError(.templates("cannot read the folder"), file: overrides)
            }
            for case let file as URL in walker where file.pathExtension == "mustache" {
                let relative = String(file.standardizedFileURL.path.dropFirst(folder.standardizedFileURL.path.count + 1))
                guard let text = try? String(contentsOf: file, encoding: .utf8) else {
                    throw RenderError(.templates("not UTF-8 text"), file: file.path)
                }
                sources[String(relative.dropLast(".mustache".count))] = text
            }
        }
        var library = MustacheLibrary()
        var texts: [String: String] = [:]
        fingerprint = String(PageFingerprints.hash(sources.sorted { $0.key < $1.key }.map { $0.key + "\u{0}" + $0.value }.joined(separator: "\u{0}")), radix: 16)
        for (name, source) in sources.sorted(by: { $0.key < $1.key }) {
            // A partial is inlined mid-line; the newline an editor leaves at its end would break the line.
            let text = name.hasPrefix("partials/") && source.hasSuffix("\n") ? String(source.dropLast()) : source
            texts[name] = text
            do {
                try library.register(text, named: name)
            } catch {
                throw RenderError(.templates("\(error)"), file: "\(name).mustache")
            }
        }
        self.library = library
        compiled = overrides == nil ? CompiledTemplates(sources: texts) : nil
    }

    /// Whether the bundled templates take the compiled path (tests check they do).
    var isCompiled: Bool { compiled != nil }

    /// Renders a template context with the named template, as UTF-8.
    func render(_ context: TemplateValue, template name: String) throws(RenderError) -> [UInt8] {
        var output: [UInt8] = []
        if let compiled {
            guard compiled.render(context, template: name, into: &output) else { throw Self.missing(name) }
            return output
        }
        return try Array(renderWithMustache(context, template: name).utf8)
    }

    /// The interpreter's rendering, for user overrides and for the test that both paths agree.
    func renderWithMustache(_ context: TemplateValue, template name: String) throws(RenderError) -> String {
        guard let output = library.render(context.mustacheContext, withTemplate: name) else { throw Self.missing(name) }
        return output
    }

    private static func missing(_ name: String) -> RenderError {
        RenderError(.templates("no template named \(name).mustache"), file: "\(name).mustache")
    }
}
