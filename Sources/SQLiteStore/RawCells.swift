import Foundation
import GRDB
import GRDBSQLite
import WorkflowModel
import WorkflowStore

/// The fast path for the run table: reads the current row of a GRDB statement by storage class, as bytes, so five
/// million rows do not make fifteen million Strings. Each accessor answers nil for any other storage class, and the
/// caller falls back to `CellDecoder`.
struct RawCells: RunCells {
    let statement: OpaquePointer

    init(statement: OpaquePointer) { self.statement = statement }

    func integer(_ column: Int32) -> Int64? {
        sqlite3_column_type(statement, column) == SQLITE_INTEGER ? sqlite3_column_int64(statement, column) : nil
    }

    func isNull(_ column: Int32) -> Bool { sqlite3_column_type(statement, column) == SQLITE_NULL }

    func value(_ column: Int32) -> CellValue { CellValue(DatabaseValue(sqliteStatement: statement, index: column)) }

    /// TEXT in either stack's form, or INTEGER milliseconds (Prisma); nil for anything else or unreadable text,
    /// which the decoder then reports.
    func timestamp(_ column: Int32) -> Timestamp? {
        switch sqlite3_column_type(statement, column) {
        case SQLITE_INTEGER: return Timestamp(milliseconds: sqlite3_column_int64(statement, column))
        case SQLITE_TEXT: return withText(column) { Timestamp(utf8: $0) }
        default: return nil
        }
    }

    /// Calls `body` with the bytes of a TEXT cell; nil for other storage classes.
    func withText<T>(_ column: Int32, _ body: (UnsafeBufferPointer<UInt8>) -> T?) -> T? {
        guard sqlite3_column_type(statement, column) == SQLITE_TEXT, let text = sqlite3_column_text(statement, column) else { return nil }
        return body(UnsafeBufferPointer(start: text, count: Int(sqlite3_column_bytes(statement, column))))
    }
}
