import Foundation
import WorkflowModel
import Yams

/// Reads one workflow Markdown file: YAML front matter between `---` lines, then the Markdown description.
/// Reports every problem it finds, each at its line and column in the file, and still hands back the workflow
/// whenever the file says which one it is, so the importer can check it against the database in the same run.
public struct WorkflowFileParser: Sendable {
    public static let maximumSize = 1 << 20
    /// YAML aliases can make a small file expand to billions of values; past this many, the file is refused.
    public static let maximumValues = 100_000
    public static let maximumDepth = 64

    public init() {}

    /// What one file says: the workflow (nil when the file cannot say which workflow it is) and every problem,
    /// errors and warnings, in file order.
    public struct ParsedFile: Sendable {
        public var candidate: ImportCandidate?
        public var issues: [WorkflowFileIssue]

        public var errors: [WorkflowFileIssue] { issues.filter { $0.severity == .error } }
        public var warnings: [WorkflowFileIssue] { issues.filter { $0.severity == .warning } }
    }

    public func parse(_ data: Data, path: String) -> ParsedFile {
        func failure(_ line: Int, _ column: Int, _ message: String) -> ParsedFile {
            ParsedFile(candidate: nil, issues: [WorkflowFileIssue(path: path, line: line, column: column, message: message)])
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
            return ParsedFile(candidate: nil, issues: [Self.issue(from: error, path: path, yaml: yaml)])
        } catch {
            return failure(2, 1, "YAML error: \(error)")
        }
        var reader = FrontMatterReader(path: path)
        let document = reader.read(root, body: body)
        if case .mapping(let mapping)? = root { reader.issues += KeyTypoCheck.issues(in: mapping, path: path) }
        let candidate = document.map {
            ImportCandidate(path: path, document: $0, keyPositions: reader.keyPositions,
                            integrationReferences: reader.integrationReferences, unwritable: reader.unwritable)
        }
        return ParsedFile(candidate: candidate, issues: reader.issues.sorted())
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

/// Walks the composed YAML: checks the workflow's own keys, converts the definition to JSON (remembering where each
/// value stands), checks it with `DefinitionRules`, and collects every problem it finds.
struct FrontMatterReader {
    let path: String
    var issues: [WorkflowFileIssue] = []
    var integrationReferences: [(server: String, position: FilePosition)] = []
    var keyPositions: [String: FilePosition] = [:]
    var unwritable: [(field: String, issue: WorkflowFileIssue)] = []
    /// Where each value of the definition stands in the file.
    private var positions: [JSONPath: FilePosition] = [:]
    private var valuesSeen = 0

    /// YAML marks count from the first line of the front matter; the file has the opening `---` above it.
    static func position(_ node: Node?) -> FilePosition {
        node?.mark.map { FilePosition(line: $0.line + 1, column: $0.column) } ?? .top
    }

    init(path: String) { self.path = path }

    mutating func report(_ position: FilePosition, _ message: String, severity: WorkflowFileIssue.Severity = .error) {
        issues.append(WorkflowFileIssue(path: path, line: position.line, column: position.column, message: message, severity: severity))
    }

    mutating func report(_ node: Node?, _ message: String) { report(Self.position(node), message) }

    mutating func read(_ root: Node?, body: String) -> WorkflowDocument? {
        guard let root, case .mapping(let mapping) = root else {
            if root == nil { report(nil, "the front matter is empty") } else { report(root, "the front matter must be a mapping of keys to values") }
            return nil
        }
        var fields: [(key: String, keyNode: Node, value: Node)] = []
        for (keyNode, value) in mapping {
            guard let key = keyNode.scalar?.string else { report(keyNode, "keys must be plain text"); continue }
            if keyPositions[key] != nil { report(keyNode, "duplicate key '\(key)'") }  // a dictionary: 20,000 keys must not cost a scan each
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
        var name: String?
        if let entry = field("name") {
            // An exported file names its workflow by id, so the name it shows may be whatever the app stored, even empty.
            if let text = plainString(entry.value), id != nil || !text.trimmedWhitespace.isEmpty {
                name = text
                noteNUL(in: text, field: "name", at: entry.value)
            } else {
                report(entry.value, "'name' must be non-empty text")
            }
        } else {
            name = body.split(separator: "\n").first { $0.hasPrefix("# ") }.map { String($0.dropFirst(2)).trimmedWhitespace }
            if name == nil || name?.isEmpty == true { report(nil, "missing 'name' (and the description has no '# heading' to take it from)") }
        }
        let owner = field("owner").flatMap { entry -> String? in
            guard let text = plainString(entry.value), !text.isEmpty else { report(entry.value, "'owner' must be a username"); return nil }
            return text
        }
        let description = field("description").flatMap { entry -> String? in
            if case .scalar = entry.value, entry.value.null != nil { return nil }
            guard let text = plainString(entry.value) else { report(entry.value, "'description' must be text"); return nil }
            noteNUL(in: text, field: "description", at: entry.value)
            return text
        }
        let definitionFields = fields.filter { !WorkflowDocument.frontMatterKeys.contains($0.key) }
        let definition: StoredJSON
        if let stored = storedDefinition(field, besides: definitionFields) {
            definition = stored
        } else {
            definition = .value(readDefinition(definitionFields))
        }
        guard let name else { return nil }
        return WorkflowDocument(id: id, name: name, owner: owner, description: description, definition: definition, body: body)
    }

    /// `stored_definition:` (a JSON value exactly as stored) or `stored_definition_text:` (stored text); nil when neither.
    private mutating func storedDefinition(_ field: (String) -> (keyNode: Node, value: Node)?, besides others: [(key: String, keyNode: Node, value: Node)]) -> StoredJSON? {
        let value = field(WorkflowDocument.storedDefinitionKey)
        let text = field(WorkflowDocument.storedDefinitionTextKey)
        guard value != nil || text != nil else { return nil }
        let given = value != nil ? WorkflowDocument.storedDefinitionKey : WorkflowDocument.storedDefinitionTextKey
        for other in others { report(other.keyNode, "'\(given)' holds the whole definition as stored; '\(other.key)' cannot stand beside it") }
        if value != nil, let text { report(text.keyNode, "use one of '\(WorkflowDocument.storedDefinitionKey)' and '\(WorkflowDocument.storedDefinitionTextKey)'") }
        if let value {
            let json = json(value.value, at: .root, depth: 0)
            noteUnwritable(in: json, at: .root)
            return .value(json)
        }
        guard let text, let string = plainString(text.value) else {
            report(text?.value, "'\(WorkflowDocument.storedDefinitionTextKey)' must be text")
            return .malformed("")
        }
        guard let parsed = try? JSONParser.parse(string) else {
            unwritable.append(("definition", issue(Self.position(text.value), "'\(WorkflowDocument.storedDefinitionTextKey)' is not JSON; import writes only valid JSON")))
            return .malformed(string)
        }
        positions[.root] = Self.position(text.value)
        noteUnwritable(in: parsed, at: .root)
        return .value(parsed)
    }

    /// `trigger`, `conditions`, `actions` and any other keys, checked by the format's rules and put in canonical form.
    private mutating func readDefinition(_ fields: [(key: String, keyNode: Node, value: Node)]) -> JSONValue {
        var members: [JSONValue.Member] = []
        for known in ["trigger", "conditions", "actions"] {
            if let entry = fields.last(where: { $0.key == known }) { members.append(.init(known, json(entry.value, at: JSONPath.root.appending(known), depth: 0))) }
        }
        for entry in fields where !["trigger", "conditions", "actions"].contains(entry.key) {
            members.append(.init(entry.key, json(entry.value, at: JSONPath.root.appending(entry.key), depth: 0)))
        }
        let definition = JSONValue.object(members)
        for problem in DefinitionRules.problems(in: definition) {
            report(position(of: problem.path), problem.message, severity: problem.kind == .error ? .error : .warning)
        }
        if let server = definition["trigger"]?["integration"]?.stringValue {
            integrationReferences.append((server, position(of: JSONPath.root.appending("trigger").appending("integration"))))
        }
        for (index, action) in (definition["actions"]?.arrayValue ?? []).enumerated() {
            if let server = action["integration"]?.stringValue, !server.isEmpty {
                integrationReferences.append((server, position(of: JSONPath.root.appending("actions").appending(index).appending("integration"))))
            }
        }
        noteUnwritable(in: definition, at: .root)
        return WorkflowDefinition.canonical(definition) ?? definition
    }

    /// Where a value stands, or the nearest enclosing value that has a place in the file.
    private func position(of path: JSONPath) -> FilePosition {
        var current: JSONPath? = path
        while let step = current {
            if let position = positions[step] { return position }
            current = step.parent
        }
        return .top
    }

    private func issue(_ position: FilePosition, _ message: String) -> WorkflowFileIssue {
        WorkflowFileIssue(path: path, line: position.line, column: position.column, message: message)
    }

    private mutating func noteNUL(in text: String, field: String, at node: Node) {
        if text.contains("\0") { unwritable.append((field, issue(Self.position(node), "'\(field)' contains a NUL character, which the database would cut off"))) }
    }

    /// Non-finite numbers (YAML `.nan`, `.inf`, `1e400`) and NUL characters cannot be stored as strict JSON.
    private mutating func noteUnwritable(in value: JSONValue, at path: JSONPath) {
        switch value {
        case .double(let number) where !number.isFinite:
            unwritable.append(("definition", issue(position(of: path), "\(number) is not a finite number; JSON cannot store it")))
        case .string(let text) where text.contains("\0"):
            unwritable.append(("definition", issue(position(of: path), "a value contains a NUL character, which JSON readers cut off or refuse")))
        case .array(let items):
            for (index, item) in items.enumerated() { noteUnwritable(in: item, at: path.appending(index)) }
        case .object(let members):
            for member in members {
                if member.key.contains("\0") { unwritable.append(("definition", issue(position(of: path), "a key contains a NUL character"))) }
                noteUnwritable(in: member.value, at: path.appending(member.key))
            }
        default:
            break
        }
    }

    /// The resolved tag's name (Yams keeps `Tag.name` internal).
    static func tag(of node: Node) -> Tag.Name { Tag.Name(rawValue: node.tag.rawValue) }

    private func plainString(_ node: Node) -> String? {
        guard case .scalar(let scalar) = node else { return nil }
        return scalar.string
    }

    /// YAML to JSON: tags decide the type (a quoted `"1"` stays text), mapping order is kept, and a budget of values
    /// stops alias bombs, which compose to shared nodes but expand when walked.
    mutating func json(_ node: Node, at path: JSONPath, depth: Int) -> JSONValue {
        valuesSeen += 1
        if valuesSeen == WorkflowFileParser.maximumValues + 1 {
            report(node, "the front matter expands to more than \(WorkflowFileParser.maximumValues) values (YAML aliases?)")
        }
        guard valuesSeen <= WorkflowFileParser.maximumValues else { return .null }
        guard depth < WorkflowFileParser.maximumDepth else {
            report(node, "nested deeper than \(WorkflowFileParser.maximumDepth) levels")
            return .null
        }
        if positions.count < WorkflowFileParser.maximumValues { positions[path] = Self.position(node) }
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
            var positionOfKey: [String: Int] = [:]  // a mapping of many keys must not cost a scan per key
            for (key, value) in mapping {
                let name = key.scalar?.string ?? JSONWriter.compact.write(json(key, at: path, depth: depth + 1))
                let converted = json(value, at: path.appending(name), depth: depth + 1)
                if let existing = positionOfKey[name] {
                    report(key, "duplicate key '\(name)'")
                    members[existing].value = converted
                } else {
                    positionOfKey[name] = members.count
                    members.append(.init(name, converted))
                }
            }
            return .object(members)
        case .sequence(let sequence):
            return .array(sequence.enumerated().map { json($1, at: path.appending($0), depth: depth + 1) })
        case .alias:
            report(node, "unresolved YAML alias")
            return .null
        }
    }
}
