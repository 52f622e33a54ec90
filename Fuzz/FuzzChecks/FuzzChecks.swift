import Foundation
import Escaping
import WorkflowMarkdown
import WorkflowModel

/// What the fuzzer checks for any input, beyond "no crash": each is a property the code promises.
/// The libFuzzer entry point and the corpus replay in `make test` both call `run`.
public enum FuzzChecks {
    public static func run(_ data: Data) {
        checkWorkflowFileRoundTrip(data)
        let text = String(decoding: data, as: UTF8.self)
        checkJSONRoundTrip(text)
        checkEscaping(text)
    }

    /// A file that parses, written in canonical form and parsed again, is the same document.
    static func checkWorkflowFileRoundTrip(_ data: Data) {
        let first = WorkflowFileParser().parse(data, path: "fuzz.md")
        guard first.errors.isEmpty, let document = first.candidate?.document else { return }
        guard let written = try? WorkflowFileWriter().write(document) else {
            fatalError("a parsed document could not be written: \(document)")
        }
        let second = WorkflowFileParser().parse(Data(written.utf8), path: "fuzz.md")
        guard second.errors.isEmpty, let again = second.candidate?.document else {
            fatalError("the written form of a parsed file does not parse:\n\(written)\n\(second.errors)")
        }
        guard again.name == document.name, again.owner == document.owner, again.description == document.description,
              again.body == document.body, again.id == document.id, WorkflowDocument.isSameDefinition(document.definition, again.definition)
        else {
            fatalError("round trip changed the document:\n\(document)\n\(again)")
        }
    }

    /// JSON that parses survives the Python-dialect writer unchanged.
    static func checkJSONRoundTrip(_ text: String) {
        guard let value = try? JSONParser.parse(text) else { return }
        guard let again = try? JSONParser.parse(JSONWriter.python.write(value)), again.isEquivalent(to: value) else {
            fatalError("JSON round trip failed for \(text.prefix(200))")
        }
    }

    /// Escapers never let through what their grammar would misread.
    static func checkEscaping(_ text: String) {
        let label = MermaidText.label(text, limit: 10_000)
        for forbidden in ["\"", "\n", "\r", "<", ">", "`", "[", "]", "{", "}", "|"] where label.contains(forbidden) {
            fatalError("Mermaid label keeps \(forbidden.debugDescription): \(label.prefix(200))")
        }
        let word = MermaidText.word(text, fallback: "x")
        guard word.unicodeScalars.allSatisfy({ $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_" || $0 == "-") }),
              !word.hasPrefix("_"), !word.hasSuffix("_")
        else {
            fatalError("Mermaid word is not a bare word: \(word)")
        }
        // Markup, not words: "javascript:" as paragraph text is harmless; as a link target it is not.
        let html = MarkdownHTML.render(text).lowercased()
        for raw in ["<script", "<iframe", "<object", "<embed", "<style", "href=\"javascript:", "src=\"javascript:", "href=\"vbscript:", "href=\"data:text/html"] where html.contains(raw) {
            fatalError("cmark-gfm let raw HTML through (\(raw)): \(html.prefix(300))")
        }
        if html.range(of: #"<[a-z][^>]*\son[a-z]+\s*="#, options: .regularExpression) != nil {
            fatalError("cmark-gfm let an event-handler attribute through: \(html.prefix(300))")
        }
    }
}
