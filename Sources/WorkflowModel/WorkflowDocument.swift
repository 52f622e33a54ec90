/// A workflow as a person authors it in git: identity and owner, the structured definition, and the
/// natural-language description. Import turns files into these; export turns rows into these.
public struct WorkflowDocument: Sendable, Hashable {
    /// The workflow's id, when the file names one (exported files always do).
    public var id: Int64?
    public var name: String
    /// A username; nil means "the importer's --owner".
    public var owner: String?
    public var description: String?
    /// The structured definition: canonical keys (`trigger`, `conditions`, `actions`, then any extra keys), or whatever
    /// the app stored when the format cannot express it (a string, an array, null, text that is not JSON).
    public var definition: StoredJSON
    /// The Markdown body, trimmed of leading and trailing blank lines.
    public var body: String

    public init(id: Int64?, name: String, owner: String?, description: String?, definition: StoredJSON, body: String) {
        self.id = id
        self.name = name
        self.owner = owner
        self.description = description
        self.definition = definition
        self.body = body
    }

    /// Front-matter keys that are the workflow's own, not part of its definition. A stored definition using one of
    /// them as a key is written as `stored_definition:`, so the two never mix.
    public static let frontMatterKeys: Set<String> = ["id", "name", "owner", "description", storedDefinitionKey, storedDefinitionTextKey]
    /// The definition exactly as stored, when the format cannot express it as `trigger`/`conditions`/`actions`.
    public static let storedDefinitionKey = "stored_definition"
    /// The stored text of a definition that is not JSON (or holds numbers JSON cannot: NaN, Infinity).
    public static let storedDefinitionTextKey = "stored_definition_text"

    /// Whether a file's definition is the one stored, as the app would see it: in canonical keys, ignoring key
    /// order; SQL NULL and JSON null alike; text that is not JSON only when it is the same text.
    public static func isSameDefinition(_ stored: StoredJSON, _ file: StoredJSON) -> Bool {
        switch (stored, file) {
        case (.value(let left), .value(let right)):
            return (WorkflowDefinition.canonical(left) ?? left).isEquivalent(to: WorkflowDefinition.canonical(right) ?? right)
        case (.missing, .value(.null)), (.value(.null), .missing), (.missing, .missing):
            return true
        case (.malformed(let left), .malformed(let right)):
            return left == right
        default:
            return false
        }
    }

    /// Whether a file's body is the stored description: both without leading and trailing blank lines, and line
    /// breaks compared as `\n` (a file read on Windows has `\r\n`).
    public static func isSameBody(_ stored: String, _ file: String) -> Bool {
        let unify = { (text: String) in text.contains("\r\n") ? String(text.map { $0 == "\r\n" ? "\n" : $0 }) : text }
        return unify(normalizedBody(stored)) == unify(file)
    }

    /// The body as stored: without leading and trailing blank lines (spaces inside lines are kept).
    public static func normalizedBody(_ text: String) -> String {
        // "\r\n" is one Character in Swift, so it is named as a separator of its own.
        var lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }).map(String.init)
        while let first = lines.first, first.trimmedWhitespace.isEmpty { lines.removeFirst() }
        while let last = lines.last, last.trimmedWhitespace.isEmpty { lines.removeLast() }
        return lines.joined(separator: "\n")
    }
}

extension WorkflowDefinition {
    /// The definition with the format's canonical keys, as import and export write it: a bare-string trigger
    /// becomes `{type: …}`, `steps` becomes `actions`, `server`/`mcp_server` `integration`, `name` `tool`,
    /// `args`/`params`/`input` `arguments`. Key order: trigger (type first), conditions, actions, then the rest as
    /// stored. Nil when the stored definition is not an object, which no file can express.
    public static func canonical(_ raw: JSONValue) -> JSONValue? {
        guard case .object(let members) = raw else { return nil }
        var output: [JSONValue.Member] = []
        if let trigger = raw["trigger"] {
            switch trigger {
            case .string(let type):
                output.append(.init("trigger", .object([.init("type", .string(type))])))
            case .object(let fields):
                output.append(.init("trigger", .object(fields.filter { $0.key == "type" } + fields.filter { $0.key != "type" })))
            default:
                output.append(.init("trigger", trigger))
            }
        }
        if let conditions = raw["conditions"] { output.append(.init("conditions", conditions)) }
        if let actions = raw["actions"] ?? raw["steps"] {
            output.append(.init("actions", actions.arrayValue.map { .array($0.map(canonicalAction)) } ?? actions))
        }
        let consumed: Set<String> = ["trigger", "conditions", "actions", "steps"]
        output += members.filter { !consumed.contains($0.key) }
        return .object(output)
    }

    private static let actionAliases: [(canonical: String, aliases: [String])] = [
        ("id", []), ("integration", ["server", "mcp_server"]), ("tool", ["name"]), ("arguments", ["args", "params", "input"]),
    ]

    private static func canonicalAction(_ action: JSONValue) -> JSONValue {
        guard case .object(let fields) = action else { return action }
        var output: [JSONValue.Member] = []
        var consumed = Set<String>()
        for (canonical, aliases) in actionAliases {
            for key in [canonical] + aliases {
                if let value = fields.last(where: { $0.key == key })?.value {
                    output.append(.init(canonical, value))
                    consumed.formUnion([canonical] + aliases)
                    break
                }
            }
        }
        return .object(output + fields.filter { !consumed.contains($0.key) })
    }
}

extension JSONValue {
    /// Equality that ignores the order of object keys: two definitions that differ only in key order are the same
    /// workflow, so import reports them unchanged and writes nothing.
    public func isEquivalent(to other: JSONValue) -> Bool {
        switch (self, other) {
        case (.object(let left), .object(let right)):
            guard left.count == right.count else { return false }
            let rightByKey = Dictionary(right.map { ($0.key, $0.value) }, uniquingKeysWith: { _, last in last })
            return left.allSatisfy { member in rightByKey[member.key].map { member.value.isEquivalent(to: $0) } ?? false }
        case (.array(let left), .array(let right)):
            return left.count == right.count && zip(left, right).allSatisfy { $0.isEquivalent(to: $1) }
        case (.double(let left), .double(let right)):
            return left == right || (left.isNaN && right.isNaN)
        case (.integer(let left), .double(let right)), (.double(let right), .integer(let left)):
            return Double(left) == right
        default:
            return self == other
        }
    }
}
