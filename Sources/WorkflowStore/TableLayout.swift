import WorkflowModel

/// The four tables of the app and their physical names in one layout. Columns are named in snake_case here
/// and mapped per layout, so queries select by name, whatever order a SQLModel version created them in.
package struct TableLayout: Sendable {
    package let layout: DatabaseLayout
    /// Physical table names as found in the file (SQLite matches them case-insensitively).
    package let user: String
    package let workflow: String
    package let integration: String
    package let run: String
    /// Column names present per physical table: lowercased name -> name as the database spells it (SQLite
    /// matches names case-insensitively, PostgreSQL exactly).
    package let columnsPresent: [String: [String: String]]

    /// Columns a table must have; without them the file is not a workflow database.
    package static let requiredColumns: [AppTable: [String]] = [
        .user: ["id", "username"],
        .workflow: ["id", "name", "owner_id"],
        .integration: ["id", "server_name", "owner_id"],
        .workflowRun: ["id", "status", "workflow_id", "triggered_at"],
    ]

    /// Columns the design declares NOT NULL; a NULL there is a finding.
    package static let nonNullColumns: Set<String> = [
        "username", "name", "natural_language_description", "structured_definition", "created_at", "updated_at",
        "owner_id", "server_name", "config", "triggered_at", "status", "workflow_id",
    ]

    package func column(_ snake: String) -> String { layout.columnName(snake) }

    /// The table as found in the file.
    package func physicalTable(_ table: AppTable) -> String {
        switch table {
        case .user: return user
        case .workflow: return workflow
        case .integration: return integration
        case .workflowRun: return run
        }
    }

    /// A column's address for findings, in this file's own table and column names.
    package func cell(_ snake: String, of logicalTable: AppTable) -> CellAddress {
        CellAddress(table: physicalTable(logicalTable), column: column(snake), required: Self.nonNullColumns.contains(snake))
    }

    package func has(_ snake: String, in logicalTable: AppTable) -> Bool { actualColumn(snake, in: logicalTable) != nil }

    /// The column as the database spells it; nil when the table lacks it (optional columns may be missing in older
    /// files, and are then read as NULL).
    package func actualColumn(_ snake: String, in logicalTable: AppTable) -> String? {
        columnsPresent[physicalTable(logicalTable).lowercased()]?[column(snake).lowercased()]
    }

    /// The columns to select, by their names in the database (nil: absent), in the order given.
    package func selection(_ columns: [String], from logicalTable: AppTable) -> [String?] {
        columns.map { actualColumn($0, in: logicalTable) }
    }
}

/// SQL identifier quoting: the one place names from a file are put into SQL.
package func quoted(_ identifier: String) -> String {
    "\"" + identifier.replacingOccurrences(of: "\"", with: "\"\"") + "\""
}
