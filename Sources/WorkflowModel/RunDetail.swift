/// What a run's page shows beyond its summary: the trigger and output data and the error text as stored (not cut
/// to one line). Read only for the runs that get a page (`RunPageSelection`), by id, after the snapshot: a 5 M-run
/// table is never read twice, and no more than a few hundred thousand rows are looked up.
public struct RunDetail: Sendable, Hashable {
    public var id: Int64
    public var triggerData: StoredJSON
    public var outputData: StoredJSON
    /// The error text, trimmed, at most `maximumErrorLength` characters (the rest is counted in `errorLength`).
    public var errorMessage: String?
    /// The stored error's length in characters when it was cut; nil when it is shown whole.
    public var errorLength: Int?
    /// False when the run was selected but its row was not read (its page says so).
    public var found: Bool

    /// A run page shows at most this much of an error (a 10 MB message written by a runaway loop stays a page).
    public static let maximumErrorLength = 100_000

    public init(id: Int64, triggerData: StoredJSON, outputData: StoredJSON, errorMessage: String?, found: Bool = true) {
        self.id = id
        self.found = found
        self.triggerData = triggerData
        self.outputData = outputData
        if let errorMessage {
            let head = errorMessage.prefix(Self.maximumErrorLength + 1)
            if head.endIndex < errorMessage.endIndex || head.count > Self.maximumErrorLength {
                self.errorMessage = String(head.prefix(Self.maximumErrorLength))
                errorLength = errorMessage.count
            } else {
                self.errorMessage = errorMessage
            }
        }
    }
}

/// Which runs get a page, bounded so a 5 M-run database still writes a page per run that matters, not per run:
/// per workflow its latest `latest` runs and every run of its current failure streak (at most `streakCap`), and for
/// each of the `signaturePagesMax` most frequent error signatures its `examplesPerSignature` latest runs among those
/// the workflows kept. Everything comes from the runs the fold kept (each workflow's latest 100), so choosing costs
/// no read.
public struct RunPageSelection: Sendable {
    public static let defaultLatest = 20
    public static let streakCap = 50
    public static let examplesPerSignature = 3
    /// Signatures with a page of their own; the rest are listed on the errors index only.
    public static let signaturePagesMax = 1_000

    /// The selected run ids, ascending.
    public let ids: [Int64]

    public init(_ statistics: RunStatistics, latest: Int = defaultLatest, signatures: [SignatureTally], signature signatureOf: (String) -> String) {
        var ids = Set<Int64>()
        for workflow in statistics.perWorkflow.values {
            let count = max(min(latest, workflow.latestRuns.count), min(workflow.failureStreak, Self.streakCap, workflow.latestRuns.count))
            for run in workflow.latestRuns.prefix(count) { ids.insert(run.id) }
        }
        let examples = SignatureExamples(statistics, signature: signatureOf)
        for tally in signatures.prefix(Self.signaturePagesMax) {
            for example in examples.runs[tally.signature] ?? [] { ids.insert(example.run.id) }
        }
        self.ids = ids.sorted()
    }
}

/// The latest runs of each error signature among the runs every workflow kept, latest first.
public struct SignatureExamples: Sendable {
    public struct Example: Sendable, Hashable {
        public var workflowID: Int64
        public var run: RunSummary
    }

    public let runs: [String: [Example]]

    public init(_ statistics: RunStatistics, perSignature: Int = RunPageSelection.examplesPerSignature, signature signatureOf: (String) -> String) {
        var runs: [String: [Example]] = [:]
        var signatures: [String: String] = [:]
        // Workflows in id order, and each list kept sorted by (time, id): the answer never depends on hashing.
        for workflowID in statistics.perWorkflow.keys.sorted() {
            for run in statistics.perWorkflow[workflowID]!.latestRuns {
                guard let message = run.errorMessage, run.status.outcome == .failure else { continue }
                let signature: String
                if let known = signatures[message] { signature = known } else {
                    signature = signatureOf(message)
                    signatures[message] = signature
                }
                var list = runs[signature, default: []]
                if list.count == perSignature, let last = list.last, last.run.orderKey > run.orderKey { continue }
                list.append(Example(workflowID: workflowID, run: run))
                list.sort { $0.run.orderKey > $1.run.orderKey }
                if list.count > perSignature { list.removeLast() }
                runs[signature] = list
            }
        }
        self.runs = runs
    }
}

/// The details of the runs that get a page, looked up by id when they are needed and dropped after: the render
/// reads them twice, a chunk at a time, once to learn the secrets they hold (`RedactedSnapshot`) and once per batch
/// of run pages as those are rendered. Holding every selected run's details at once cost the 5 M-run demo 110 MB
/// (400 MB at peak against 290 MB without run pages); a chunk is a few thousand runs.
public struct RunDetailReader: Sendable {
    /// The selected run ids, ascending (`RunPageSelection.ids`).
    public let ids: [Int64]
    private let lookUp: @Sendable ([Int64]) throws -> [RunDetail]

    /// Runs looked up together when every selected run is read once (the store splits them into statements).
    public static let chunkSize = 5_000

    /// - Parameter lookUp: the store's `readRunDetails(ids:)`; it may answer fewer runs than asked, in any order.
    public init(ids: [Int64], lookUp: @escaping @Sendable ([Int64]) throws -> [RunDetail]) {
        self.ids = ids
        self.lookUp = lookUp
    }

    /// No run gets a page (`--run-pages 0`, and every command but `render`).
    public static let none = RunDetailReader(ids: []) { _ in [] }

    /// The details of these runs, one per id asked: a run the store did not answer (deleted since, or a source
    /// that cannot look runs up) still gets its page, saying its data was not read.
    public func read(_ ids: [Int64]) throws -> [Int64: RunDetail] {
        guard !ids.isEmpty else { return [:] }
        var byID: [Int64: RunDetail] = [:]
        byID.reserveCapacity(ids.count)
        for id in ids { byID[id] = RunDetail(id: id, triggerData: .missing, outputData: .missing, errorMessage: nil, found: false) }
        for detail in try lookUp(ids) where byID[detail.id] != nil { byID[detail.id] = detail }
        return byID
    }

    /// Every selected run's details, `chunkSize` runs at a time in id order; a chunk is dropped when `body` returns.
    public func forEachChunk(_ body: ([RunDetail]) throws -> Void) throws {
        for start in stride(from: 0, to: ids.count, by: Self.chunkSize) {
            let chunk = Array(ids[start..<min(ids.count, start + Self.chunkSize)])
            let details = try read(chunk)
            try body(chunk.map { details[$0]! })
        }
    }
}
