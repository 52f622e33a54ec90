import Foundation
import WorkflowModel
import WorkflowStore

/// The snapshot seam on a MySQL or MariaDB transaction, in the URL's database. Tables, columns and keys come from
/// `information_schema` (which lists only what this user may see); every name is backtick-quoted. Cells come back as
/// the SQLite reader sees them: integers as integers, `DATETIME`/`TIMESTAMP` as their UTC text, JSON as its text
/// whether the server stores it as `JSON` (MySQL) or `LONGTEXT` with a `json_valid` check (MariaDB), anything else
/// as text; a zero date or invalid JSON text is the decoder's finding, as from SQLite.
///
/// Least privilege: only the columns a page needs are selected (`user.email` only for `--show-emails`, never the
/// password hash).
struct MySQLQueries: SnapshotQueries {
    let session: MySQLSession
    let readsEmails: Bool

    struct Column {
        var name: String
        var type: String
        var notNull: Bool
    }

    /// Columns per table, in order, read once from `information_schema`.
    private let columns: [String: [Column]]

    init(session: MySQLSession, readsEmails: Bool) throws {
        self.session = session
        self.readsEmails = readsEmails
        var columns: [String: [Column]] = [:]
        let rows = try session.query("""
            SELECT c.TABLE_NAME, c.COLUMN_NAME, c.COLUMN_TYPE, c.IS_NULLABLE
            FROM information_schema.COLUMNS c JOIN information_schema.TABLES t
              ON t.TABLE_SCHEMA = c.TABLE_SCHEMA AND t.TABLE_NAME = c.TABLE_NAME
            WHERE c.TABLE_SCHEMA = DATABASE() AND t.TABLE_TYPE = 'BASE TABLE'
            ORDER BY c.TABLE_NAME, c.ORDINAL_POSITION
            """)
        for row in rows {
            let table = CellDecoder.shown(row[0])
            columns[table, default: []].append(Column(name: CellDecoder.shown(row[1]), type: CellDecoder.shown(row[2]),
                                                      notNull: CellDecoder.shown(row[3]) == "NO"))
        }
        guard !columns.isEmpty else {
            throw StoreError(.notWorkflowDatabase(missing: "database '\(session.location.database)' holds no tables (or this user may not see them)", found: []),
                             file: session.location.description)
        }
        self.columns = columns
    }

    func tableNames() throws -> [String] { columns.keys.sorted() }

    func columnNames(of table: String) throws -> [String] { columns[table]?.map(\.name) ?? [] }

    /// A column's type as `information_schema` prints it (`varchar(255)`, `datetime(3)`, `json`, `longtext`).
    func declaredType(_ column: String, of table: String) -> String? {
        columns[table]?.first { $0.name == column }?.type
    }

    /// Whether `column` is selected at all: it exists for this user, and it is not an e-mail address nobody shows.
    func selects(_ column: String, of table: String) -> Bool {
        guard columns[table]?.contains(where: { $0.name == column }) ?? false else { return false }
        return readsEmails || table.lowercased() != "user" || column.lowercased() != "email"
    }

    func selectList(_ selected: [String?], of table: String) -> String {
        selected.map { column in
            guard let column, selects(column, of: table) else { return "NULL" }
            return backticked(column)
        }.joined(separator: ", ")
    }

    func rows(_ selected: [String?], of table: String) throws -> [[CellValue]] {
        try session.query("SELECT \(selectList(selected, of: table)) FROM \(backticked(table)) ORDER BY 1")
    }

    /// The rows whose first column (the id) is one of `ids`: a lookup by primary key, for the runs that get a page.
    func rows(_ selected: [String?], of table: String, ids: [Int64]) throws -> [[CellValue]] {
        guard let key = selected.first ?? nil, selects(key, of: table) else { return [] }
        var found: [[CellValue]] = []
        for list in idChunks(ids.sorted()) {
            found += try session.query("SELECT \(selectList(selected, of: table)) FROM \(backticked(table)) WHERE \(backticked(key)) IN (\(list)) ORDER BY 1")
        }
        return found
    }

