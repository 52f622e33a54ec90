import WorkflowModel
import WorkflowStore

/// A row of the run stream, read in place in libpq's buffer: an integer or a timestamp from its eight binary bytes,
/// a status as its bytes, and only a cell the fast path cannot take is converted for the decoder.
struct PostgresCells: RunCells {
    let row: UnsafeRawBufferPointer
    let starts: UnsafeMutableBufferPointer<Int>
    let lengths: UnsafeMutableBufferPointer<Int>
    let kinds: [PostgresQueries.Kind]

    private func bytes(_ column: Int32) -> UnsafeRawBufferPointer? {
        let length = lengths[Int(column)]
        guard length >= 0 else { return nil }
        return UnsafeRawBufferPointer(rebasing: row[starts[Int(column)]..<(starts[Int(column)] + length)])
    }

    func integer(_ column: Int32) -> Int64? {
        guard kinds[Int(column)] == .integer, let bytes = bytes(column) else { return nil }
        return PostgresQueries.integer(bytes)
    }

    func isNull(_ column: Int32) -> Bool { lengths[Int(column)] < 0 }

    func timestamp(_ column: Int32) -> Timestamp? {
        guard kinds[Int(column)] == .timestamp, let bytes = bytes(column), let raw = PostgresQueries.integer(bytes) else { return nil }
        return PostgresQueries.timestamp(raw)
    }

    func withText<T>(_ column: Int32, _ body: (UnsafeBufferPointer<UInt8>) -> T?) -> T? {
        guard kinds[Int(column)] == .text, let bytes = bytes(column) else { return nil }
        return body(bytes.bindMemory(to: UInt8.self))
    }

    func value(_ column: Int32) -> CellValue { PostgresQueries.value(bytes(column), kinds[Int(column)]) }
}
