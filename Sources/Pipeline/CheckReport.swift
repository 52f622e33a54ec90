import Escaping
import WorkflowModel
import WorkflowStore

/// The verdicts of `flowsite check` and their three renderings: the log (text), JSON for machines, and the GitHub
/// Actions job summary (Markdown).
public struct CheckReport: Sendable {
    public var results: [GateResult]
    /// The database, as messages name it.
    public var source: String
    public var asOf: Timestamp
    /// The morning summary over the same snapshot (`--format markdown|slack|text`).
    public var summary: MorningSummary?
    /// How the runs were folded, and in how many seconds, when a saved fold was asked for (`--state`).
    public var fold: (kind: FoldKind, seconds: Double)?
    /// Why no fold was saved for next time, when one was asked for and could not be.
    public var foldNotes: [String] = []

    public init(results: [GateResult], source: String, asOf: Timestamp) {
        self.results = results
        self.source = source
        self.asOf = asOf
    }

    public var passed: Bool { results.allSatisfy(\.passed) }

    /// A log stays readable with thousands of offenders: the first ones per gate, then a count.
    public static let linesPerGate = 50
    /// The job summary is read on a web page, so it lists fewer.
    public static let summaryLinesPerGate = 20

    /// One line per offender (its own line breaks shown as `\n`, so a name cannot print a line that looks like the
    /// verdict), then the verdict.
    public func text() -> [String] {
        var lines: [String] = []
        for result in results where !result.passed {
            for failure in result.failures.prefix(Self.linesPerGate) { lines.append("\(result.gate) (\(result.limit)): \(Self.oneLine(failure))") }
            if result.failures.count > Self.linesPerGate {
                lines.append("\(result.gate) (\(result.limit)): …and \(result.failures.count - Self.linesPerGate) more (--json lists all)")
            }
        }
        let held = results.filter(\.passed).count
        lines.append(passed ? "flowsite check: all \(results.count) gates hold" : "flowsite check: \(results.count - held) of \(results.count) gates failed")
        return lines
    }

    public func json() -> JSONValue {
        .object([
            .init("as_of", .string(asOf.iso8601)),
            .init("passed", .bool(passed)),
            .init("gates", .array(results.map { result in
                .object([.init("gate", .string(result.gate)), .init("limit", .string(result.limit)), .init("passed", .bool(result.passed)),
                         .init("failures", .array(result.failures.map(JSONValue.string)))])
            })),
        ])
    }

    /// A table of the gates, then the offenders of each failed gate (at most `summaryLinesPerGate`). Every value from the database is
    /// escaped (`MarkdownInline`), so a workflow named "…\n### all gates hold" cannot write a heading of its own.
    public func markdown() -> String {
        var lines = ["### flowsite check: \(passed ? "all gates hold" : "gates failed")", "",
                     "\(MarkdownInline.escape(source)) as of \(asOf.iso8601)", "", "| Gate | Limit | Result |", "|---|---|---|"]
        for result in results {
            lines.append("| \(MarkdownInline.escape(result.gate)) | \(MarkdownInline.escape(result.limit)) | \(result.passed ? "✅ holds" : "❌ \(result.failures.count) failing") |")
        }
        for result in results where !result.passed {
            lines += ["", "**\(MarkdownInline.escape(result.gate))**", ""] + result.failures.prefix(Self.summaryLinesPerGate).map { "- \(MarkdownInline.escape($0))" }
            if result.failures.count > Self.summaryLinesPerGate { lines.append("- …and \(result.failures.count - Self.summaryLinesPerGate) more") }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A value printed inside one line of a log: its line breaks shown as `\n`.
    static func oneLine(_ text: String) -> String {
        guard text.contains(where: \.isNewline) else { return text }
        var output = ""
        for character in text {
            switch character {
            case "\r\n", "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\u{2028}", "\u{2029}", "\u{85}": output += " "
            default: output.append(character)
            }
        }
        return output
    }
}
