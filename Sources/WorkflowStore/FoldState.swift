import WorkflowModel

/// A saved fold: every run below `boundaryID` (the settled prefix, see `RunStatisticsAccumulator.isSettled`, and the
/// runs left unfinished long ago, `watched`) folded once, with what the next render checks before trusting it. The
/// next read folds only runs from `boundaryID` on.
public struct FoldState: Sendable, Equatable {
    /// Which table and columns the prefix was read from; another layout or column set means another fold.
    public var source: String
    /// The first run id that was neither settled nor long unfinished; every run below it is in `prefix`.
    public var boundaryID: Int64
    /// How many runs have an id below `boundaryID`: a deleted or back-filled run changes it.
    public var prefixRows: Int
    /// A few settled runs chosen by their id alone (the smallest of a fixed mix of it), each with a fingerprint of its
    /// cells: a rewritten history shows in them with a probability that grows with how much was rewritten.
    public var samples: [Sample]
    /// The prefix's runs that were still in progress, long after they were triggered, each with a fingerprint of its
    /// cells: the prefix holds them as in progress, so any of them changed (finished at last) means folding again.
    public var watched: [Sample]
    /// What reading the prefix found in the run table (unreadable cells, orphans, unknown statuses).
    public var findings: [DataQualityFinding]
    /// `RunStatisticsAccumulator.encodedPrefix()`.
    public var prefix: [UInt8]
    /// The last run id the fold read; runs after it are new.
    public var highWater: Int64
    /// The finished runs from the boundary to `highWater` (`RecentRunWriter`), replayed instead of read again.
    public var recent: Recent
    /// Runs from the boundary to `highWater` read again next time: those still running, and those whose cells made
    /// findings.
    public var rereadIDs: [Int64]

    public struct Recent: Sendable, Equatable {
        public var count = 0
        public var statuses: [String] = []
        public var messages: [String] = []
        public var bytes: [UInt8] = []
    }

    /// Past this many runs to read again, none are kept (the runs from the boundary on are all read again): each is
    /// named in the statement.
    public static let rereadKept = 5_000

    public struct Sample: Sendable, Equatable {
        public var id: Int64
        public var fingerprint: UInt64

        static func encode(_ out: inout StateWriter, _ sample: Sample) {
            out.int(sample.id)
            out.unsigned(sample.fingerprint)
        }

        static func decode(_ input: inout StateReader) throws(StateReader.Malformed) -> Sample {
            Sample(id: try input.int64(), fingerprint: try input.unsigned())
        }
    }

    public static let samplesKept = 64

    /// Past this many long unfinished runs the prefix ends at the next one (each is looked up on every render).
    public static let watchedKept = 10_000

    public init(source: String, boundaryID: Int64, prefixRows: Int, samples: [Sample], watched: [Sample], findings: [DataQualityFinding], prefix: [UInt8],
                highWater: Int64, recent: Recent, rereadIDs: [Int64]) {
        self.source = source
        self.boundaryID = boundaryID
        self.prefixRows = prefixRows
        self.samples = samples
        self.watched = watched
        self.findings = findings
        self.prefix = prefix
        self.highWater = highWater
        self.recent = recent
        self.rereadIDs = rereadIDs
    }

    /// How many runs have an id up to `highWater`, if nothing was deleted or added behind the fold.
    var rowsUpToHighWater: Int { prefixRows + recent.count + rereadIDs.count }

    /// The order samples are chosen in: a bijective mix of the id (SplitMix64's finaliser), so the chosen runs are
    /// spread over the whole prefix and the same runs are chosen whichever render first folded them.
    static func sampleRank(_ id: Int64) -> UInt64 {
        var z = UInt64(bitPattern: id) &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// The fingerprint of a run as the fold read it.
    static func fingerprint(id: Int64, workflowID: Int64?, time: StoredTime, status: String, error: String?) -> UInt64 {
        var hash = FNV1a64()
        hash.add(id)
        hash.add(workflowID ?? .min)
        switch time {
        case .time(let stamp): hash.add("t"); hash.add(stamp.microseconds)
        case .unreadable(let text): hash.add("u"); hash.add(text)
        case .missing: hash.add("m")
        }
        hash.add(status)
        hash.add(error.map { "e" + $0 } ?? "-")
        return hash.value
    }

    /// Appends the state to `out` (a file's header before it), with no copy of the prefix in between.
    public func encode(into out: inout StateWriter) {
        out.text(source)
        out.int(boundaryID)
        out.int(prefixRows)
        out.array(samples, Sample.encode)
        out.array(watched, Sample.encode)
        out.array(findings) { out, finding in
            out.text(finding.kind.rawValue)
            out.text(finding.table)
            out.text(finding.column)
            out.int(finding.count)
            out.array(finding.exampleRowIDs) { $0.int($1) }
            out.text(finding.example)
        }
        out.bytes(prefix)
        out.int(highWater)
        out.int(recent.count)
        out.array(recent.statuses) { $0.text($1) }
        out.array(recent.messages) { $0.text($1) }
        out.bytes(recent.bytes)
        out.array(rereadIDs) { $0.int($1) }
    }

    /// Reads what `encode(into:)` wrote, leaving `input` after it.
    public init(reading input: inout StateReader) throws(StateReader.Malformed) {
        source = try input.text()
        boundaryID = try input.int64()
        prefixRows = try input.int()
        samples = try input.array(Sample.decode)
        watched = try input.array(Sample.decode)
        findings = try input.array { (reader: inout StateReader) throws(StateReader.Malformed) in
            guard let kind = DataQualityFinding.Kind(rawValue: try reader.text()) else { throw StateReader.Malformed(offset: reader.offset) }
            return DataQualityFinding(kind: kind, table: try reader.text(), column: try reader.text(), count: try reader.int(),
                                      exampleRowIDs: try reader.array { (reader: inout StateReader) throws(StateReader.Malformed) in try reader.int64() },
                                      example: try reader.text())
        }
        prefix = try input.byteArray()
        highWater = try input.int64()
        recent = Recent()
        recent.count = try input.int()
        recent.statuses = try input.array { (reader: inout StateReader) throws(StateReader.Malformed) in try reader.text() }
        recent.messages = try input.array { (reader: inout StateReader) throws(StateReader.Malformed) in try reader.text() }
        recent.bytes = try input.byteArray()
        rereadIDs = try input.array { (reader: inout StateReader) throws(StateReader.Malformed) in try reader.int64() }
    }
}

/// How the render's runs were folded, for its summary line.
public enum FoldKind: Sendable, Equatable {
    /// Every run read; `reason` says why a saved fold was not used (nil: none was given).
    case full(reason: String?)
    /// The saved fold continued with the runs from its boundary on.
    case incremental(runsRead: Int)
}

/// A snapshot with the fold to save for the next render (nil when none can be: see `encodedPrefix`).
public struct FoldedSnapshot: Sendable {
    public var snapshot: WorkflowDatabaseSnapshot
    public var state: FoldState?
    public var fold: FoldKind
    /// Why no fold could be saved for next time (`state` is nil), said once per render.
    public var unsavable: String?
}
