import CLibPQ
import Foundation
import WorkflowModel
import WorkflowStore

/// The snapshot seam on a PostgreSQL transaction, in one schema. Every name is bound as a parameter or quoted
/// (`"user"` is a reserved word). Cells are converted to what the SQLite reader sees, so decoding and the fold are
/// shared: integers as integers, JSON as its text, timestamps (with or without time zone, any precision) as UTC
/// text with microseconds, anything else as text.
///
/// Least privilege: only the columns a page needs are selected (`user.email` only for `--show-emails`, never the
/// password hash); a column or a table the role may not read is read as empty, with a warning naming it, so a
/// role with column grants still renders the rest.
struct PostgresQueries: SnapshotQueries {
    let session: PostgresSession
    var schemaName: String { session.schema }
    /// Whether `user.email` is selected (`render --show-emails`); otherwise it is never read.
    let readsEmails: Bool

    /// How a column is selected and read back.
    enum Kind { case integer, timestamp, text }

    struct Column {
        var name: String
        var type: String
        var notNull: Bool
        /// Whether this role may SELECT it (a column grant, or a grant on the whole table).
        var readable: Bool
    }

    /// Column names and declared types per table, read once from the catalog.
    private let columns: [String: [Column]]
    /// Tables this role may not read at all.
    private let unreadableTables: Set<String>
    /// What the site will lack, for the person running flowsite: unreadable tables and columns, and row level
    /// security that hides rows from this role.
    let warnings: [String]

    init(session: PostgresSession, readsEmails: Bool) throws {
        self.session = session
        self.readsEmails = readsEmails
        var columns: [String: [Column]] = [:]
        var unreadableTables: Set<String> = []
        var rowSecurity: [String] = []
        let catalog = try session.query("""
            SELECT t.relname, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull,
                   has_column_privilege(t.oid, a.attnum, 'SELECT'), has_table_privilege(t.oid, 'SELECT'),
                   t.relrowsecurity AND (t.relforcerowsecurity OR NOT pg_has_role(t.relowner, 'USAGE'))
                     AND NOT (SELECT rolbypassrls OR rolsuper FROM pg_roles WHERE rolname = current_user)
            FROM pg_attribute a JOIN pg_class t ON t.oid = a.attrelid JOIN pg_namespace n ON n.oid = t.relnamespace
            WHERE n.nspname = $1 AND t.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped
            ORDER BY t.relname, a.attnum
            """, [session.schema])
        for row in 0..<catalog.rowCount {
            let table = catalog.text(row, 0) ?? ""
            columns[table, default: []].append(Column(name: catalog.text(row, 1) ?? "", type: catalog.text(row, 2) ?? "text",
                                                      notNull: catalog.bool(row, 3), readable: catalog.bool(row, 4)))
            if !catalog.bool(row, 5) { unreadableTables.insert(table) }
            if catalog.bool(row, 6), !rowSecurity.contains(table) { rowSecurity.append(table) }
        }
        guard !columns.isEmpty else {
            throw StoreError(.notWorkflowDatabase(missing: "schema '\(session.schema)' holds no tables (or this role may not see them)", found: []), file: session.location.description)
        }
        // A table with no readable column at all is unreadable; one with some is read column by column.
        unreadableTables = unreadableTables.filter { table in !(columns[table] ?? []).contains(where: \.readable) }
        self.columns = columns
        self.unreadableTables = unreadableTables
        let role = try session.query("SELECT current_user").text(0, 0) ?? "this role"
        var warnings: [String] = []
        for table in columns.keys.sorted() {
            guard let appTable = AppTable(rawValue: table.lowercased()) else { continue }
            // Every page needs the workflows, and the dashboards the runs; without them, or without the columns
            // that make a table the app's, there is nothing worth rendering.
            if unreadableTables.contains(table), Self.essentialTables.contains(appTable) {
                throw PostgresFailure(sqlState: "42501", message: "permission denied for table \(table)", phase: .working)
            }
            let required = Set((TableLayout.requiredColumns[appTable] ?? []).flatMap { [$0, $0.replacingOccurrences(of: "_", with: "")] })
            if !unreadableTables.contains(table),
               let column = (columns[table] ?? []).first(where: { !$0.readable && required.contains($0.name.lowercased()) }) {
                throw PostgresFailure(sqlState: "42501", message: "permission denied for column \(column.name) of table \(table)", phase: .working)
            }
            if unreadableTables.contains(table) {
                warnings.append("role \(role) may not read table \(table): pages show none of its rows (GRANT SELECT ON \(quoted(table)) TO \(role))")
                continue
            }
            let hidden = (columns[table] ?? []).filter { !$0.readable && Self.isNeeded($0.name, of: table, readsEmails: readsEmails) }.map(\.name)
            if !hidden.isEmpty {
                warnings.append("role \(role) may not read \(table).\(hidden.joined(separator: ", ")): read as empty (GRANT SELECT (\(hidden.map(quoted).joined(separator: ", "))) ON \(quoted(table)) TO \(role))")
            }
        }
        let secured = rowSecurity.filter { AppTable(rawValue: $0.lowercased()) != nil }
        if !secured.isEmpty {
            warnings.append("row level security is on for \(secured.joined(separator: ", ")): the site shows only the rows role \(role) may see")
        }
        self.warnings = warnings
    }

