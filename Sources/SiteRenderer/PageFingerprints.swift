import Foundation
import WorkflowModel

/// A fingerprint per page path (FNV-1a of its inputs), kept between runs to skip unchanged pages.
public struct PageFingerprints: Sendable, Equatable {
    public var values: [String: UInt64] = [:]

    public init() {}

    /// Reads the form `serialized` writes; anything unreadable reads as no fingerprints (every page renders).
    public init(serialized data: Data?) {
        guard let data, let text = String(data: data, encoding: .utf8) else { return }
        for line in text.split(separator: "\n") {
            let fields = line.split(separator: " ", maxSplits: 1)
            if fields.count == 2, let value = UInt64(fields[0], radix: 16) { values[String(fields[1])] = value }
        }
    }

    /// One line per page, `hex path`, sorted.
    public var serialized: Data {
        Data(values.sorted { $0.key < $1.key }.map { String($0.value, radix: 16) + " " + $0.key + "\n" }.joined().utf8)
    }

    /// FNV-1a, 64 bits, of the text's bytes alone: stable across runs and machines, unlike `Hasher`.
    static func hash(_ text: String) -> UInt64 {
        var stream = FNV1a64()
        stream.add(text.utf8)
        return stream.value
    }

    static func combine(_ first: UInt64, _ second: UInt64) -> UInt64 {
        hash(String(first, radix: 16) + ":" + String(second, radix: 16))
    }
}
