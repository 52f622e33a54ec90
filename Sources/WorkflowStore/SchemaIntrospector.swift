import GRDB
import WorkflowModel

/// Reads the schema of every table in the file from SQLite itself (not a hard-coded list), for the ER diagram.
struct SchemaIntrospector {
    let db: Database

    func read() throws -> DatabaseSchema {
        let names = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name")
        return DatabaseSchema(tables: try names.map(readTable))
    }

    private func readTable(_ name: String) throws -> DatabaseSchema.Table {
        let columns = try db.columns(in: name).map {
            DatabaseSchema.Column(name: $0.name, declaredType: $0.type, isNotNull: $0.isNotNull)
        }
        let primaryKey = try db.primaryKey(name)
        let uniqueKeys = try db.indexes(on: name)
            .filter { $0.isUnique && $0.origin != .primaryKeyConstraint }
            .map(\.columns)
        let foreignKeys = try db.foreignKeys(on: name).map {
            DatabaseSchema.ForeignKey(columns: $0.originColumns, referencedTable: $0.destinationTable, referencedColumns: $0.destinationColumns)
        }
        return DatabaseSchema.Table(
            name: name, columns: columns,
            primaryKey: primaryKey.rowIDColumn.map { [$0] } ?? primaryKey.columns,
            uniqueKeys: uniqueKeys, foreignKeys: foreignKeys
        )
    }
}
