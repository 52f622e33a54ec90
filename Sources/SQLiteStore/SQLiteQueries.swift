import GRDB
import GRDBSQLite
import WorkflowModel
import WorkflowStore

/// The snapshot seam on an open SQLite read transaction.
struct SQLiteQueries: SnapshotQueries {
    let db: Database

    func tableNames() throws -> [String] {
        try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
    }

    func columnNames(of table: String) throws -> [String] {
        try SchemaIntrospector.columnNames(db, of: table)
    }

    func rows(_ columns: [String?], of table: String) throws -> [[CellValue]] {
        try Row.fetchAll(db, sql: Self.select(columns, from: table) + " ORDER BY 1").map(Self.cells)
    }

    func rows(_ columns: [String?], of table: String, ids: [Int64]) throws -> [[CellValue]] {
        guard let key = columns.first ?? nil else { return [] }
        return try idChunks(ids.sorted()).flatMap { list in
            try Row.fetchAll(db, sql: Self.select(columns, from: table) + " WHERE \(quoted(key)) IN (\(list)) ORDER BY 1").map(Self.cells)
        }
    }

    /// Steps the statement itself: GRDB's row cursor retained and released its row on every step, a tenth of the
    /// reading thread's time over five million runs. Errors are GRDB's own `DatabaseError`, as from its cursor.
    func forEachRow(_ columns: [String?], of table: String, after: Int64?, alsoIDs: [Int64], _ body: (RawCells) throws -> Void) throws {
        let sql = orderedRange(Self.select(columns, from: table), key: (columns.first ?? nil).map(quoted), after: after, alsoIDs: alsoIDs)
        let statement = try db.makeStatement(sql: sql)
        let handle = statement.sqliteStatement
        let cells = RawCells(statement: handle)
        while true {
            let code = sqlite3_step(handle)
            if code == SQLITE_DONE { return }
            guard code == SQLITE_ROW else {
                throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(db.sqliteConnection)), sql: sql)
            }
            try body(cells)
        }
    }

    func count(_ table: String) throws -> Int {
        try Int.fetchOne(db, sql: "SELECT count(*) FROM \(quoted(table))") ?? 0
    }

    func count(_ table: String, key: String, above id: Int64) throws -> Int {
        try Int.fetchOne(db, sql: "SELECT count(*) FROM \(quoted(table)) WHERE \(quoted(key)) > \(id)") ?? 0
    }

    func schema() throws -> DatabaseSchema {
        try SchemaIntrospector(db: db).read()
    }

    /// A fetched row in the seam's currency.
    static func cells(_ row: Row) -> [CellValue] {
        (0..<row.count).map { CellValue(row[$0] as DatabaseValue) }
    }

    /// `SELECT "a", "b", NULL FROM "table"`.
    static func select(_ columns: [String?], from table: String) -> String {
        "SELECT \(columns.map { $0.map(quoted) ?? "NULL" }.joined(separator: ", ")) FROM \(quoted(table))"
    }
}
