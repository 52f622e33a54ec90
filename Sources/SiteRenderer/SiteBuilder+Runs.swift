import WorkflowModel

/// Run pages, signature pages and the errors index: the level on-call people open first.
extension SiteBuilder {
    /// JSON shown on a run page at most; past it, a note says how much was left out.
    static let shownJSONLimit = 100_000

    /// The runs page of a workflow: a section per selected run, latest first.
    /// - Parameter details: the masked details of the page's runs (`Page.runIDs`).
    func runPage(workflowID: Int64, details: [Int64: RunDetail], root: String) -> RunPage {
        let kept = statistics.workflow(workflowID).latestRuns
        return RunPage(root: root, workflow: workflowLink(workflowID),
                       runs: kept.indices.filter { hasRunPage(kept[$0].id) }.map { runSection(kept, at: $0, detail: details[kept[$0].id]) })
    }

    func runSection(_ kept: [RunSummary], at position: Int, detail: RunDetail?) -> RunPage.Run {
        let run = kept[position]
        let (trigger, triggerNote) = Self.shownJSON(detail?.triggerData ?? .missing)
        let (output, outputNote) = Self.shownJSON(detail?.outputData ?? .missing)
        // The full text when it was read; else the one line the snapshot kept.
        let error = detail.flatMap { $0.found ? $0.errorMessage : nil } ?? run.errorMessage
        var errorNote: String?
        if let length = detail?.errorLength {
            errorNote = "The error is \(Formatting.count(length)) characters long; the first \(Formatting.count(RunDetail.maximumErrorLength)) are shown."
        } else if detail?.found != true, run.errorMessage != nil {
            errorNote = "The first line of the error, as the statistics keep it."
        }
        func neighbour(_ position: Int) -> RunPage.Neighbour? {
            guard kept.indices.contains(position) else { return nil }
            let other = kept[position]
            return .init(id: other.id, page: hasRunPage(other.id), status: other.status.name.isEmpty ? "(empty)" : other.status.name, at: Stamp(other.triggeredAt))
        }
        let signatureText = run.errorMessage.map(signature(of:))
        return RunPage.Run(
            id: run.id, status: run.status.name.isEmpty ? "(empty)" : run.status.name,
            statusClass: Self.statusClass(run.status), triggeredAt: Stamp(run.triggeredAt),
            error: error, errorNote: errorNote,
            signature: signatureText.flatMap { text in signatureFile(of: text).map { SignatureLink(file: $0, text: Formatting.excerpt(text, limit: 200)) } },
            triggerData: trigger, triggerNote: triggerNote, outputData: output, outputNote: outputNote,
            unreadNote: detail?.found == true ? nil : "Its trigger data, output data and full error text were not read (the run is no longer in the database, or the database cannot be asked for it).",
            fence: Self.fence(for: [error, trigger, output]),
            previous: neighbour(position + 1), next: neighbour(position - 1)
        )
    }

    /// Pretty JSON, or the stored text when it is not JSON, cut at `shownJSONLimit` characters.
    static func shownJSON(_ stored: StoredJSON) -> (String?, String?) {
        let text: String
        var note: String?
        switch stored {
        case .missing, .value(.null): return (nil, nil)
        case .value(let value): text = JSONWriter.pretty.write(value)
        case .malformed(let raw):
            text = raw
            note = "Not valid JSON; shown as stored, secrets masked."
        }
        let head = text.prefix(shownJSONLimit + 1)
        guard head.count > shownJSONLimit else { return (text, note) }
        let cut = "It is \(Formatting.count(text.count)) characters long; the first \(Formatting.count(shownJSONLimit)) are shown."
        return (String(head.prefix(shownJSONLimit)), [note, cut].compactMap { $0 }.joined(separator: " "))
    }

    /// A Markdown code fence longer than any run of backticks in the texts, so none can close it early.
    static func fence(for texts: [String?]) -> String {
        var longest = 0
        for text in texts.compactMap({ $0 }) {
            var run = 0
            for byte in text.utf8 {
                if byte == UInt8(ascii: "`") { run += 1; longest = max(longest, run) } else { run = 0 }
            }
        }
        return String(repeating: "`", count: max(3, longest + 1))
    }

    func signaturePage(_ tally: SignatureTally, root: String) -> SignaturePage {
        let shown = ErrorTally.maximumWorkflowsKept
        let firstDay = asOfTime.dayNumber - 89
        let daily = tally.daily90.isEmpty ? Array(repeating: 0, count: 90) : tally.daily90
        return SignaturePage(
            root: root, signature: tally.signature, count: Formatting.count(tally.count),
            change: previous.map { $0.signatures.contains(tally.signature) ? nil : "new" } ?? nil,
            firstSeen: Stamp(tally.firstSeen), lastSeen: Stamp(tally.lastSeen),
            count90: Formatting.count(daily.reduce(0, +)),
            chart: SVGCharts.dailyBars(daily.map { count in var day = OutcomeCounts(); day.failure = count; return day }, firstDay: firstDay, label: "Runs that failed with this error per day, last 90 days"),
            workflows: tally.workflowIDs.prefix(shown).map(workflowLink),
            moreWorkflows: tally.workflowIDs.count > shown ? tally.workflowIDs.count - shown : nil,
            variants: tally.variants.map { KeyValue(key: Formatting.excerpt($0.message, limit: 500), value: Formatting.count($0.count)) },
            variantCount: Formatting.count(tally.messages),
            examples: (examples.runs[tally.signature] ?? []).map { runRow($0.run, workflowID: $0.workflowID) }
        )
    }

    func signaturesIndex(root: String) -> SignaturesPage {
        SignaturesPage(
            root: root, rows: signatures.map(errorRow),
            untrackedErrorRuns: statistics.untrackedErrorRuns > 0 ? Formatting.count(statistics.untrackedErrorRuns) : nil
        )
    }
}
