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

    func validate() throws {
        if let asOf { _ = try parseInstant(asOf) }
        if json && format != nil { throw ValidationError("--json and --format cannot be used together") }
    }

    func run() throws {
        var failed = false
        try reportingFailures {
            let settings = try FlowsiteConfig.load(explicit: config)
            let report = try CheckPipeline.run(source: try database.store(), settings: settings, asOf: try asOf.map(parseInstant) ?? .now())
            failed = !report.passed
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
