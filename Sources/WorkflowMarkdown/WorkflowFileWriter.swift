import Escaping
import Foundation
import Redaction
import WorkflowModel
import Yams

/// Writes a workflow in the canonical file form that import reads back to the same row:
/// `---`, the schema modelines (`WorkflowFileSchema`), front matter (`id`, `name`, `owner`, `description`, then `trigger`, `conditions`, `actions` and any extra
/// keys, in that order), `---`, the description, one final newline.
///
/// A definition the format cannot express that way is written exactly as stored, so that exporting and importing an
/// unchanged database changes nothing whatever the app stored: under `stored_definition:` when it is JSON the rules
/// reject (a bare string, an array, null, an unknown trigger type, a key the front matter uses itself), under
/// `stored_definition_text:` when it is not JSON at all or holds numbers JSON cannot (NaN), with a comment saying why.
public struct WorkflowFileWriter: Sendable {
    private let scalars = ScalarCache()

    public init() {}

    public func write(_ document: WorkflowDocument) throws -> String {
        var pairs: [(Node, Node)] = []
        if let id = document.id { pairs.append((key("id"), Node(String(id), Tag(.int)))) }
        pairs.append((key("name"), string(document.name)))
        if let owner = document.owner { pairs.append((key("owner"), string(owner))) }
        if let description = document.description { pairs.append((key("description"), string(description))) }
        var yaml: String
        switch Self.form(of: document.definition) {
        case .canonical(let members):
            for member in members { pairs.append((key(member.key), node(member.value))) }
            yaml = try serialize(pairs)
        case .stored(let value, let reason):
            yaml = try serialize(pairs) + "# \(reason)\n" + (try serialize([(key(WorkflowDocument.storedDefinitionKey), node(value))]))
        case .storedText(let text, let reason):
            yaml = try serialize(pairs) + "# \(reason)\n" + (try serialize([(key(WorkflowDocument.storedDefinitionTextKey), string(text))]))
        }
        return "---\n" + WorkflowFileSchema.modelines + yaml + "---\n" + (document.body.isEmpty ? "" : document.body + "\n")
    }

    /// How a definition is written, and why when not in the format's own keys.
    enum Form {
        case canonical([JSONValue.Member])
        case stored(JSONValue, reason: String)
        case storedText(String, reason: String)
    }

    static func form(of definition: StoredJSON) -> Form {
        switch definition {
        case .missing:
            return .stored(.null, reason: "stored as NULL; kept as it is")
        case .malformed(let text):
            return .storedText(text, reason: "stored as text that is not JSON; kept exactly as it is")
        case .value(let value):
            if !value.isFinite {
                return .storedText(JSONWriter.python.write(value), reason: "stored with numbers JSON cannot hold (NaN, Infinity); kept exactly as it is")
            }
            guard let canonical = WorkflowDefinition.canonical(value), let members = canonical.objectMembers else {
                return .stored(value, reason: "stored as a JSON \(value.kindName), not a mapping; kept exactly as it is")
            }
            if let clash = members.first(where: { WorkflowDocument.frontMatterKeys.contains($0.key) }) {
                return .stored(value, reason: "the definition has its own '\(clash.key)' key; kept exactly as stored")
            }
            if let problem = DefinitionRules.problems(in: canonical).first(where: { $0.kind == .error }) {
                return .stored(value, reason: "kept exactly as stored: \(problem.message.replacingOccurrences(of: "\n", with: " "))")
            }
            return .canonical(members)
        }
    }

    private func serialize(_ pairs: [(Node, Node)]) throws -> String {
        try Yams.serialize(node: .mapping(Node.Mapping(pairs)), indent: 2, width: -1, allowUnicode: true)
    }

    /// An ASCII file name for a workflow: `triage-new-bug-reports.md` (`Slug.ascii`, at most 80 characters); never empty.
    /// A secret in the name is masked first: file names reach `git log`, CI logs and pull requests.
    public static func slug(_ name: String) -> String {
        let slug = String(Slug.ascii(SecretRedactor().redact(name)).prefix(80))
        return slug.isEmpty ? "workflow" : slug
    }

    private func key(_ text: String) -> Node { string(text) }

    /// Yams quotes a string that would otherwise read back as a number, boolean or null. Deciding takes regular
    /// expressions, and keys and server names repeat across thousands of files, so decisions are remembered.
    private func string(_ text: String) -> Node { .scalar(scalars.represented(text)) }

    func node(_ value: JSONValue) -> Node {
        switch value {
        case .null: return Node("null", Tag(.null))
        case .bool(let flag): return Node(flag ? "true" : "false", Tag(.bool))
        case .integer(let number): return Node(String(number), Tag(.int))
        case .double(let number): return Node(Self.yamlFloat(number), Tag(.float))
        case .string(let text): return string(text)
        case .array(let items):
            return .sequence(Node.Sequence(items.map(node), Tag(.seq), items.isEmpty ? .flow : .block))
        case .object(let members):
            return .mapping(Node.Mapping(members.map { (key($0.key), node($0.value)) }, Tag(.map), members.isEmpty ? .flow : .block))
        }
    }

    /// YAML 1.1 reads a float only with a `.` (`1e+16` would be text), and spells the non-finite values its own way.
    static func yamlFloat(_ number: Double) -> String {
        if number.isNaN { return ".nan" }
        if number.isInfinite { return number < 0 ? "-.inf" : ".inf" }
        let text = number.description
        if text.contains(".") { return text }
        if let exponent = text.firstIndex(where: { $0 == "e" || $0 == "E" }) { return text[..<exponent] + ".0" + text[exponent...] }
        return text + ".0"
    }
}

/// Remembers how Yams represents each string (plain or quoted).
final class ScalarCache: @unchecked Sendable {
    private var scalars: [String: Node.Scalar] = [:]
    private let lock = NSLock()
    static let maximumEntries = 50_000

    func represented(_ text: String) -> Node.Scalar {
        lock.lock()
        defer { lock.unlock() }
        if let scalar = scalars[text] { return scalar }
        let scalar = text.represented()
        if scalars.count < Self.maximumEntries { scalars[text] = scalar }
        return scalar
    }
}
