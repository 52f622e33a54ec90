import Escaping
import SiteRenderer
import WorkflowModel

/// The morning summary of `flowsite check --format markdown|slack|text`: the verdict, then what an on-call person
/// reads first (failing workflows, late ones, stuck runs, errors first seen in the last 24 hours, unreliable
/// servers), each list capped, with links into the site when `--base-url` is given. One model, three writers:
/// Markdown (GitHub, GitLab, Mattermost), Slack's mrkdwn, and plain text a `mail` pipe can send.
public struct MorningSummary: Sendable {
    public enum Format: String, Sendable, CaseIterable {
        case markdown, slack, text
    }

    /// A line of a list: text, an optional link (a path in the site) and a detail after it.
    struct Item: Sendable, Equatable {
        var text: String
        var path: String?
        var detail: String
    }

    struct Section: Sendable, Equatable {
        var title: String
        var items: [Item]
        /// How many the list leaves out.
        var more: Int
    }

    /// Rows per list: a chat message, not a report.
    public static let itemsShown = 10

    /// The gates' verdicts, the database's name and the as-of time, as the check report has them.
    let results: [GateResult]
    let source: String
    let asOf: Timestamp
    let sections: [Section]

    init(results: [GateResult], source: String, asOf: Timestamp, sections: [Section]) {
        self.results = results
        self.source = source
        self.asOf = asOf
        self.sections = sections
    }

    /// - Parameter snapshot: masked (the check's own `RedactedSnapshot`), so no secret reaches a chat.
    init(report: CheckReport, snapshot: WorkflowDatabaseSnapshot, insights: Insights, unreliableFailureRate: Double) {
        results = report.results
        source = report.source
        asOf = report.asOf
        let statistics = snapshot.statistics
        let shown = Self.itemsShown
        let signaturePages = Set(insights.signatures.prefix(RunPageSelection.signaturePagesMax).map(\.signature))
        func name(_ workflow: Workflow) -> String { workflow.name.isEmpty ? "Workflow \(workflow.id)" : workflow.name }
        let failing = snapshot.workflows.filter { statistics.workflow($0.id).isFailingNow }
            .sorted { (statistics.workflow($1.id).failureStreak, $0.id) < (statistics.workflow($0.id).failureStreak, $1.id) }
        let late = snapshot.workflows.filter { insights.punctuality[$0.id]?.needsAttention == true }
        let dayAgo = statistics.asOf.adding(hours: -24)
        let fresh = insights.signatures.filter { ($0.firstSeen.map { $0 > dayAgo }) == true }
        let unreliable = insights.servers.filter { $0.isUnreliable(threshold: unreliableFailureRate) }
        var sections = [
            Section(title: "Failing now", items: failing.prefix(shown).map { workflow in
                let runs = statistics.workflow(workflow.id)
                let error = runs.latestRuns.first { $0.status.outcome == .failure }?.errorMessage
                return Item(text: name(workflow), path: SitePaths.workflow(id: workflow.id, name: workflow.name),
                            detail: "\(runs.failureStreak) in a row" + (error.map { ": " + Self.excerpt($0) } ?? ""))
            }, more: max(0, failing.count - shown)),
            Section(title: "Late or quiet", items: late.prefix(shown).map { workflow in
                Item(text: name(workflow), path: SitePaths.workflow(id: workflow.id, name: workflow.name), detail: insights.punctuality[workflow.id]!.reason)
            }, more: max(0, late.count - shown)),
            Section(title: "Errors first seen in the last 24 hours", items: fresh.prefix(shown).map { tally in
                Item(text: Self.excerpt(tally.signature), path: signaturePages.contains(tally.signature) ? SitePaths.signature(tally.signature) : nil,
                     detail: "\(tally.count) run\(tally.count == 1 ? "" : "s"), \(tally.workflowIDs.count) workflow\(tally.workflowIDs.count == 1 ? "" : "s")")
            }, more: max(0, fresh.count - shown)),
            Section(title: "Unreliable MCP servers", items: unreliable.prefix(shown).map { server in
                Item(text: server.server, path: nil, detail: "\(Self.percent(server.failureRate30Days)) of \(server.runs30Days) runs failed in 30 days")
            }, more: max(0, unreliable.count - shown)),
        ]
        if statistics.stuckRunTotal > 0 {
            sections.append(Section(title: "Stuck runs", items: [Item(text: "\(statistics.stuckRunTotal) in progress for more than \(RunStatisticsAccumulator.stuckAfterHours) h", path: "attention.html#stuck-runs", detail: "")], more: 0))
        }
        self.sections = sections.filter { !$0.items.isEmpty }
    }

