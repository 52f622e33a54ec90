/// A problem in a workflow file, at a line and column of that file (1-based, columns in Unicode scalars, as
/// editors count them). Printed as `path:line:column: message`, the form editors and CI annotate.
public struct WorkflowFileIssue: Error, Sendable, Hashable, Comparable, CustomStringConvertible {
    public enum Severity: String, Sendable, Hashable {
        case error, warning
    }

    public var path: String
    public var line: Int
    public var column: Int
    public var message: String
    public var severity: Severity

    public init(path: String, line: Int, column: Int, message: String, severity: Severity = .error) {
        self.path = path
        self.line = line
        self.column = column
        self.message = message
        self.severity = severity
    }

    public var description: String {
        "\(path):\(line):\(column): \(severity == .warning ? "warning: " : "")\(message)"
    }

    public static func < (lhs: WorkflowFileIssue, rhs: WorkflowFileIssue) -> Bool {
        (lhs.path, lhs.line, lhs.column, lhs.message) < (rhs.path, rhs.line, rhs.column, rhs.message)
    }
}

/// A line and column in a file, 1-based.
public struct FilePosition: Sendable, Hashable {
    public var line: Int
    public var column: Int
    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }
    public static let top = FilePosition(line: 1, column: 1)
}

/// A parsed workflow file on its way into the database, with where its keys stand so the importer's errors
/// (unknown owner, id of another owner, an integration the owner lacks) point at the right line.
public struct ImportCandidate: Sendable {
    public var path: String
    public var document: WorkflowDocument
    /// Positions of top-level keys (`id`, `name`, `owner`) in the file.
    public var keyPositions: [String: FilePosition]
    /// Each server named by the trigger or an action, where it is named.
    public var integrationReferences: [(server: String, position: FilePosition)]
    /// Values import must not write into a database (a non-finite number, a NUL character, text that is not JSON),
    /// by the field that holds them (`name`, `description`, `body`, `definition`): errors when that field would be
    /// written, nothing when it is unchanged (what is stored stays as it is).
    public var unwritable: [(field: String, issue: WorkflowFileIssue)]

    public init(path: String, document: WorkflowDocument, keyPositions: [String: FilePosition],
                integrationReferences: [(server: String, position: FilePosition)], unwritable: [(field: String, issue: WorkflowFileIssue)] = [])
    {
        self.path = path
        self.document = document
        self.keyPositions = keyPositions
        self.integrationReferences = integrationReferences
        self.unwritable = unwritable
    }

    public func issue(at key: String, _ message: String, severity: WorkflowFileIssue.Severity = .error) -> WorkflowFileIssue {
        let position = keyPositions[key] ?? .top
        return WorkflowFileIssue(path: path, line: position.line, column: position.column, message: message, severity: severity)
    }
}
