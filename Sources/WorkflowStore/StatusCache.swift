import Foundation

/// The few distinct statuses a run table holds, looked up by their bytes so a status costs no allocation and no
/// reference counting: their bytes sit in one buffer, and each answers the accumulator's position for it.
package struct StatusCache {
    private var bytes: [UInt8] = []
    private var entries: [(start: Int, count: Int, position: Int32)] = []

    package func lookup(_ text: UnsafeBufferPointer<UInt8>) -> Int32? {
        bytes.withUnsafeBufferPointer { buffer in
            for entry in entries where entry.count == text.count {
                if entry.count == 0 || memcmp(buffer.baseAddress! + entry.start, text.baseAddress!, entry.count) == 0 { return entry.position }
            }
            return nil
        }
    }

    package mutating func remember(_ text: String, position: Int32) {
        guard entries.count < 32, !CellDecoder.hasReplacementCharacter(text) else { return }
        entries.append((bytes.count, text.utf8.count, position))
        bytes += text.utf8
    }
}
