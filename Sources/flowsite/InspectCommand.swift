import ArgumentParser
import Configuration
import Foundation
import Redaction
import WorkflowModel
import WorkflowStore

/// `flowsite inspect`: what is in a database and what is wrong with its data.
struct InspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Print the layout, table counts and data-quality findings of a workflow database."
    )

    @OptionGroup var database: DatabaseOptions

    @Flag(help: "Print JSON for machines instead of text.")
    var json = false

    @Option(help: ArgumentHelp("The config file whose redaction.keys are masked too (default: flowsite.yml in the working folder, when there is one).", valueName: "FILE"))
    var config: String?

    func run() throws {
        try reportingFailures {
            let settings = try FlowsiteConfig.load(explicit: config)
            let snapshot = RedactedSnapshot(try database.store().readSnapshot(asOf: .now()), extraSecretKeys: settings.secretKeys)
            if json { Console.json(InspectReport.json(snapshot)) } else { Console.out(InspectReport.text(snapshot)) }
        }
    }
}

/// The two renderings of `inspect`'s findings.
enum InspectReport {
    static func text(_ redacted: RedactedSnapshot) -> String {
        let snapshot = redacted.snapshot
        var lines = ["\(snapshot.sourceName): \(snapshot.layout.rawValue) layout", "", "tables:"]
        let width = snapshot.tableCounts.map(\.table.count).max() ?? 0
        for count in snapshot.tableCounts {
            lines.append("  \(count.table.padding(toLength: width, withPad: " ", startingAt: 0))  \(count.rows)")
        }
        let outcomes = snapshot.statistics.allTime
        lines.append("")
        lines.append("runs by outcome: success \(outcomes.success), failure \(outcomes.failure), in progress \(outcomes.inProgress), other \(outcomes.other)")
        if snapshot.statistics.runsAfterAsOf > 0 {
            lines.append("runs triggered after the as-of time, left out of every figure: \(snapshot.statistics.runsAfterAsOf)")
        }
        lines.append("")
        if snapshot.findings.isEmpty {
            lines.append("data quality: no findings")
        } else {
            lines.append("data quality: \(snapshot.findings.count) finding\(snapshot.findings.count == 1 ? "" : "s")")
            for finding in snapshot.findings {
                let ids = finding.exampleRowIDs.isEmpty ? "" : " (ids \(finding.exampleRowIDs.map(String.init).joined(separator: ", ")))"
                lines.append("  \(finding.table).\(finding.column): \(finding.kind.rawValue), \(finding.count) row\(finding.count == 1 ? "" : "s")\(ids): \(finding.example)")
            }
        }
        return lines.joined(separator: "\n")
    }

    static func json(_ redacted: RedactedSnapshot) -> JSONValue {
        let snapshot = redacted.snapshot
        return .object([
            .init("file", .string(snapshot.sourceName)),
            .init("layout", .string(snapshot.layout.rawValue)),
            .init("tables", .object(snapshot.tableCounts.map { .init($0.table, .integer(Int64($0.rows))) })),
            .init("findings", .array(snapshot.findings.map { finding in
                .object([
                    .init("kind", .string(finding.kind.rawValue)), .init("table", .string(finding.table)),
                    .init("column", .string(finding.column)), .init("count", .integer(Int64(finding.count))),
                    .init("example_ids", .array(finding.exampleRowIDs.map { .integer($0) })),
                    .init("example", .string(finding.example)),
                ])
            })),
        ])
    }
}
