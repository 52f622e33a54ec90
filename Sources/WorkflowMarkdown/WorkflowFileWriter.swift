import Escaping
import Foundation
import WorkflowModel
import Yams

/// Writes a workflow in the canonical file form that import reads back to the same row:
/// `---`, front matter (`id`, `name`, `owner`, `description`, then `trigger`, `conditions`, `actions` and any extra
/// keys, in that order), `---`, the description, one final newline.
public struct WorkflowFileWriter: Sendable {
    private let scalars = ScalarCache()

    public init() {}

    public func write(_ document: WorkflowDocument) throws -> String {
        var pairs: [(Node, Node)] = []
        if let id = document.id { pairs.append((key("id"), Node(String(id), Tag(.int)))) }
        pairs.append((key("name"), string(document.name)))
        if let owner = document.owner { pairs.append((key("owner"), string(owner))) }
        if let description = document.description { pairs.append((key("description"), string(description))) }
        for member in document.definition.objectMembers ?? [] {
            pairs.append((key(member.key), node(member.value)))
        }
        let yaml = try Yams.serialize(node: .mapping(Node.Mapping(pairs)), indent: 2, width: -1, allowUnicode: true)
        return "---\n" + yaml + "---\n" + (document.body.isEmpty ? "" : document.body + "\n")
    }

    /// An ASCII file name for a workflow: `triage-new-bug-reports.md` (`Slug.ascii`, at most 80 characters); never empty.
    public static func slug(_ name: String) -> String {
        let slug = String(Slug.ascii(name).prefix(80))
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
