import Foundation
import Mustache
import Redaction
import Testing
import WorkflowModel
@testable import SiteRenderer

/// The compiled path must write exactly what swift-mustache writes: on every page of real sites, and on generated
/// templates and values that stress the whitespace rules and the escapers.
@Suite struct CompiledTemplateTests {
    @Test func theBundledTemplatesTakeTheCompiledPath() throws {
        #expect(try TemplateLibrary(overrides: nil).isCompiled)
        let folder = try RenderFixture.temporaryFolder()
        #expect(try TemplateLibrary(overrides: folder.path).isCompiled == false)
    }

    static func sites() throws -> [(String, WorkflowDatabaseSnapshot, RunDetailReader)] {
        func site(_ name: String, _ url: URL) throws -> (String, WorkflowDatabaseSnapshot, RunDetailReader) {
            let snapshot = try RenderFixture.snapshot(url)
            return (name, snapshot, RenderFixture.runDetails(url, of: snapshot))
        }
        return [
            try site("demo", try RenderFixture.demoDatabase()),
            try site("prisma demo", try RenderFixture.demoDatabase(layout: .prisma)),
            try site("big schema", try RenderFixture.bigSchemaDatabase()),
            ("hostile names", try MermaidDiagramTests.hostileSnapshot(), .none),
        ]
    }

    @Test func everyPageOfRealSitesRendersAsSwiftMustacheRendersIt() throws {
        let library = try TemplateLibrary(overrides: nil)
        var compared = 0
        for (name, snapshot, runDetails) in try Self.sites() {
            let redacted = try RedactedSnapshot(snapshot, runDetails: runDetails)
            let pages = SiteBuilder(snapshot: redacted, options: RenderOptions(), runPages: runDetails.ids).pages()
            for page in pages {
                let details = redacted.masked(try runDetails.read(page.runIDs))
                let context = TemplateValue.object(page.makeModel(details).templateContext)
                for format in ["html", "md"] {
                    let template = "\(page.kind.rawValue).\(format)"
                    let compiled = String(decoding: try library.render(context, template: template), as: UTF8.self)
                    let interpreted = try library.renderWithMustache(context, template: template)
                    #expect(compiled == interpreted, "\(name): \(page.path).\(format)")
                    compared += 1
                }
            }
        }
        #expect(compared > 100)
    }

    // MARK: Generated templates and values

    /// Pieces a template is made of, chosen to land tags alone on lines, mid-line, after indentation, at the end.
    /// `{{.}}` only inside items (text, or objects of one key): an object of several keys prints as a dictionary
    /// whose order swift-mustache itself does not fix.
    static let pieces = [
        "\n", "\r\n", "  ", "\t", "text", "{x", "}", "{{name}}", "{{{name}}}", "{{& name}}", "{{ name }}", "{{#items}}{{.}}{{/items}}", "{{nested.inner}}",
        "{{#flag}}", "{{/flag}}", "{{^flag}}", "{{#items}}", "{{/items}}", "{{^items}}", "{{#nested}}", "{{/nested}}", "{{#missing}}",
        "{{/missing}}", "{{^missing}}", "{{! a comment }}", "{{> part}}", "{{% CONTENT_TYPE: MARKDOWN}}", "{{% CONTENT_TYPE: TEXT}}",
    ]

    /// A random template whose sections are balanced (each opened section is closed in order); only a page (not
    /// the partial itself, which would recurse forever) includes the partial.
    static func template(_ random: inout SeededRandom, partial: Bool) -> String {
        var text = ""
        var open: [String] = []
        for _ in 0..<1 + random.below(40) {
            let piece = pieces[random.below(pieces.count)]
            if piece.hasPrefix("{{>"), !partial { continue }
            if piece.hasPrefix("{{/") {
                guard let name = open.popLast() else { continue }
                text += "{{/\(name)}}"
            } else {
                if (piece.hasPrefix("{{#") || piece.hasPrefix("{{^")) && !piece.contains("{{/") { open.append(String(piece.dropFirst(3).dropLast(2))) }
                text += piece
            }
        }
        for name in open.reversed() { text += (random.below(2) == 0 ? "\n" : "") + "{{/\(name)}}" }
        return text
    }

    static let characters: [String] = ["a", "Z", " ", "<", ">", "&", "\"", "'", "\\", "`", "*", "_", "[", "]", "|", "~", "\n", "\r", "\r\n", "é", "李", "🚀", "#", "{", "}"]

    static func text(_ random: inout SeededRandom) -> String {
        (0..<random.below(13)).map { _ in characters[random.below(characters.count)] }.joined()
    }

    static func value(_ random: inout SeededRandom) -> TemplateValue {
        var item = TemplateObject()
        item["name"] = .text(text(&random))
        var nested = TemplateObject()
        nested["inner"] = .text(text(&random))
        if random.below(2) == 0 { nested["name"] = .text(text(&random)) }
        var root = TemplateObject()
        root["name"] = .text(text(&random))
        root["flag"] = .flag(random.below(2) == 0)
        root["items"] = .list((0..<random.below(4)).map { _ in random.below(3) == 0 ? .text(text(&random)) : .object(item) })
        root["nested"] = .object(nested)
        return .object(root)
    }

    @Test func generatedTemplatesAndValuesRenderAsSwiftMustacheRendersThem() throws {
        MarkdownContentType.registerOnce
        var random = SeededRandom(seed: 20261201)
        var compared = 0
        for round in 0..<2_000 {
            let sources = ["page": Self.template(&random, partial: true), "part": Self.template(&random, partial: false)]
            // An indented standalone partial is the one generated shape the compiled path declines.
            guard let compiled = CompiledTemplates(sources: sources) else {
                #expect(sources["page"]!.contains("{{> part}}"), "round \(round): \(sources)")
                continue
            }
            compared += 1
            var library = MustacheLibrary()
            for (name, source) in sources { try library.register(source, named: name) }
            let value = Self.value(&random)
            var output: [UInt8] = []
            #expect(compiled.render(value, template: "page", into: &output))
            let expected = library.render(value.mustacheContext, withTemplate: "page")
            #expect(String(decoding: output, as: UTF8.self) == expected, "round \(round): \(sources)")
            if String(decoding: output, as: UTF8.self) != expected { return }
        }
        #expect(compared > 1_500)
    }

    @Test func unsupportedFeaturesLeaveTheLibraryToSwiftMustache() {
        for source in ["{{=<% %>=}}", "{{<parent}}{{/parent}}", "{{$block}}x{{/block}}", "{{upper(name)}}", "{{>*dynamic}}", "  {{> part}}\n", "{{#open}}", "{{.name}}"] {
            #expect(CompiledTemplates(sources: ["page": source]) == nil, "\(source)")
        }
    }

    @Test func escapingWorksOnBytesSoCombiningMarksCannotHideAnAngleBracket() {
        var output: [UInt8] = []
        TemplateEscaping.html.append("<\u{301}script>", to: &output)
        #expect(String(decoding: output, as: UTF8.self) == "&lt;\u{301}script&gt;")
        output = []
        TemplateEscaping.markdown.append("a|b\r\nc*\u{301}", to: &output)
        #expect(String(decoding: output, as: UTF8.self) == "a\\|b c\\*\u{301}")
    }
}
