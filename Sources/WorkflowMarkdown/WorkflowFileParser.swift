import Foundation
import WorkflowModel
import Yams

/// Reads one workflow Markdown file: YAML front matter between `---` lines, then the Markdown description.
/// Returns the document and any warnings, or every error found, each at its line and column in the file.
public struct WorkflowFileParser: Sendable {
    public static let maximumSize = 1 << 20
    /// YAML aliases can make a small file expand to billions of values; past this many, the file is refused.
    public static let maximumValues = 100_000
    public static let maximumDepth = 64

    public init() {}

    public struct Parsed: Sendable {
        /// The document with where its keys stand, ready for the importer.
        public var candidate: ImportCandidate
        public var warnings: [WorkflowFileIssue]
    }

    /// A parsed file, or every error found in it.
    public enum Outcome: Sendable {
        case parsed(Parsed)
        case failed([WorkflowFileIssue])
    }

    public func parse(_ data: Data, path: String) -> Outcome {
        func failure(_ line: Int, _ column: Int, _ message: String) -> Outcome {
            .failed([WorkflowFileIssue(path: path, line: line, column: column, message: message)])
        }
        guard data.count <= Self.maximumSize else {
            return failure(1, 1, "file is \(data.count) bytes; workflow files are limited to \(Self.maximumSize) bytes (1 MiB)")
        }
        guard var text = String(data: data, encoding: .utf8) else {
            let (line, column) = Self.firstInvalidUTF8(in: data)
            return failure(line, column, "not UTF-8 text (a binary file, or another encoding)")
        }
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        if text.contains("\0") { return failure(1, 1, "not a text file (it contains NUL bytes)") }
        text = text.replacingOccurrences(of: "\r\n", with: "\n")

        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard lines.first.map({ $0.trimmedWhitespace == "---" }) == true else {
            return failure(1, 1, "missing front matter: the file must start with a line '---'")
        }
        guard let closing = lines.indices.dropFirst().first(where: { lines[$0].trimmedWhitespace == "---" }) else {
            return failure(1, 1, "front matter has no closing '---' line")
        }
        let yaml = lines[1..<closing].joined(separator: "\n")
        let body = WorkflowDocument.normalizedBody(lines[(closing + 1)...].joined(separator: "\n"))

        let root: Node?
        do {
            root = try Yams.compose(yaml: yaml)
        } catch let error as YamlError {
            return .failed([Self.issue(from: error, path: path, yaml: yaml)])
        } catch {
            return failure(2, 1, "YAML error: \(error)")
        }
        var reader = FrontMatterReader(path: path)
        let document = reader.read(root, body: body)
        let errors = reader.issues.filter { $0.severity == .error }
        guard let document, errors.isEmpty else { return .failed(errors.sorted()) }
        let candidate = ImportCandidate(path: path, document: document, keyPositions: reader.keyPositions, integrationReferences: reader.integrationReferences)
        return .parsed(Parsed(candidate: candidate, warnings: reader.issues.filter { $0.severity == .warning }.sorted()))
    }

    /// Yams reports positions inside the YAML text; the file has the opening `---` line above it.
    static func issue(from error: YamlError, path: String, yaml: String) -> WorkflowFileIssue {
        switch error {
        case .duplicatedKeysInMapping(let duplicates, let context):
            // Yams marks the mapping; point at the second occurrence of the first duplicated key instead.
            let key = duplicates.first ?? ""
            let lines = yaml.split(separator: "\n", omittingEmptySubsequences: false)
            let hits = lines.indices.filter { lines[$0].trimmedWhitespace.hasPrefix(key + ":") || lines[$0].trimmedWhitespace.hasPrefix("- " + key + ":") }
            let line = hits.count > 1 ? hits[1] + 2 : context.mark.line + 1
            let column = hits.count > 1 ? (lines[hits[1]].firstIndex { $0 != " " && $0 != "-" }.map { lines[hits[1]].distance(from: lines[hits[1]].startIndex, to: $0) + 1 } ?? 1) : context.mark.column
            return WorkflowFileIssue(path: path, line: line, column: column, message: "duplicate key '\(key)'")
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _), .composer(let context, let problem, let mark, _):
            let detail = [context?.text, problem].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: ": ")
            return WorkflowFileIssue(path: path, line: mark.line + 1, column: mark.column, message: "YAML syntax error: \(detail)")
        default:
            return WorkflowFileIssue(path: path, line: 2, column: 1, message: "YAML error: \(error)")
        }
    }

    static func firstInvalidUTF8(in data: Data) -> (Int, Int) {
        var line = 1, column = 1
        var iterator = data.makeIterator()
        var decoder = UTF8()
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar):
                if scalar == "\n" { line += 1; column = 1 } else { column += 1 }
            case .emptyInput: return (line, column)
            case .error: return (line, column)
            }
        }
    }
}