    /// Tables without which no page can be made.
    static let essentialTables: Set<AppTable> = [.workflow, .workflowRun]

    /// The columns the pages read (the rest, such as the password hash and the runs' trigger and output data, are
    /// never selected); `email` only when it is shown.
    static func isNeeded(_ column: String, of table: String, readsEmails: Bool) -> Bool {
        let needed: [AppTable: Set<String>] = [
            .user: Set(["id", "username", "created_at", "createdat"] + (readsEmails ? ["email"] : [])),
            .workflow: ["id", "name", "description", "natural_language_description", "naturallanguagedescription", "structured_definition",
                         "structureddefinition", "created_at", "createdat", "updated_at", "updatedat", "owner_id", "ownerid"],
            .integration: ["id", "server_name", "servername", "config", "created_at", "createdat", "owner_id", "ownerid"],
            .workflowRun: ["id", "workflow_id", "workflowid", "triggered_at", "triggeredat", "status", "error_message", "errormessage"],
        ]
        return AppTable(rawValue: table.lowercased()).flatMap { needed[$0] }?.contains(column.lowercased()) ?? false
    }

    func tableNames() throws -> [String] { columns.keys.sorted() }

    func columnNames(of table: String) throws -> [String] { columns[table]?.map(\.name) ?? [] }

    /// A column's type as the catalog prints it (`jsonb`, `timestamp(3) without time zone`), ready to cast to.
    func declaredType(_ column: String, of table: String) -> String? {
        columns[table]?.first { $0.name == column }?.type
    }

    func kind(_ column: String, of table: String) -> Kind {
        let type = declaredType(column, of: table) ?? "text"
        if ["smallint", "integer", "bigint"].contains(type) { return .integer }
        if type.hasPrefix("timestamp") || type == "date" { return .timestamp }
        return .text
    }

    /// Whether `column` is selected at all: the role may read it, and it is not an e-mail address nobody shows.
    func selects(_ column: String, of table: String) -> Bool {
        guard columns[table]?.first(where: { $0.name == column })?.readable ?? false else { return false }
        return readsEmails || table.lowercased() != "user" || column.lowercased() != "email"
    }

