/// Something in the app's data that is not as the design says. Reading keeps going; pages show these.
public struct DataQualityFinding: Sendable, Hashable, Comparable {
    public enum Kind: String, Sendable, CaseIterable, Comparable {
        case malformedJSON = "malformed JSON"
        case unexpectedNull = "NULL in a non-null column"
        case unknownStatus = "unknown run status"
        case unreadableDatetime = "unreadable datetime"
        case invalidUTF8 = "invalid UTF-8"
        case orphanRow = "orphan row"
        case unexpectedType = "unexpected value type"
        case missingColumn = "missing column"
        case duplicateID = "duplicate id"

        public static func < (lhs: Kind, rhs: Kind) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    public var kind: Kind
    public var table: String
    public var column: String
    /// How many rows have this problem.
    public var count: Int
    /// Up to a few row ids, to look the rows up.
    public var exampleRowIDs: [Int64]
    /// One example value or explanation, truncated.
    public var example: String

    public init(kind: Kind, table: String, column: String, count: Int, exampleRowIDs: [Int64], example: String) {
        self.kind = kind
        self.table = table
        self.column = column
        self.count = count
        self.exampleRowIDs = exampleRowIDs
        self.example = example
    }

    public static func < (lhs: DataQualityFinding, rhs: DataQualityFinding) -> Bool {
        (lhs.table, lhs.column, lhs.kind) < (rhs.table, rhs.column, rhs.kind)
    }
}

/// Collects findings grouped by (kind, table, column) with a count and a few examples, so a million bad
/// rows cost one entry, not a million.
public struct FindingCollector: Sendable {
    private var findings: [Key: DataQualityFinding] = [:]
    public static let examplesKept = 5

    private struct Key: Hashable, Sendable {
        var kind: DataQualityFinding.Kind
        var table: String
        var column: String
    }

    public init() {}

    /// How many times `record` was called: a reader tells by it whether a row made a finding.
    public private(set) var recorded = 0

    public mutating func record(_ kind: DataQualityFinding.Kind, table: String, column: String, rowID: Int64?, example: String) {
        recorded += 1
        let key = Key(kind: kind, table: table, column: column)
        var finding = findings[key] ?? DataQualityFinding(kind: kind, table: table, column: column, count: 0, exampleRowIDs: [], example: String(example.prefix(200)))
        finding.count += 1
        // The examples are the smallest row ids and the example value that of the smallest, whatever the row order.
        if let rowID {
            var kept = SmallestIDs(limit: Self.examplesKept, ids: finding.exampleRowIDs)
            if kept.insert(rowID) { finding.example = String(example.prefix(200)) }
            finding.exampleRowIDs = kept.ids
        }
        findings[key] = finding
    }

    /// Sorted by table, column, kind.
    public var all: [DataQualityFinding] { findings.values.sorted() }

    /// A collector that already holds `findings` (a saved fold's), to go on recording after them.
    public init(restoring findings: [DataQualityFinding]) {
        for finding in findings { self.findings[Key(kind: finding.kind, table: finding.table, column: finding.column)] = finding }
    }

    /// Adds another collector's findings: counts add up, the examples are again those of the smallest row ids.
    public mutating func merge(_ other: FindingCollector) {
        for (key, theirs) in other.findings {
            guard var finding = findings[key] else {
                findings[key] = theirs
                continue
            }
            finding.count += theirs.count
            var kept = SmallestIDs(limit: Self.examplesKept, ids: finding.exampleRowIDs)
            for id in theirs.exampleRowIDs { kept.insert(id) }
            if let smallest = theirs.exampleRowIDs.first, kept.ids.first == smallest, finding.exampleRowIDs.first != smallest {
                finding.example = theirs.example
            }
            finding.exampleRowIDs = kept.ids
            findings[key] = finding
        }
    }
}
