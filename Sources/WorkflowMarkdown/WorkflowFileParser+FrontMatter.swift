import Foundation
import WorkflowModel
import Yams

extension WorkflowFileParser {
    /// The whole front matter as JSON, converted exactly as import converts a definition (tags decide types, key
    /// order kept): what the JSON Schema describes and what a schema validator is given. Nil when the file has no
    /// readable front matter.
    public static func frontMatterJSON(_ data: Data) -> JSONValue? {
        guard var text = String(data: data, encoding: .utf8) else { return nil }
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        let lines = text.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false)
        guard lines.first?.trimmedWhitespace == "---",
              let closing = lines.indices.dropFirst().first(where: { lines[$0].trimmedWhitespace == "---" }),
              let root = try? Yams.compose(yaml: lines[1..<closing].joined(separator: "\n"))
        else { return nil }
        var reader = FrontMatterReader(path: "")
        return reader.json(root, at: .root, depth: 0)
    }
}