    /// The select list: each column cast to what `Kind` reads back (integers as `int8`; timestamps as they are,
    /// whose binary form is already microseconds, a date as a timestamp); a missing, unreadable or unwanted one as
    /// NULL.
    func selectList(_ selected: [String?], of table: String) -> String {
        selected.map { column -> String in
            guard let column, selects(column, of: table) else { return "NULL::text" }
            switch kind(column, of: table) {
            case .integer: return "\(quoted(column))::int8"
            case .timestamp: return declaredType(column, of: table) == "date" ? "\(quoted(column))::timestamp" : quoted(column)
            case .text: return "\(quoted(column))::text"
            }
        }.joined(separator: ", ")
    }

    func kinds(_ selected: [String?], of table: String) -> [Kind] {
        selected.map { column in column.flatMap { selects($0, of: table) ? kind($0, of: table) : nil } ?? .text }
    }

    func qualified(_ table: String) -> String { "\(quoted(schemaName)).\(quoted(table))" }

    func rows(_ selected: [String?], of table: String) throws -> [[CellValue]] {
        guard !unreadableTables.contains(table) else { return [] }
        let kinds = kinds(selected, of: table)
        let result = try session.query("SELECT \(selectList(selected, of: table)) FROM \(qualified(table)) ORDER BY 1", binary: true)
        return (0..<result.rowCount).map { row in
            kinds.indices.map { column in Self.value(result.bytes(row, column), kinds[column]) }
        }
    }

    func rows(_ selected: [String?], of table: String, ids: [Int64]) throws -> [[CellValue]] {
        guard !unreadableTables.contains(table), let key = selected.first ?? nil else { return [] }
        let kinds = kinds(selected, of: table)
        var found: [[CellValue]] = []
        for list in idChunks(ids.sorted()) {
            let result = try session.query("SELECT \(selectList(selected, of: table)) FROM \(qualified(table)) WHERE \(quoted(key)) IN (\(list)) ORDER BY 1", binary: true)
            found += (0..<result.rowCount).map { row in
                kinds.indices.map { column in Self.value(result.bytes(row, column), kinds[column]) }
            }
        }
        return found
    }

    /// The run stream: `COPY (SELECT …) TO STDOUT` in binary, each row read in place from libpq's buffer (no
    /// allocation per cell) and handed to `body` on this thread, while the fold runs on its own.
    func forEachRow(_ selected: [String?], of table: String, after: Int64?, alsoIDs: [Int64], _ body: (PostgresCells) throws -> Void) throws {
        guard !unreadableTables.contains(table) else { return }
        let kinds = kinds(selected, of: table)
        var parser = BinaryCopyRow(columns: kinds.count)
        defer { parser.deallocate() }
        // In id order, as from SQLite: a heap updated in place is not (time to recover needs runs in time order).
        let select = "SELECT \(selectList(selected, of: table)) FROM \(qualified(table))"
        try session.copyOut(orderedRange(select, key: (selected.first ?? nil).map(quoted), after: after, alsoIDs: alsoIDs)) { bytes in
            guard try parser.parse(bytes) else { return }
            try body(PostgresCells(row: bytes, starts: parser.starts, lengths: parser.lengths, kinds: kinds))
        }
    }

    func count(_ table: String) throws -> Int {
        guard !unreadableTables.contains(table) else { return 0 }
        return Int(try session.query("SELECT count(*) FROM \(qualified(table))").text(0, 0) ?? "0") ?? 0
    }

    func count(_ table: String, key: String, above id: Int64) throws -> Int {
        guard !unreadableTables.contains(table) else { return 0 }
        return Int(try session.query("SELECT count(*) FROM \(qualified(table)) WHERE \(quoted(key)) > \(id)").text(0, 0) ?? "0") ?? 0
    }

