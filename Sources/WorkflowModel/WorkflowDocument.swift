/// A workflow as a person authors it in git: identity and owner, the structured definition, and the
/// natural-language description. Import turns files into these; export turns rows into these.
public struct WorkflowDocument: Sendable, Hashable {
    /// The workflow's id, when the file names one (exported files always do).
    public var id: Int64?
    public var name: String
    /// A username; nil means "the importer's --owner".
    public var owner: String?
    public var description: String?
    /// The canonical structured definition: `trigger`, `conditions`, `actions`, then any extra keys.
    public var definition: JSONValue
    /// The Markdown body, trimmed of leading and trailing blank lines.
    public var body: String

    public init(id: Int64?, name: String, owner: String?, description: String?, definition: JSONValue, body: String) {
        self.id = id
        self.name = name
        self.owner = owner
        self.description = description
        self.definition = definition
        self.body = body
    }

    /// The body as stored: without leading and trailing blank lines (spaces inside lines are kept).
    public static func normalizedBody(_ text: String) -> String {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
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
