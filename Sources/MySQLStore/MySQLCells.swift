import Foundation
import WorkflowModel
import WorkflowStore

/// A row of a result, read in place in the connector's buffer (the text protocol: every cell is its text, with its
/// length): an integer parsed from its digits, a `DATETIME` from its text, a status as its bytes; only a cell the
/// fast path cannot take becomes a `CellValue` for the decoder.
struct MySQLCells: RunCells {
    /// How a column is read back, from the type the server sends with the result.
    enum Kind: Sendable { case integer, timestamp, text, binary }

    let row: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>
    let lengths: UnsafeMutablePointer<UInt>
    /// One per column, allocated once per result (an array here would be retained and released for every row).
    let kinds: UnsafeBufferPointer<Kind>

    private func bytes(_ column: Int32) -> UnsafeBufferPointer<UInt8>? {
        guard let start = row[Int(column)] else { return nil }
        return UnsafeBufferPointer(start: UnsafeRawPointer(start).assumingMemoryBound(to: UInt8.self), count: Int(lengths[Int(column)]))
    }

    func integer(_ column: Int32) -> Int64? {
        guard kinds[Int(column)] == .integer, let bytes = bytes(column) else { return nil }
        return Self.integer(bytes)
    }

    func isNull(_ column: Int32) -> Bool { row[Int(column)] == nil }

    /// `DATETIME` and `TIMESTAMP` text (`2026-11-24 09:15:02[.123456]`, UTC as the session reads it); nil for a zero
    /// date or anything else, which the decoder then reports.
    func timestamp(_ column: Int32) -> Timestamp? {
        guard kinds[Int(column)] == .timestamp, let bytes = bytes(column) else { return nil }
        return Timestamp(utf8: bytes)
    }

    func withText<T>(_ column: Int32, _ body: (UnsafeBufferPointer<UInt8>) -> T?) -> T? {
        guard kinds[Int(column)] == .text, let bytes = bytes(column) else { return nil }
        return body(bytes)
    }

    func value(_ column: Int32) -> CellValue {
        guard let bytes = bytes(column) else { return .null }
        switch kinds[Int(column)] {
        case .integer:
            if let number = Self.integer(bytes) { return .int64(number) }
            return .string(String(decoding: bytes, as: UTF8.self))
        case .timestamp, .text:
            return .string(String(decoding: bytes, as: UTF8.self))
        case .binary:
            return .blob(Data(bytes))
        }
    }

    /// A decimal integer's text (an optional sign, then digits), without overflow; nil for anything else (an
    /// UNSIGNED BIGINT past Int64 included).
    static func integer(_ bytes: UnsafeBufferPointer<UInt8>) -> Int64? {
        guard !bytes.isEmpty else { return nil }
        var index = 0
        let negative = bytes[0] == UInt8(ascii: "-")
        if negative || bytes[0] == UInt8(ascii: "+") { index = 1 }
        guard index < bytes.count else { return nil }
        var value: Int64 = 0
        while index < bytes.count {
            let digit = bytes[index] &- UInt8(ascii: "0")
            guard digit < 10 else { return nil }
            let (times, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = negative ? times.subtractingReportingOverflow(Int64(digit)) : times.addingReportingOverflow(Int64(digit))
            guard !overflow1, !overflow2 else { return nil }
            value = sum
            index += 1
        }
        return value
    }
}
