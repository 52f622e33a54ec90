import ArgumentParser
import Foundation
import Redaction
import WorkflowMarkdown
import WorkflowModel
import WorkflowStore

/// `flowsite import`: workflow Markdown files into the database, all or nothing.
struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import workflow Markdown files into the database: every file is checked first; any error writes nothing."
    )

    @OptionGroup var database: DatabaseOptions

    @Argument(help: ArgumentHelp("Markdown files, or folders searched recursively for *.md (hidden folders skipped).", valueName: "PATH"))
    var paths: [String]

    @Flag(name: .customLong("dry-run"), help: "Print the plan (create, update with the changed fields, unchanged) and write nothing.")
    var dryRun = false

    @Option(help: ArgumentHelp("The owner of files without 'owner:'.", valueName: "USERNAME"))
    var owner: String?

    @Flag(help: "Treat warnings (a misspelt key such as 'conditons:', a draft, an action naming an integration its owner has not configured) as errors.")
    var strict = false

    @Flag(help: "Print the plan and problems as JSON.")
    var json = false

    @Flag(help: "Compare the files with the database and write nothing: exit 0 when they match, 1 with the differences (changed fields, workflows with no file, files with no workflow), 2 when a file cannot be read.")
    var check = false

    func run() throws {
        var exitCode: Int32 = 0
        try reportingFailures {
            let (files, findProblems) = WorkflowFolder.collect(paths)
            let (candidates, parseProblems) = WorkflowFolder.parse(files)
            var report = try database.destination()
                .run(candidates, fileProblems: findProblems + parseProblems,
                     options: .init(defaultOwner: owner, strict: strict, dryRun: dryRun || check, now: .now()))
            report.problems.sort()
            report.maskSecretsInNames()
            let failed = report.hasErrors
            if check {
                exitCode = try Self.reportDrift(report, files: files.count, json: json)
                return
            }
            if json {
                Console.json(Self.json(report, dryRun: dryRun))
            } else {
                for problem in report.problems { Console.error("\(problem)") }
                if !failed { for change in report.changes { Console.out(Self.line(change)) } }
            }
            let summary = "created \(report.count { $0 == .create }), updated \(report.count { if case .update = $0 { return true } else { return false } }), unchanged \(report.count { $0 == .unchanged })"
            if failed {
                Console.error("flowsite: \(report.problems.filter { $0.severity == .error }.count) error(s) in \(files.count) file(s); nothing was written")
                exitCode = 1
            } else if !json {
                Console.out(dryRun ? "dry run, nothing written: \(summary)" : summary)
            }
        }
        if exitCode != 0 { throw ExitCode(exitCode) }
    }

    /// `import --check`: 0 in sync, 1 drift, 2 a file that cannot be used (thrown, like any unusable input).
    static func reportDrift(_ report: ImportReport, files: Int, json: Bool) throws -> Int32 {
        // Warnings (an integration the owner lacks) are not drift; only errors stop the comparison.
        if report.hasErrors {
            for problem in report.problems where problem.severity == .error { Console.error("\(problem)") }
            throw Failure.exit(ValidationError("\(report.problems.filter { $0.severity == .error }.count) error(s) in \(files) file(s); cannot compare them with the database"))
        }
        let drifted = report.changes.filter { $0.action != .unchanged }
        let inSync = drifted.isEmpty && report.workflowsWithoutFile.isEmpty
        // Not drift, but a misspelt key in git is worth seeing where the check runs (CI), not only at import.
        let warnings = report.problems.filter { $0.severity == .warning }
        if json {
            Console.json(.object([
                .init("in_sync", .bool(inSync)),
                .init("changed", .array(drifted.compactMap { change -> JSONValue? in
                    guard case .update(let fields) = change.action else { return nil }
                    return .object([.init("path", .string(change.path)), .init("id", change.workflowID.map(JSONValue.integer) ?? .null),
                                    .init("fields", .array(fields.map(JSONValue.string)))])
                })),
                .init("not_in_database", .array(drifted.filter { $0.action == .create }.map { .object([.init("path", .string($0.path)), .init("name", .string($0.workflowName))]) })),
                .init("no_file", .array(report.workflowsWithoutFile.map { .object([.init("id", .integer($0.id)), .init("name", .string($0.name))]) })),
                .init("warnings", .array(warnings.map { .object([.init("path", .string($0.path)), .init("line", .integer(Int64($0.line))),
                                                                   .init("column", .integer(Int64($0.column))), .init("message", .string($0.message))]) })),
            ]))
        } else {
            for warning in warnings { Console.error("\(warning)") }
            for change in drifted {
                switch change.action {
                case .update(let fields): Console.out("changed     \(change.path) (#\(change.workflowID ?? 0)): \(fields.joined(separator: ", ")) differ")
                case .create: Console.out("not in db   \(change.path): no workflow '\(change.workflowName)' in the database")
                case .unchanged: break
                }
            }
            for workflow in report.workflowsWithoutFile { Console.out("no file     #\(workflow.id) '\(workflow.name)'") }
            Console.out(inSync ? "in sync: \(report.changes.count) file(s) match the database" : "drift: \(drifted.count) file(s) differ, \(report.workflowsWithoutFile.count) workflow(s) have no file")
        }
        return inSync ? 0 : 1
    }

    static func line(_ change: PlannedChange) -> String {
        switch change.action {
        case .create: return "create     \(change.path)"
        case .update(let fields): return "update     \(change.path) (\(fields.joined(separator: ", ")))"
        case .unchanged: return "unchanged  \(change.path)"
        }
    }

    static func json(_ report: ImportReport, dryRun: Bool) -> JSONValue {
        .object([
            .init("dry_run", .bool(dryRun)),
            .init("applied", .bool(report.applied)),
            .init("changes", .array(report.changes.map { change in
                let (action, fields): (String, [String]) = switch change.action {
                case .create: ("create", [])
                case .update(let fields): ("update", fields)
                case .unchanged: ("unchanged", [])
                }
                return .object([.init("path", .string(change.path)), .init("action", .string(action)),
                                .init("fields", .array(fields.map(JSONValue.string))), .init("id", change.workflowID.map(JSONValue.integer) ?? .null)])
            })),
            .init("problems", .array(report.problems.map {
                .object([.init("path", .string($0.path)), .init("line", .integer(Int64($0.line))), .init("column", .integer(Int64($0.column))),
                         .init("severity", .string($0.severity.rawValue)), .init("message", .string($0.message))])
            })),
        ])
    }
}

extension ImportReport {
    /// Workflow names are printed (plans, drift); a name may hold a secret (`deploy token=…`), masked by its shape.
    mutating func maskSecretsInNames() {
        let redactor = SecretRedactor()
        workflowsWithoutFile = workflowsWithoutFile.map { ($0.id, redactor.redact($0.name)) }
        for index in changes.indices { changes[index].workflowName = redactor.redact(changes[index].workflowName) }
    }
}
