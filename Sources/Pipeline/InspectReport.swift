import Foundation
import Redaction
import WorkflowModel

/// The two renderings of `inspect`'s findings.
public enum InspectReport {
    public static func text(_ redacted: RedactedSnapshot) -> String {
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

    public static func json(_ redacted: RedactedSnapshot) -> JSONValue {
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
