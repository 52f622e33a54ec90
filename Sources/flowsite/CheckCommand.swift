import ArgumentParser
import Configuration
import Foundation
import Redaction
import WorkflowModel
import WorkflowStore

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

    func validate() throws {
        if let asOf { _ = try parseInstant(asOf) }
    }

    func run() throws {
        var failed = false
        try reportingFailures {
            let settings = try FlowsiteConfig.load(explicit: config)
            let raw = try database.store().readSnapshot(asOf: asOf.map(parseInstant) ?? .now())
            let snapshot = RedactedSnapshot(raw, extraSecretKeys: settings.secretKeys).snapshot
            if let override = settings.gates.unmatchedOverrides(in: raw.workflows).first {
                throw Failure.exit(ValidationError(Self.unmatched(override)))
            }
            let punctuality = Punctuality.evaluateAll(snapshot) { settings.gates.lateGraceSeconds(for: $0) }
            let servers = ServerHealth.all(snapshot, signatures: SignatureTally.group(snapshot.statistics.errors))
            let results = Gates.evaluate(snapshot, punctuality: punctuality, servers: servers, settings: settings.gates)
            failed = results.contains { !$0.passed }
            if json {
                Console.json(Self.json(results, asOf: snapshot.statistics.asOf))
            } else {
                // A log stays readable with thousands of offenders: the first ones per gate, then a count.
                for result in results where !result.passed {
                    for failure in result.failures.prefix(Self.linesPerGate) { Console.out("\(result.gate) (\(result.limit)): \(Console.oneLine(failure))") }
                    if result.failures.count > Self.linesPerGate {
                        Console.out("\(result.gate) (\(result.limit)): …and \(result.failures.count - Self.linesPerGate) more (--json lists all)")
                    }
                }
                let held = results.filter(\.passed).count
                Console.out(failed ? "flowsite check: \(results.count - held) of \(results.count) gates failed" : "flowsite check: all \(results.count) gates hold")
            }
            if let summaryPath = ProcessInfo.processInfo.environment["GITHUB_STEP_SUMMARY"], !summaryPath.isEmpty {
                if let problem = StepSummary.append(StepSummary.markdown(results, source: snapshot.sourceName, asOf: snapshot.statistics.asOf), to: summaryPath) {
                    Console.error("flowsite: warning: \(problem)")
                }
            }
        }
        if failed { throw ExitCode(1) }
    }

    static let linesPerGate = 50

    /// An override for a workflow the database does not have: probably a typo, which would loosen nothing.
    static func unmatched(_ override: GateSettings.WorkflowOverride) -> String {
        let target = switch override.match {
        case .id(let id): "id \(id)"
        case .name(let name): "name '\(name)'"
        }
        return "\(override.location ?? FlowsiteConfig.fileName): the gate override for \(target) matches no workflow of the database"
    }

    static func json(_ results: [GateResult], asOf: Timestamp) -> JSONValue {
        .object([
            .init("as_of", .string(asOf.iso8601)),
            .init("passed", .bool(results.allSatisfy(\.passed))),
            .init("gates", .array(results.map { result in
                .object([.init("gate", .string(result.gate)), .init("limit", .string(result.limit)), .init("passed", .bool(result.passed)),
                         .init("failures", .array(result.failures.map(JSONValue.string)))])
            })),
        ])
    }
}