    /// The run stream: unbuffered (`mysql_use_result`), in id order (InnoDB's clustered primary key: no sort), each
    /// row read in place and handed to `body` on this thread while the fold runs on its own.
    func forEachRow(_ selected: [String?], of table: String, after: Int64?, alsoIDs: [Int64], _ body: (MySQLCells) throws -> Void) throws {
        let select = "SELECT \(selectList(selected, of: table)) FROM \(backticked(table))"
        try session.stream(orderedRange(select, key: (selected.first ?? nil).map(backticked), after: after, alsoIDs: alsoIDs), body)
    }

    func count(_ table: String, key: String, above id: Int64) throws -> Int {
        let rows = try session.query("SELECT COUNT(*) FROM \(backticked(table)) WHERE \(backticked(key)) > \(id)")
        if case .int64(let number)? = rows.first?.first { return Int(number) }
        return Int(rows.first.map { CellDecoder.shown($0[0]) } ?? "0") ?? 0
    }

    func count(_ table: String) throws -> Int {
        let rows = try session.query("SELECT COUNT(*) FROM \(backticked(table))")
        if case .int64(let number)? = rows.first?.first { return Int(number) }
        return Int(rows.first.map { CellDecoder.shown($0[0]) } ?? "0") ?? 0
    }

    func schema() throws -> DatabaseSchema {
        var primary: [String: [String]] = [:]
        var unique: [String: [(name: String, columns: [String])]] = [:]
        var foreign: [String: [(name: String, key: DatabaseSchema.ForeignKey)]] = [:]
        let rows = try session.query("""
            SELECT tc.TABLE_NAME, tc.CONSTRAINT_TYPE, tc.CONSTRAINT_NAME, k.COLUMN_NAME, k.REFERENCED_TABLE_NAME, k.REFERENCED_COLUMN_NAME
            FROM information_schema.TABLE_CONSTRAINTS tc JOIN information_schema.KEY_COLUMN_USAGE k
              ON k.CONSTRAINT_SCHEMA = tc.CONSTRAINT_SCHEMA AND k.TABLE_NAME = tc.TABLE_NAME AND k.CONSTRAINT_NAME = tc.CONSTRAINT_NAME
            WHERE tc.TABLE_SCHEMA = DATABASE() AND tc.CONSTRAINT_TYPE IN ('PRIMARY KEY', 'UNIQUE', 'FOREIGN KEY')
            ORDER BY tc.TABLE_NAME, tc.CONSTRAINT_NAME, k.ORDINAL_POSITION
            """)
        for row in rows {
            let (table, type, name, column) = (CellDecoder.shown(row[0]), CellDecoder.shown(row[1]), CellDecoder.shown(row[2]), CellDecoder.shown(row[3]))
            switch type {
            case "PRIMARY KEY":
                primary[table, default: []].append(column)
            case "UNIQUE":
                if let index = unique[table]?.firstIndex(where: { $0.name == name }) {
                    unique[table]![index].columns.append(column)
                } else {
                    unique[table, default: []].append((name, [column]))
                }
            default:
                let referenced = CellDecoder.shown(row[4]), referencedColumn = CellDecoder.shown(row[5])
                if let index = foreign[table]?.firstIndex(where: { $0.name == name }) {
                    foreign[table]![index].key.columns.append(column)
                    foreign[table]![index].key.referencedColumns.append(referencedColumn)
                } else {
                    foreign[table, default: []].append((name, .init(columns: [column], referencedTable: referenced, referencedColumns: [referencedColumn])))
                }
            }
        }
        return DatabaseSchema(tables: columns.keys.sorted().map { table in
            DatabaseSchema.Table(
                name: table,
                columns: columns[table]!.map { DatabaseSchema.Column(name: $0.name, declaredType: $0.type, isNotNull: $0.notNull) },
                primaryKey: primary[table] ?? [], uniqueKeys: unique[table]?.map(\.columns) ?? [], foreignKeys: foreign[table]?.map(\.key) ?? [])
        })
    }
}