/// Walks the composed YAML, checking each rule and converting to JSON; collects every problem it finds.
struct FrontMatterReader {
    let path: String
    var issues: [WorkflowFileIssue] = []
    var integrationReferences: [(server: String, position: FilePosition)] = []
    var keyPositions: [String: FilePosition] = [:]
    private var valuesSeen = 0

    /// YAML marks count from the first line of the front matter; the file has the opening `---` above it.
    static func position(_ node: Node?) -> FilePosition {
        node?.mark.map { FilePosition(line: $0.line + 1, column: $0.column) } ?? .top
    }

    init(path: String) { self.path = path }

    mutating func report(_ node: Node?, _ message: String, severity: WorkflowFileIssue.Severity = .error) {
        let position = Self.position(node)
        issues.append(WorkflowFileIssue(path: path, line: position.line, column: position.column, message: message, severity: severity))
    }

    mutating func reportAtTop(_ message: String) { report(nil, message) }

    mutating func read(_ root: Node?, body: String) -> WorkflowDocument? {
        guard let root, case .mapping(let mapping) = root else {
            if root == nil { reportAtTop("the front matter is empty") } else { report(root, "the front matter must be a mapping of keys to values") }
            return nil
        }
        var fields: [(key: String, keyNode: Node, value: Node)] = []
        for (keyNode, value) in mapping {
            guard let key = keyNode.scalar?.string else { report(keyNode, "keys must be plain text"); continue }
            if fields.contains(where: { $0.key == key }) { report(keyNode, "duplicate key '\(key)'") }
            fields.append((key, keyNode, value))
            keyPositions[key] = keyPositions[key] ?? Self.position(value)
        }
        func field(_ name: String) -> (keyNode: Node, value: Node)? {
            fields.last(where: { $0.key == name }).map { ($0.keyNode, $0.value) }
        }

        var id: Int64?
        if let entry = field("id") {
            if let number = entry.value.int, number > 0, Self.tag(of: entry.value) == .int { id = Int64(number) } else { report(entry.value, "'id' must be a positive whole number") }
        }
        var name = field("name").flatMap { entry -> String? in
            guard let text = plainString(entry.value), !text.trimmedWhitespace.isEmpty else { report(entry.value, "'name' must be non-empty text"); return nil }
            return text
        }
        if field("name") == nil {
            name = body.split(separator: "\n").first { $0.hasPrefix("# ") }.map { String($0.dropFirst(2)).trimmedWhitespace }
            if name == nil || name?.isEmpty == true { reportAtTop("missing 'name' (and the description has no '# heading' to take it from)") }
        }
        let owner = field("owner").flatMap { entry -> String? in
            guard let text = plainString(entry.value), !text.isEmpty else { report(entry.value, "'owner' must be a username"); return nil }
            return text
        }
        let description = field("description").flatMap { entry -> String? in
            if case .scalar = entry.value, entry.value.null != nil { return nil }
            guard let text = plainString(entry.value) else { report(entry.value, "'description' must be text"); return nil }
            return text
        }

        var definition: [JSONValue.Member] = []
        if let trigger = field("trigger") {
            definition.append(.init("trigger", checkTrigger(trigger.value)))
        } else {
            reportAtTop("missing 'trigger'")
        }
        if let conditions = field("conditions") {
            definition.append(.init("conditions", checkConditions(conditions.value)))
        }
        if let actions = field("actions") {
            definition.append(.init("actions", checkActions(actions.value)))
        } else {
            reportAtTop("missing 'actions'")
        }
        for entry in fields where !["id", "name", "owner", "description", "trigger", "conditions", "actions"].contains(entry.key) {
            definition.append(.init(entry.key, json(entry.value, depth: 0)))
        }
        guard let name else { return nil }
        return WorkflowDocument(id: id, name: name, owner: owner, description: description, definition: .object(definition), body: body)
    }

    /// The resolved tag's name (Yams keeps `Tag.name` internal).
    static func tag(of node: Node) -> Tag.Name { Tag.Name(rawValue: node.tag.rawValue) }

    private func plainString(_ node: Node) -> String? {
        guard case .scalar(let scalar) = node else { return nil }
        return scalar.string
    }

    private mutating func checkTrigger(_ node: Node) -> JSONValue {
        guard case .mapping(let mapping) = node else {
            report(node, "'trigger' must be a mapping with a 'type' (one of \(WorkflowDefinition.triggerTypes.joined(separator: ", ")))")
            return json(node, depth: 0)
        }
        let type = mapping["type"]
        switch type.flatMap(plainString) {
        case nil:
            report(node, "'trigger' needs a 'type' (one of \(WorkflowDefinition.triggerTypes.joined(separator: ", ")))")
        case let value? where !WorkflowDefinition.triggerTypes.contains(value):
            report(type, "unknown trigger type '\(value)'; expected one of \(WorkflowDefinition.triggerTypes.joined(separator: ", "))")
        case "schedule"?:
            if let cron = mapping["cron"], let text = plainString(cron) {
                if text.split(separator: " ", omittingEmptySubsequences: true).count != 5 { report(cron, "'cron' must have five fields (minute hour day month weekday)") }
            } else {
                report(node, "a schedule trigger needs 'cron'")
            }
        case "event"?:
            if mapping["integration"].flatMap(plainString) == nil { report(node, "an event trigger needs 'integration' (the server name)") }
            if mapping["event"].flatMap(plainString) == nil { report(node, "an event trigger needs 'event'") }
            if let integration = mapping["integration"], let server = plainString(integration) {
                integrationReferences.append((server, Self.position(integration)))
            }
        default:
            break
        }
        return Self.canonical("trigger", json(node, depth: 0))
    }

