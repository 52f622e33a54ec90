import GRDB
import WorkflowModel
import WorkflowStore

/// Reads the schema of every table in the file from SQLite itself (not a hard-coded list), for the ER diagram.
/// Names are bound as parameters of SQLite's table-valued pragmas, never spliced into SQL: a table called `a"b`
/// or an index called `i"x` must not break the report (GRDB's schema helpers quote without doubling `"`).
struct SchemaIntrospector {
    let db: Database

    func read() throws -> DatabaseSchema {
        let names = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name")
        return DatabaseSchema(tables: try names.map(readTable))
    }

    private func readTable(_ name: String) throws -> DatabaseSchema.Table {
        // hidden: 0 ordinary, 1 hidden column of a virtual table (not shown), 2 and 3 generated columns (shown).
        let rows = try Row.fetchAll(db, sql: "SELECT name, type, \"notnull\", pk FROM pragma_table_xinfo(?) WHERE hidden != 1 ORDER BY cid", arguments: [name])
        let columns = rows.map { DatabaseSchema.Column(name: $0["name"], declaredType: $0["type"] ?? "", isNotNull: $0["notnull"] ?? false) }
        let uniqueKeys = try Row.fetchAll(db, sql: "SELECT name FROM pragma_index_list(?) WHERE \"unique\" = 1 AND origin != 'pk' ORDER BY seq DESC", arguments: [name])
            .map { index -> [String] in
                try String.fetchAll(db, sql: "SELECT name FROM pragma_index_info(?) WHERE name IS NOT NULL ORDER BY seqno", arguments: [index["name"] as String])
            }  // in creation order (index_list numbers the newest 0)
        let foreignKeys = try Dictionary(grouping: Row.fetchAll(db, sql: "SELECT id, \"table\", \"from\", \"to\" FROM pragma_foreign_key_list(?) ORDER BY id, seq", arguments: [name]), by: { $0["id"] as Int })
            .sorted { $0.key < $1.key }
            .map { _, parts -> DatabaseSchema.ForeignKey in
                let referenced: String = parts[0]["table"]
                let targets = parts.compactMap { $0["to"] as String? }
                return DatabaseSchema.ForeignKey(
                    columns: parts.map { $0["from"] }, referencedTable: referenced,
                    referencedColumns: targets.count == parts.count ? targets : try primaryKey(of: referenced))
            }
        return DatabaseSchema.Table(name: name, columns: columns, primaryKey: try primaryKey(of: name), uniqueKeys: uniqueKeys, foreignKeys: foreignKeys)
    }

    /// The names of a table's columns, in order.
    static func columnNames(_ db: Database, of table: String) throws -> [String] {
        try String.fetchAll(db, sql: "SELECT name FROM pragma_table_xinfo(?) WHERE hidden != 1 ORDER BY cid", arguments: [table])
    }

    /// The declared primary key in key order; `rowid` for a table without one (SQLite's hidden key).
    private func primaryKey(of table: String) throws -> [String] {
        let columns = try String.fetchAll(db, sql: "SELECT name FROM pragma_table_xinfo(?) WHERE pk > 0 ORDER BY pk", arguments: [table])
        return columns.isEmpty ? ["rowid"] : columns
    }
}
