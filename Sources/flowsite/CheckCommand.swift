import ArgumentParser
import Configuration
import Foundation
import Pipeline
import WorkflowModel
import WorkflowStore

extension MorningSummary.Format: ExpressibleByArgument {}

/// `flowsite check`: the gate a CI step or a pager runs. Exit 0 when every gate holds, 1 when any fails, 2 when the
/// database or the config cannot be used.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Evaluate the gates (failure streaks, success rate, late workflows, stuck runs, unreliable MCP servers): exit 0 when all hold, 1 when any fails.",
        discussion: "Limits come from flowsite.yml (the working folder's, or --config); see README. With GITHUB_STEP_SUMMARY set, a Markdown summary is appended there."
    )

    @OptionGroup var database: DatabaseOptions

    @Option(help: ArgumentHelp("The config file (default: flowsite.yml in the working folder, when there is one).", valueName: "FILE"))
    var config: String?

    @Option(name: .customLong("as-of"), help: ArgumentHelp("Fix \"now\" (UTC) for every window.", valueName: "ISO-8601"))
    var asOf: String?

    @Flag(help: "Print the verdicts as JSON.")
    var json = false

    @Option(help: ArgumentHelp("Print the morning summary instead of the gate log: markdown, slack (mrkdwn) or text (a mail body).", valueName: "FORMAT"))
    var format: MorningSummary.Format?

    @Option(name: .customLong("base-url"), help: ArgumentHelp("The rendered site's address: the summary links into it (default: render.base_url in flowsite.yml).", valueName: "URL"))
    var baseURL: String?

    @Option(help: ArgumentHelp("Fold the runs as render does, continuing the fold saved in PATH and saving it there again (give render's --state file to check after a render for the cost of the new runs). It holds error messages as stored: keep it private.", valueName: "PATH"))
    var state: String?

    @Flag(help: "With --state: fold every run, even when the saved fold checks out against the database (it is saved again).")
    var full = false

    func validate() throws {
        if let asOf { _ = try parseInstant(asOf) }
        if full && state == nil { throw ValidationError("--full needs --state: without a saved fold every run is folded anyway") }
        if json && format != nil { throw ValidationError("--json and --format cannot be used together") }
    }

    func run() throws {
        var failed = false
        try reportingFailures {
            let settings = try FlowsiteConfig.load(explicit: config)
            let foldState = try state.map { FoldStateFile(url: URL(fileURLWithPath: $0), database: try database.text) }
            let report = try CheckPipeline.run(source: try database.store(), settings: settings, asOf: try asOf.map(parseInstant) ?? .now(),
                                               foldState: foldState, fullFold: full)
            failed = !report.passed
            for note in report.foldNotes { Console.error("flowsite: warning: \(note)") }
            if let fold = report.fold { Console.error("flowsite: \(fold.kind.described(seconds: fold.seconds))") }
            if json {
                Console.json(report.json())
            } else if let format, let summary = report.summary {
                summary.render(format, baseURL: baseURL ?? settings.baseURL).split(separator: "\n", omittingEmptySubsequences: false).dropLast().forEach { Console.out(String($0)) }
            } else {
                report.text().forEach(Console.out)
            }
            if let summaryPath = ProcessInfo.processInfo.environment["GITHUB_STEP_SUMMARY"], !summaryPath.isEmpty,
               let problem = StepSummaryFile.append(report.markdown(), to: summaryPath)
            {
                Console.error("flowsite: warning: \(problem)")
            }
        }
        if failed { throw ExitCode(1) }
    }
}
