import Foundation
import WorkflowModel

/// Where a cell is, in the database's own names, for findings: `"WorkflowRun"."workflowId"`, not the snake_case
/// name flowsite uses inside. `required` is true for columns the design declares NOT NULL.
package struct CellAddress {
    package var table: String
    package var column: String
    package var required: Bool
}

/// Turns SQLite cells into model values by each cell's actual storage class (a `JSON` column can hand back an
/// INTEGER, a DATETIME column TEXT or INTEGER), never crashing: whatever is off becomes a finding and the raw
/// value is kept. One bad cell is one finding.
package struct CellDecoder {
    package var findings = FindingCollector()

    /// Text as stored. NULL in a non-null column, a number, or bytes that are not UTF-8 are findings.
    package mutating func text(_ value: CellValue, _ cell: CellAddress, rowID: Int64?) -> String? {
        switch value {
        case .null:
            if cell.required {
                findings.record(.unexpectedNull, table: cell.table, column: cell.column, rowID: rowID, example: "NULL")
            }
            return nil
        case .string(let text):
            if Self.hasReplacementCharacter(text) {
                findings.record(.invalidUTF8, table: cell.table, column: cell.column, rowID: rowID, example: text)
            }
            return text
        case .int64(let number):
            findings.record(.unexpectedType, table: cell.table, column: cell.column, rowID: rowID, example: "INTEGER \(number)")
            return String(number)
        case .double(let number):
            findings.record(.unexpectedType, table: cell.table, column: cell.column, rowID: rowID, example: "REAL \(number)")
            return String(number)
        case .blob(let data):
            if let text = String(data: data, encoding: .utf8) { return text }
            findings.record(.invalidUTF8, table: cell.table, column: cell.column, rowID: rowID, example: "BLOB of \(data.count) bytes")
            return String(decoding: data, as: UTF8.self)
        }
    }

    /// Invalid UTF-8 in TEXT reaches Swift with U+FFFD in its place (GRDB reads through `String(cString:)`).
    /// Text `text(_:_:rowID:)` would take without a finding, made in one pass: valid UTF-8 without the byte a
    /// replacement character starts with (found by `memchr`, vectorised). Anything else (nil) goes through `text`.
    package static func plainText(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        guard let start = bytes.baseAddress else { return "" }
        return memchr(start, 0xEF, bytes.count) == nil ? String(validating: bytes, as: UTF8.self) : nil
    }

    package static func hasReplacementCharacter(_ text: String) -> Bool {
        var utf8 = text.utf8.makeIterator()
        var state = 0
        while let byte = utf8.next() {
            switch (state, byte) {
            case (_, 0xEF): state = 1
            case (1, 0xBF): state = 2
            case (2, 0xBD): return true
            default: state = 0
            }
        }
        return false
    }

    /// The cell as text without judging it, for decoders that record their own finding (one per bad cell).
    package static func shown(_ value: CellValue) -> String {
        switch value {
        case .null: return ""
        case .string(let text): return text
        case .int64(let number): return String(number)
        case .double(let number): return String(number)
        case .blob(let data): return String(decoding: data, as: UTF8.self)
        }
    }

    /// How a cell that is not what its column needs is described in a finding.
    package static func described(_ value: CellValue) -> String {
        switch value {
        case .blob(let data): return "BLOB of \(data.count) bytes"
        case .double(let number): return "REAL \(number)"
        case .int64(let number): return "INTEGER \(number)"
        default: return shown(value)
        }
    }

    /// An integer key; text holding digits is accepted as that number.
    package mutating func integer(_ value: CellValue, _ cell: CellAddress, rowID: Int64?) -> Int64? {
        switch value {
        case .int64(let number): return number
        case .null:
            if cell.required {
                findings.record(.unexpectedNull, table: cell.table, column: cell.column, rowID: rowID, example: "NULL")
            }
            return nil
        case .double(let number) where number.rounded() == number && abs(number) < 9e15:
            return Int64(number)
        default:
            if case .string(let text) = value, let number = Int64(text.trimmedWhitespace) { return number }
            findings.record(.unexpectedType, table: cell.table, column: cell.column, rowID: rowID, example: Self.described(value))
            return nil
        }
    }

    /// Text in either stack's form, or integer/real milliseconds since the epoch (Prisma's default engine).
    package mutating func time(_ value: CellValue, _ cell: CellAddress, rowID: Int64?) -> StoredTime {
        switch value {
        case .int64(let milliseconds):
            if let stamp = Timestamp(milliseconds: milliseconds) { return .time(stamp) }
            return unreadableTime("INTEGER \(milliseconds)", cell, rowID: rowID)
        case .double(let milliseconds):
            if milliseconds.isFinite, abs(milliseconds) < 9e15, let stamp = Timestamp(checkedMicroseconds: Int64((milliseconds * 1000).rounded())) {
                return .time(stamp)
            }
            return unreadableTime("REAL \(milliseconds)", cell, rowID: rowID)
        case .null:
            if cell.required {
                findings.record(.unexpectedNull, table: cell.table, column: cell.column, rowID: rowID, example: "NULL")
            }
            return .missing
        default:
            let raw = Self.shown(value)
            if let stamp = Timestamp(text: raw) { return .time(stamp) }
            return unreadableTime(raw, cell, rowID: rowID)
        }
    }

    /// A time that cannot be read, or lies outside years 1-9999 (a corrupt cell): one finding, and "unknown" on pages.
    private mutating func unreadableTime(_ raw: String, _ cell: CellAddress, rowID: Int64?) -> StoredTime {
        findings.record(.unreadableDatetime, table: cell.table, column: cell.column, rowID: rowID, example: raw)
        return .unreadable(raw)
    }

    /// JSON text (the text `null` is Python's None), or a bare number, which SQLite may return for a JSON column.
    package mutating func json(_ value: CellValue, _ cell: CellAddress, rowID: Int64?) -> StoredJSON {
        switch value {
        case .int64(let number): return .value(.integer(number))
        case .double(let number): return .value(.double(number))
        case .null:
            if cell.required {
                findings.record(.unexpectedNull, table: cell.table, column: cell.column, rowID: rowID, example: "NULL")
            }
            return .missing
        default:
            let raw = Self.shown(value)
            do {
                let parsed = try JSONParser.parse(raw)
                if Self.hasReplacementCharacter(raw) {
                    findings.record(.invalidUTF8, table: cell.table, column: cell.column, rowID: rowID, example: raw)
                }
                return .value(parsed)
            } catch {
                findings.record(.malformedJSON, table: cell.table, column: cell.column, rowID: rowID, example: "\(error): \(raw.prefix(120))")
                return .malformed(raw)
            }
        }
    }
}