    func schema() throws -> DatabaseSchema {
        var keys: [String: (primary: [String], unique: [[String]])] = [:]
        // Names are joined with U+001F (a unit separator no identifier here holds) to read one text per key.
        let indexes = try session.query("""
            SELECT t.relname, i.indisprimary,
                   (SELECT string_agg(a.attname, E'\\x1f' ORDER BY k.ord) FROM unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord)
                    JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum)
            FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid JOIN pg_namespace n ON n.oid = t.relnamespace
            WHERE n.nspname = $1 AND (i.indisprimary OR i.indisunique) AND i.indexprs IS NULL
            ORDER BY t.relname, i.indexrelid
            """, [schemaName])
        for row in 0..<indexes.rowCount {
            let table = indexes.text(row, 0) ?? ""
            let columns = (indexes.text(row, 2) ?? "").split(separator: "\u{1F}").map(String.init)
            if indexes.bool(row, 1) { keys[table, default: ([], [])].primary = columns } else { keys[table, default: ([], [])].unique.append(columns) }
        }
        var foreignKeys: [String: [DatabaseSchema.ForeignKey]] = [:]
        let constraints = try session.query("""
            SELECT t.relname, r.relname,
                   (SELECT string_agg(a.attname, E'\\x1f' ORDER BY k.ord) FROM unnest(c.conkey) WITH ORDINALITY AS k(attnum, ord)
                    JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum),
                   (SELECT string_agg(a.attname, E'\\x1f' ORDER BY k.ord) FROM unnest(c.confkey) WITH ORDINALITY AS k(attnum, ord)
                    JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.attnum)
            FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid JOIN pg_namespace n ON n.oid = t.relnamespace
            JOIN pg_class r ON r.oid = c.confrelid
            WHERE c.contype = 'f' AND n.nspname = $1
            ORDER BY t.relname, c.conname
            """, [schemaName])
        for row in 0..<constraints.rowCount {
            let table = constraints.text(row, 0) ?? ""
            foreignKeys[table, default: []].append(.init(
                columns: (constraints.text(row, 2) ?? "").split(separator: "\u{1F}").map(String.init), referencedTable: constraints.text(row, 1) ?? "",
                referencedColumns: (constraints.text(row, 3) ?? "").split(separator: "\u{1F}").map(String.init)))
        }
        return DatabaseSchema(tables: columns.keys.sorted().map { table in
            DatabaseSchema.Table(
                name: table,
                columns: columns[table]!.map { DatabaseSchema.Column(name: $0.name, declaredType: $0.type, isNotNull: $0.notNull) },
                primaryKey: keys[table]?.primary ?? [], uniqueKeys: keys[table]?.unique ?? [], foreignKeys: foreignKeys[table] ?? [])
        })
    }

    /// A cell as the SQLite reader would see it, for the tolerant decoder: an integer, a timestamp as UTC text with
    /// microseconds (`infinity` as the word, which the decoder reports), anything else as text.
    static func value(_ bytes: UnsafeRawBufferPointer?, _ kind: Kind) -> CellValue {
        guard let bytes else { return .null }
        switch kind {
        case .integer:
            return integer(bytes).map(CellValue.int64) ?? .null
        case .timestamp:
            guard let raw = integer(bytes) else { return .null }
            if let stamp = timestamp(raw) { return .string(stamp.sqlModelText) }
            // ±infinity, or a year PostgreSQL holds and Python cannot (before 1 or after 9999): the decoder reports it.
            return .string(raw == .max ? "infinity" : raw == .min ? "-infinity" : "\(raw) µs after 2000-01-01")
        case .text:
            return .string(String(decoding: bytes, as: UTF8.self))
        }
    }

    /// An `int8` or a timestamp in PostgreSQL's binary form: eight big-endian bytes.
    static func integer(_ bytes: UnsafeRawBufferPointer) -> Int64? {
        bytes.count == 8 ? Int64(bigEndian: bytes.loadUnaligned(as: Int64.self)) : nil
    }

    /// Microseconds since 2000-01-01 (PostgreSQL's epoch) as a timestamp; nil for ±infinity.
    static func timestamp(_ raw: Int64) -> Timestamp? {
        let (unix, overflow) = raw.addingReportingOverflow(946_684_800_000_000)
        return overflow ? nil : Timestamp(checkedMicroseconds: unix)
    }
}
