import WorkflowModel

/// The seam between the databases and everything above them: what `SnapshotReader` asks of an open, read-only
/// snapshot. SQLite (`SQLite/`) and PostgreSQL (`PostgreSQL/`) answer it side by side; layout detection, decoding,
/// findings and the fold over runs are shared. Cells come as `CellValue`s whichever database they are from,
/// so the tolerant `CellDecoder` reads both the same way.
package protocol SnapshotQueries {
    associatedtype Cells: RunCells

    /// The names of the tables the reader may look at.
    func tableNames() throws -> [String]
    /// A table's columns, in order.
    func columnNames(of table: String) throws -> [String]
    /// Every row of `table`, the given columns (nil: absent, read as NULL) in order, ordered by the first column.
    func rows(_ columns: [String?], of table: String) throws -> [[CellValue]]
    /// The rows of `table` whose first column (the id) is one of `ids`, ordered by it: a lookup by primary key,
    /// for the few runs that get a page. Every driver answers it itself: a silent full pass would read the run
    /// table a second time.
    func rows(_ columns: [String?], of table: String, ids: [Int64]) throws -> [[CellValue]]
    /// Streams every row of `table` once, ordered by the first column (the id), through `body`. Every database
    /// hands the fold the same order, so figures that depend on it (time to recover is exact for runs in time order,
    /// and ids rise with time as the app writes them) are the same from SQLite and PostgreSQL: SQLite's rowid
    /// tables are stored in that order already (no sort), PostgreSQL's heap is not (an UPDATE moves a row).
    /// With `after`, only the rows whose id is above it, and those named in `alsoIDs`: a range of the primary key and
    /// a few lookups by it, what continuing a saved fold reads.
    func forEachRow(_ columns: [String?], of table: String, after: Int64?, alsoIDs: [Int64], _ body: (Cells) throws -> Void) throws
    /// How many rows a table holds.
    func count(_ table: String) throws -> Int
    /// Rows whose `key` (the primary key) is above `id`; with `count(_:)`, how a saved fold checks, by primary key on
    /// every database, that no run it holds was deleted and none added behind it.
    func count(_ table: String, key: String, above id: Int64) throws -> Int
    /// Every table with its columns and keys, for the schema page.
    func schema() throws -> DatabaseSchema
}

/// One row of the run stream. The typed accessors are the fast path and answer nil for a cell of another type;
/// `value` is the cell for the tolerant decoder.
package protocol RunCells {
    func integer(_ column: Int32) -> Int64?
    func isNull(_ column: Int32) -> Bool
    func timestamp(_ column: Int32) -> Timestamp?
    func withText<T>(_ column: Int32, _ body: (UnsafeBufferPointer<UInt8>) -> T?) -> T?
    func value(_ column: Int32) -> CellValue
}

/// Ids written into SQL as literals, in chunks a statement takes comfortably (SQLite's default limit on terms
/// is far above; 500 keeps each statement small). Ids are integers, so nothing from the database is quoted here.
/// What `forEachRow(after:alsoIDs:)` runs, in any SQL dialect: `select` (a `SELECT … FROM …`) of the rows whose `key`
/// is above `after`, then of those in `alsoIDs`, ordered by the key. Two statements joined, not one `WHERE … OR …`:
/// with the `OR`, SQLite scans the whole table instead of searching the key.
package func orderedRange(_ select: String, key: String?, after: Int64?, alsoIDs: [Int64]) -> String {
    guard let key, let after else { return select + " ORDER BY 1" }
    guard !alsoIDs.isEmpty else { return select + " WHERE \(key) > \(after) ORDER BY 1" }
    return select + " WHERE \(key) > \(after) UNION ALL " + select + " WHERE \(key) IN (\(alsoIDs.map(String.init).joined(separator: ", "))) ORDER BY 1"
}

package func idChunks(_ ids: [Int64]) -> [String] {
    stride(from: 0, to: ids.count, by: 500).map { start in
        ids[start..<min(start + 500, ids.count)].map(String.init).joined(separator: ", ")
    }
}
