import WorkflowStore
/// Splits one message of `COPY … TO STDOUT (FORMAT binary)` into its cells, in place: the 19-byte header (and its
/// extension) before the first row, then per row a 16-bit field count and per field a 32-bit length (-1: NULL)
/// and the bytes; a count of -1 is the trailer. Positions go into two buffers allocated once, so a row costs no
/// allocation.
struct BinaryCopyRow {
    static let signature: [UInt8] = Array("PGCOPY\n".utf8) + [0xFF, 0x0D, 0x0A, 0x00]

    let columns: Int
    /// Where each cell of the current row starts in the message, and its length (-1 for NULL).
    let starts: UnsafeMutableBufferPointer<Int>
    let lengths: UnsafeMutableBufferPointer<Int>
    private var headerRead = false

    init(columns: Int) {
        self.columns = columns
        starts = .allocate(capacity: max(columns, 1))
        lengths = .allocate(capacity: max(columns, 1))
    }

    func deallocate() {
        starts.deallocate()
        lengths.deallocate()
    }

    /// Reads one message; true when it held a row (its cells now in `starts` and `lengths`), false for the trailer.
    mutating func parse(_ bytes: UnsafeRawBufferPointer) throws(MalformedCopyData) -> Bool {
        var offset = 0
        if !headerRead {
            guard bytes.count >= 19, zip(bytes.prefix(11), Self.signature).allSatisfy({ $0 == $1 }) else { throw MalformedCopyData(detail: "no binary COPY header") }
            let extensionLength = Int(UInt32(bigEndian: bytes.loadUnaligned(fromByteOffset: 15, as: UInt32.self)))
            offset = 19 + extensionLength
            headerRead = true
        }
        guard bytes.count >= offset + 2 else { throw MalformedCopyData(detail: "a row without its field count") }
        let fields = Int(Int16(bigEndian: bytes.loadUnaligned(fromByteOffset: offset, as: Int16.self)))
        if fields == -1 { return false }
        guard fields == columns else { throw MalformedCopyData(detail: "\(fields) fields where \(columns) were selected") }
        offset += 2
        for column in 0..<columns {
            guard bytes.count >= offset + 4 else { throw MalformedCopyData(detail: "a row cut short") }
            let length = Int(Int32(bigEndian: bytes.loadUnaligned(fromByteOffset: offset, as: Int32.self)))
            offset += 4
            starts[column] = offset
            lengths[column] = length
            if length > 0 {
                guard bytes.count >= offset + length else { throw MalformedCopyData(detail: "a cell cut short") }
                offset += length
            }
        }
        return true
    }
}

/// The server sent COPY data flowsite cannot split (it never should: the format is fixed since PostgreSQL 7.4).
struct MalformedCopyData: Error, CustomStringConvertible {
    var detail: String
    var description: String { "unexpected COPY data from the server: \(detail)" }
}
