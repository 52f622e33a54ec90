import Foundation
import Redaction
import WorkflowMarkdown
import WorkflowModel
import WorkflowStore

/// `flowsite import`: collect the files, read them all, and hand them to the destination, which checks everything
/// before it writes anything (or, for a dry run and `--check`, writes nothing).
public enum ImportPipeline {
    public struct Outcome: Sendable {
        /// How many Markdown files were found.
        public var files: Int
        /// Problems sorted by file and line; names masked (a name may hold a secret).
        public var report: ImportReport
    }

    public static func run(_ paths: [String], into destination: any WorkflowDestination, options: ImportOptions) throws -> Outcome {
        let (files, findProblems) = WorkflowFolder.collect(paths)
        let (candidates, parseProblems) = WorkflowFolder.parse(files)
        var report = try destination.run(candidates, fileProblems: findProblems + parseProblems, options: options)
        report.problems.sort()
        report.maskSecretsInNames()
        return Outcome(files: files.count, report: report)
    }
}

extension ImportReport {
    /// Workflow names are printed (plans, drift); a name may hold a secret (`deploy token=…`), masked by its shape.
    mutating func maskSecretsInNames() {
        let redactor = SecretRedactor()
        workflowsWithoutFile = workflowsWithoutFile.map { ($0.id, redactor.redact($0.name)) }
        for index in changes.indices { changes[index].workflowName = redactor.redact(changes[index].workflowName) }
    }

    /// `create     a.md`, `update     b.md (name, definition)`, `unchanged  c.md`.
    public static func line(_ change: PlannedChange) -> String {
        switch change.action {
        case .create: return "create     \(change.path)"
        case .update(let fields): return "update     \(change.path) (\(fields.joined(separator: ", ")))"
        case .unchanged: return "unchanged  \(change.path)"
        }
    }

    /// `created 1, updated 2, unchanged 9`.
    public var summary: String {
        "created \(count { $0 == .create }), updated \(count { if case .update = $0 { return true } else { return false } }), unchanged \(count { $0 == .unchanged })"
    }

    public var errorCount: Int { problems.filter { $0.severity == .error }.count }

    public func json(dryRun: Bool) -> JSONValue {
        .object([
            .init("dry_run", .bool(dryRun)),
            .init("applied", .bool(applied)),
            .init("changes", .array(changes.map { change in
                let (action, fields): (String, [String]) = switch change.action {
                case .create: ("create", [])
                case .update(let fields): ("update", fields)
                case .unchanged: ("unchanged", [])
                }
                return .object([.init("path", .string(change.path)), .init("action", .string(action)),
                                .init("fields", .array(fields.map(JSONValue.string))), .init("id", change.workflowID.map(JSONValue.integer) ?? .null)])
            })),
            .init("problems", .array(problems.map(Self.json))),
        ])
    }

    static func json(_ problem: WorkflowFileIssue) -> JSONValue {
        .object([.init("path", .string(problem.path)), .init("line", .integer(Int64(problem.line))), .init("column", .integer(Int64(problem.column))),
                 .init("severity", .string(problem.severity.rawValue)), .init("message", .string(problem.message))])
    }
}

/// `import --check`: how the files and the database differ, for people (text) and machines (JSON).
public struct DriftReport: Sendable {
    public let report: ImportReport
    /// Files whose workflow differs from the database, or that no workflow matches.
    public let drifted: [PlannedChange]
    /// Not drift, but a misspelt key in git is worth seeing where the check runs (CI), not only at import.
    public let warnings: [WorkflowFileIssue]

    public init(_ report: ImportReport) {
        self.report = report
        drifted = report.changes.filter { $0.action != .unchanged }
        warnings = report.problems.filter { $0.severity == .warning }
    }

    public var inSync: Bool { drifted.isEmpty && report.workflowsWithoutFile.isEmpty }

    public func lines() -> [String] {
        var lines: [String] = []
        for change in drifted {
            switch change.action {
            case .update(let fields): lines.append("changed     \(change.path) (#\(change.workflowID ?? 0)): \(fields.joined(separator: ", ")) differ")
            case .create: lines.append("not in db   \(change.path): no workflow '\(change.workflowName)' in the database")
            case .unchanged: break
            }
        }
        for workflow in report.workflowsWithoutFile { lines.append("no file     #\(workflow.id) '\(workflow.name)'") }
        lines.append(inSync ? "in sync: \(report.changes.count) file(s) match the database"
                            : "drift: \(drifted.count) file(s) differ, \(report.workflowsWithoutFile.count) workflow(s) have no file")
        return lines
    }

    public func json() -> JSONValue {
        .object([
            .init("in_sync", .bool(inSync)),
            .init("changed", .array(drifted.compactMap { change -> JSONValue? in
                guard case .update(let fields) = change.action else { return nil }
                return .object([.init("path", .string(change.path)), .init("id", change.workflowID.map(JSONValue.integer) ?? .null),
                                .init("fields", .array(fields.map(JSONValue.string)))])
            })),
            .init("not_in_database", .array(drifted.filter { $0.action == .create }.map { .object([.init("path", .string($0.path)), .init("name", .string($0.workflowName))]) })),
            .init("no_file", .array(report.workflowsWithoutFile.map { .object([.init("id", .integer($0.id)), .init("name", .string($0.name))]) })),
            // The same shape as `import --json`'s problems, so one parser reads both.
            .init("warnings", .array(warnings.map(ImportReport.json))),
        ])
    }
}
