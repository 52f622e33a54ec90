/// The schema of whatever tables a database file holds, as SQLite reports it; the ER diagram is drawn from this.
public struct DatabaseSchema: Sendable, Hashable {
    public var tables: [Table]

    public init(tables: [Table]) { self.tables = tables }

    public struct Table: Sendable, Hashable {
        public var name: String
        public var columns: [Column]
        /// Column names of the primary key, in key order.
        public var primaryKey: [String]
        /// Column-name sets that a unique constraint or unique index covers.
        public var uniqueKeys: [[String]]
        public var foreignKeys: [ForeignKey]

        public init(name: String, columns: [Column], primaryKey: [String], uniqueKeys: [[String]], foreignKeys: [ForeignKey]) {
            self.name = name
            self.columns = columns
            self.primaryKey = primaryKey
            self.uniqueKeys = uniqueKeys
            self.foreignKeys = foreignKeys
        }

        public func column(_ name: String) -> Column? {
            columns.first { $0.name.lowercased() == name.lowercased() }
        }
    }

    public struct Column: Sendable, Hashable {
        public var name: String
        /// The declared type as written (`VARCHAR`, `JSONB`, `DATETIME`); may be empty.
        public var declaredType: String
        public var isNotNull: Bool

        public init(name: String, declaredType: String, isNotNull: Bool) {
            self.name = name
            self.declaredType = declaredType
            self.isNotNull = isNotNull
        }
    }

    public struct ForeignKey: Sendable, Hashable {
        public var columns: [String]
        public var referencedTable: String
        public var referencedColumns: [String]

        public init(columns: [String], referencedTable: String, referencedColumns: [String]) {
            self.columns = columns
            self.referencedTable = referencedTable
            self.referencedColumns = referencedColumns
        }
    }

    public func table(_ name: String) -> Table? {
        tables.first { $0.name.lowercased() == name.lowercased() }
    }
}