    static func excerpt(_ text: String) -> String {
        let line = text.split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
        return line.count > 140 ? String(line.prefix(139)) + "…" : line
    }

    static func percent(_ rate: Double?) -> String {
        guard let rate else { return "—" }
        return "\(Int((rate * 100).rounded())) %"
    }

    var headline: String {
        let failed = results.filter { !$0.passed }.count
        return failed == 0 ? "flowsite: all \(results.count) gates hold" : "flowsite: \(failed) of \(results.count) gates failed"
    }

    /// The summary in one format; links only with a base URL (a relative link means nothing in a chat or a mail).
    public func render(_ format: Format, baseURL: String?) -> String {
        let asOfText = "as of \(asOf.shortText) UTC"
        let url = { (path: String?) -> String? in path.flatMap { path in baseURL.map { SitePaths.url($0, path) } } }
        var lines: [String] = []
        switch format {
        case .markdown:
            let md = MarkdownInline.escape
            lines += ["### \(headline)", "", "\(md(source)) \(asOfText)" + (url("index.html").map { " · [dashboard](\($0))" } ?? ""), ""]
            lines += results.map { "- \($0.passed ? "✅" : "❌") \(md($0.gate)) (\(md($0.limit)))\($0.passed ? "" : ": \($0.failures.count)")" }
            for section in sections {
                lines += ["", "**\(md(section.title))**", ""]
                lines += section.items.map { item in
                    let text = url(item.path).map { "[\(md(item.text))](\($0))" } ?? md(item.text)
                    return "- \(text)" + (item.detail.isEmpty ? "" : ": \(md(item.detail))")
                }
                if section.more > 0 { lines.append("- …and \(section.more) more") }
            }
        case .slack:
            lines += ["*\(Self.slack(headline))*", "\(Self.slack(source)) \(asOfText)" + (url("index.html").map { " · <\($0)|dashboard>" } ?? "")]
            lines += results.map { "\($0.passed ? "✅" : "❌") \(Self.slack($0.gate)) (\(Self.slack($0.limit)))\($0.passed ? "" : ": \($0.failures.count)")" }
            for section in sections {
                lines += ["", "*\(Self.slack(section.title))*"]
                lines += section.items.map { item in
                    let text = url(item.path).map { "<\($0)|\(Self.slackLinkText(item.text))>" } ?? Self.slack(item.text)
                    return "• \(text)" + (item.detail.isEmpty ? "" : ": \(Self.slack(item.detail))")
                }
                if section.more > 0 { lines.append("• …and \(section.more) more") }
            }
        case .text:
            lines += [headline, "\(CheckReport.oneLine(source)) \(asOfText)"]
            if let dashboard = url("index.html") { lines.append("Dashboard: \(dashboard)") }
            lines.append("")
            lines += results.map { "  [\($0.passed ? "ok" : "FAILED")] \($0.gate) (\($0.limit))\($0.passed ? "" : ": \($0.failures.count)")" }
            for section in sections {
                lines += ["", "\(section.title):"]
                for item in section.items {
                    lines.append("  - \(CheckReport.oneLine(item.text))" + (item.detail.isEmpty ? "" : ": \(CheckReport.oneLine(item.detail))"))
                    if let link = url(item.path) { lines.append("    \(link)") }
                }
                if section.more > 0 { lines.append("  - …and \(section.more) more") }
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Slack's mrkdwn: `&`, `<` and `>` escaped (its only escapes), line breaks as spaces, so a name can neither
    /// write a link or a mention (`<!channel>`) nor start a line of its own.
    static func slack(_ text: String) -> String {
        var output = ""
        for character in text {
            switch character {
            case "&": output += "&amp;"
            case "<": output += "&lt;"
            case ">": output += "&gt;"
            case _ where character.isNewline: output += " "
            default: output.append(character)
            }
        }
        return output
    }

    /// A link's text cannot hold `|` (it would end the URL part early).
    static func slackLinkText(_ text: String) -> String { slack(text).replacingOccurrences(of: "|", with: "¦") }
}
