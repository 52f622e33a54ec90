import ArgumentParser
import Foundation
import Pipeline
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
            let outcome = try ImportPipeline.run(paths, into: try database.destination(),
                                                 options: .init(defaultOwner: owner, strict: strict, dryRun: dryRun || check, now: .now()))
            let report = outcome.report
            if check {
                exitCode = try Self.reportDrift(report, files: outcome.files, json: json)
                return
            }
            if json {
                Console.json(report.json(dryRun: dryRun))
            } else {
                for problem in report.problems { Console.error("\(problem)") }
                if !report.hasErrors { for change in report.changes { Console.out(ImportReport.line(change)) } }
            }
            if report.hasErrors {
                Console.error("flowsite: \(report.errorCount) error(s) in \(outcome.files) file(s); nothing was written")
                exitCode = 1
            } else if !json {
                Console.out(dryRun ? "dry run, nothing written: \(report.summary)" : report.summary)
            }
        }
        if exitCode != 0 { throw ExitCode(exitCode) }
    }

    /// `import --check`: 0 in sync, 1 drift, 2 a file that cannot be used (thrown, like any unusable input).
    static func reportDrift(_ report: ImportReport, files: Int, json: Bool) throws -> Int32 {
        // Warnings (an integration the owner lacks) are not drift; only errors stop the comparison.
        if report.hasErrors {
            for problem in report.problems where problem.severity == .error { Console.error("\(problem)") }
            throw Failure.exit(ValidationError("\(report.errorCount) error(s) in \(files) file(s); cannot compare them with the database"))
        }
        let drift = DriftReport(report)
        if json {
            Console.json(drift.json())
        } else {
            for warning in drift.warnings { Console.error("\(warning)") }
            drift.lines().forEach(Console.out)
        }
        return drift.inSync ? 0 : 1
    }
}
