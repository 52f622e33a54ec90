import ArgumentParser
import Foundation
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

    @Flag(help: "Treat warnings (an action naming an integration its owner has not configured) as errors.")
    var strict = false

    @Flag(help: "Print the plan and problems as JSON.")
    var json = false

    func run() throws {
        var exitCode: Int32 = 0
        try reportingFailures {
            let (files, findProblems) = WorkflowFolder.collect(paths)
            let (candidates, parseProblems) = WorkflowFolder.parse(files)
            var report = try database.destination()
                .run(candidates, fileProblems: findProblems + parseProblems,
                     options: .init(defaultOwner: owner, strict: strict, dryRun: dryRun, now: .now()))
            report.problems.sort()
            let failed = report.hasErrors
            if json {
                Console.out(JSONWriter.pretty.write(Self.json(report, dryRun: dryRun)))
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
