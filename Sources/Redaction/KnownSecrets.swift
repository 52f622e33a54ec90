/// Values already known to be secret (found by key or by shape somewhere in the database), found again wherever they
/// appear: an error message that echoes an integration's token, as Airflow's secrets masker does for logs.
/// Values shorter than `minimumLength` bytes are ignored: they would hide ordinary words everywhere.
/// Candidates are looked up by their first `minimumLength` bytes, so a text costs one hash lookup per byte,
/// whatever the number of known values.
struct KnownSecrets: Sendable {
    static let minimumLength = 6
    private var byPrefix: [UInt64: [[UInt8]]] = [:]

    init() {}

    init(_ values: some Sequence<String>) {
        for value in Set(values) { insert(value) }
        for key in byPrefix.keys { byPrefix[key]!.sort { $0.count > $1.count } }  // longest match first
    }

    var isEmpty: Bool { byPrefix.isEmpty }

    private mutating func insert(_ value: String) {
        let bytes = Array(value.utf8)
        guard bytes.count >= Self.minimumLength else { return }
        byPrefix[Self.prefixKey(bytes, at: 0), default: []].append(bytes)
    }

    static func prefixKey(_ bytes: [UInt8], at index: Int) -> UInt64 {
        var key: UInt64 = 0
        for offset in 0..<minimumLength { key = key << 8 | UInt64(bytes[index + offset]) }
        return key
    }

    /// Byte ranges of `bytes` that hold a known value, longest first at each position, not overlapping.
    func ranges(in bytes: [UInt8]) -> [Range<Int>] {
        guard !byPrefix.isEmpty, bytes.count >= Self.minimumLength else { return [] }
        var ranges: [Range<Int>] = []
        var index = 0
        var key = Self.prefixKey(bytes, at: 0)
        let mask: UInt64 = (1 << (8 * UInt64(Self.minimumLength))) - 1
        while true {
            var advance = 1
            if let candidates = byPrefix[key] {
                for candidate in candidates where index + candidate.count <= bytes.count
                    && bytes[index..<(index + candidate.count)].elementsEqual(candidate)
                {
                    ranges.append(index..<(index + candidate.count))
                    advance = candidate.count
                    break
                }
            }
            let next = index + advance
            guard next + Self.minimumLength <= bytes.count else { break }
            if advance == 1 {
                key = (key << 8 | UInt64(bytes[next + Self.minimumLength - 1])) & mask
            } else {
                key = Self.prefixKey(bytes, at: next)
            }
            index = next
        }
        return ranges
    }
}