    private mutating func checkConditions(_ node: Node) -> JSONValue {
        guard case .sequence(let sequence) = node else {
            report(node, "'conditions' must be a list")
            return json(node, depth: 0)
        }
        for condition in sequence {
            guard case .mapping(let mapping) = condition else { report(condition, "each condition must be a mapping with 'field' and 'op'"); continue }
            if mapping["field"].flatMap(plainString) == nil { report(condition, "a condition needs 'field'") }
            switch mapping["op"].flatMap(plainString) {
            case nil: report(condition, "a condition needs 'op' (one of \(WorkflowDefinition.conditionOperators.joined(separator: ", ")))")
            case let op? where !WorkflowDefinition.conditionOperators.contains(op):
                report(mapping["op"], "unknown condition op '\(op)'; expected one of \(WorkflowDefinition.conditionOperators.joined(separator: ", "))")
            default: break
            }
            if mapping["value"] == nil, mapping["op"].flatMap(plainString) != "exists" { report(condition, "a condition needs 'value'") }
        }
        return json(node, depth: 0)
    }

    private mutating func checkActions(_ node: Node) -> JSONValue {
        guard case .sequence(let sequence) = node else {
            report(node, "'actions' must be a list")
            return json(node, depth: 0)
        }
        if sequence.count == 0 { report(node, "'actions' is empty: the workflow does nothing", severity: .warning) }
        var ids: [String: Node] = [:]
        for action in sequence {
            guard case .mapping(let mapping) = action else { report(action, "each action must be a mapping with 'integration' and 'tool'"); continue }
            if let integration = mapping["integration"], let server = plainString(integration), !server.isEmpty {
                integrationReferences.append((server, Self.position(integration)))
            } else {
                report(mapping["integration"] ?? action, "an action needs 'integration' (the MCP server name)")
            }
            if mapping["tool"].flatMap(plainString).map({ !$0.isEmpty }) != true {
                report(mapping["tool"] ?? action, "an action needs 'tool' (the MCP tool to call)")
            }
            if let idNode = mapping["id"], let id = plainString(idNode) {
                if ids[id] != nil { report(idNode, "duplicate action id '\(id)'") } else { ids[id] = idNode }
            }
        }
        return Self.canonical("actions", json(node, depth: 0))
    }

    /// One part of the definition in the canonical form export writes (`WorkflowDefinition.canonical`), so a file
    /// and the row it came from compare equal.
    static func canonical(_ key: String, _ value: JSONValue) -> JSONValue {
        WorkflowDefinition.canonical(.object([.init(key, value)]))?[key] ?? value
    }

    /// YAML to JSON: tags decide the type (a quoted `"1"` stays text), mapping order is kept, and a budget of values
    /// stops alias bombs, which compose to shared nodes but expand when walked.
    mutating func json(_ node: Node, depth: Int) -> JSONValue {
        valuesSeen += 1
        if valuesSeen == WorkflowFileParser.maximumValues + 1 {
            report(node, "the front matter expands to more than \(WorkflowFileParser.maximumValues) values (YAML aliases?)")
        }
        guard valuesSeen <= WorkflowFileParser.maximumValues else { return .null }
        guard depth < WorkflowFileParser.maximumDepth else {
            report(node, "nested deeper than \(WorkflowFileParser.maximumDepth) levels")
            return .null
        }
        switch node {
        case .scalar(let scalar):
            switch Self.tag(of: node) {
            case .null: return .null
            case .bool: return node.bool.map(JSONValue.bool) ?? .string(scalar.string)
            case .int: return node.int.map { .integer(Int64($0)) } ?? .string(scalar.string)
            case .float: return node.float.map(JSONValue.double) ?? .string(scalar.string)
            default: return .string(scalar.string)
            }
        case .mapping(let mapping):
            var members: [JSONValue.Member] = []
            for (key, value) in mapping {
                let name = key.scalar?.string ?? JSONWriter.compact.write(json(key, depth: depth + 1))
                let converted = json(value, depth: depth + 1)
                if let existing = members.firstIndex(where: { $0.key == name }) {
                    report(key, "duplicate key '\(name)'")
                    members[existing].value = converted
                } else {
                    members.append(.init(name, converted))
                }
            }
            return .object(members)
        case .sequence(let sequence):
            return .array(sequence.map { json($0, depth: depth + 1) })
        case .alias:
            report(node, "unresolved YAML alias")
            return .null
        }
    }
}
