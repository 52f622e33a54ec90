import Escaping
import Redaction
import WorkflowModel

/// `feed.xml` (Atom 1.0): one entry per episode worth reading: a failure streak of at least
/// `RenderOptions.feedMinimumStreak` runs (2 by default) or the first failure of a workflow that had only succeeded
/// for a week, a late or quiet workflow, and an error signature first seen in the last 7 days. A single failure
/// among others is not news (on a medium demo it was 140 of 217 entries, "failed 1 time in a row"). Each entry's id is made from what it is about (the workflow and the first run of its streak, the
/// instant a run became overdue, the signature), so a feed reader shows each once however many nightly renders
/// repeat it, and a new streak of the same workflow is a new entry. Links are absolute with `--base-url`.
enum AtomFeed {
    static let newSignatureDays: Int64 = 7

    struct Entry {
        var id: String
        var title: String
        var updated: Timestamp
        var link: String
        var summary: String
    }

    static func file(_ builder: SiteBuilder, options: RenderOptions) -> RenderedFile {
        let snapshot = builder.snapshot
        let statistics = snapshot.statistics
        let asOf = statistics.asOf
        // Ids name the site (where it is served, else its title), not the database: a site moved from SQLite to
        // PostgreSQL keeps its entries.
        let source = String(PageFingerprints.hash(options.baseURL ?? options.title), radix: 16)
        func link(_ path: String) -> String { options.baseURL.map { HTMLFormat.joined($0, path) } ?? path }
        var entries: [Entry] = []
        for workflow in snapshot.workflows {
            let runs = statistics.workflow(workflow.id)
            let page = "workflows/\(builder.workflowFile(workflow.id)).html"
            if runs.failureStreak > 0 {
                // The first failure of the current streak: the oldest kept failure newer than every success (a
                // cancelled run neither ends nor extends a streak).
                let finished = runs.latestRuns.filter { $0.status.outcome == .success || $0.status.outcome == .failure }
                let streak = finished.prefix { $0.status.outcome == .failure }
                let longEnough = runs.failureStreak >= options.feedMinimumStreak
                if let first = streak.last, longEnough || healthyForAWeek(before: first, finished) {
                    entries.append(Entry(
                        id: "urn:flowsite:\(source):failing:\(workflow.id):\(first.id)",
                        title: !longEnough ? "First failure in a week: \(workflow.name)" : "Failing: \(workflow.name) (\(runs.failureStreak) in a row)",
                        updated: first.triggeredAt.timestamp ?? asOf, link: link(builder.runFile(first.id).map { "runs/\($0).html#run-\(first.id)" } ?? page),
                        summary: "\(workflow.name) has failed \(runs.failureStreak) times in a row since run #\(first.id)"
                            + (first.errorMessage.map { ": \(ErrorSignature.of($0))" } ?? ".")
                    ))
                }
            }
            if let punctuality = builder.punctuality[workflow.id], punctuality.needsAttention {
                // Keyed by the first run it missed (late) or its last run (quiet): one entry per episode.
                let since = punctuality.firstMissed ?? runs.lastRun?.triggeredAt.timestamp ?? punctuality.overdueSince ?? asOf
                entries.append(Entry(
                    id: "urn:flowsite:\(source):\(punctuality.state.rawValue):\(workflow.id):\(since.iso8601)",
                    title: "\(SiteBuilder.stateName(punctuality.state).capitalizedFirst): \(workflow.name)",
                    updated: since, link: link(page), summary: punctuality.reason
                ))
            }
        }
        for signature in builder.signatures {
            guard let first = signature.firstSeen, first > asOf.adding(days: -newSignatureDays) else { continue }
            entries.append(Entry(
                id: "urn:flowsite:\(source):signature:\(String(PageFingerprints.hash(signature.signature), radix: 16))",
                title: "New error: \(signature.signature.prefix(120))",
                updated: first, link: link(builder.signatureFile(of: signature.signature).map { "errors/\($0).html" } ?? "errors/index.html"),
                summary: "First seen \(first.iso8601); \(signature.count) runs in \(signature.workflowIDs.count) workflow(s) since."
            ))
        }
        entries.sort { ($1.updated, $0.id) < ($0.updated, $1.id) }
        var lines = [
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>",
            "<feed xmlns=\"http://www.w3.org/2005/Atom\">",
            "  <title>\(XMLText.escaped(options.title)): needs attention</title>",
            "  <id>urn:flowsite:\(source):feed</id>",
            "  <updated>\(asOf.iso8601)</updated>",
            "  <author><name>flowsite</name></author>",
            "  <generator>flowsite</generator>",
            "  <link rel=\"alternate\" href=\"\(XMLText.escaped(link("index.html")))\"/>",
        ]
        if let base = options.baseURL { lines.append("  <link rel=\"self\" href=\"\(XMLText.escaped(HTMLFormat.joined(base, "feed.xml")))\"/>") }
        for entry in entries {
            lines += [
                "  <entry>",
                "    <id>\(XMLText.escaped(entry.id))</id>",
                "    <title>\(XMLText.escaped(entry.title))</title>",
                "    <updated>\(entry.updated.iso8601)</updated>",
                "    <link rel=\"alternate\" href=\"\(XMLText.escaped(entry.link))\"/>",
                "    <summary>\(XMLText.escaped(entry.summary))</summary>",
                "  </entry>",
            ]
        }
        lines += ["</feed>", ""]
        return RenderedFile(path: "feed.xml", text: lines.joined(separator: "\n"))
    }
}

/// Whether every run that succeeded or failed in the week before `first` (among those kept) succeeded, and one did:
/// a first failure after a healthy week is news, a failure among failures is not.
func healthyForAWeek(before first: RunSummary, _ finished: [RunSummary]) -> Bool {
    guard let start = first.triggeredAt.timestamp?.adding(days: -7) else { return false }
    let week = finished.filter { run in
        guard let time = run.triggeredAt.timestamp else { return false }
        return time >= start && run.orderKey < first.orderKey
    }
    return !week.isEmpty && week.allSatisfy { $0.status.outcome == .success }
}

extension String {
    var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }
}
