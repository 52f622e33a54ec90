import Foundation
import GRDB
import PostgresNIO
import WorkflowModel

/// The snapshot seam on a PostgreSQL transaction, in one schema. Every name is bound as a parameter or quoted
/// (`"user"` is a reserved word). Cells are converted to what the SQLite reader sees, so decoding and the fold are
/// shared: integers as integers, JSON as its text, timestamps (with or without time zone, any precision) as UTC
/// text with microseconds, anything else as text.
struct PostgresQueries: SnapshotQueries {
    let session: PostgresSession
    var schemaName: String { session.location.schema }

    /// How a column is selected and read back.
    enum Kind { case integer, timestamp, text }

    /// Column names and declared types per table, read once from the catalog.
    private let columns: [String: [(name: String, type: String, notNull: Bool)]]

    init(session: PostgresSession) throws(StoreError) {
        self.session = session
        var columns: [String: [(name: String, type: String, notNull: Bool)]] = [:]
        try session.query("""
            SELECT t.relname, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull
            FROM pg_attribute a JOIN pg_class t ON t.oid = a.attrelid JOIN pg_namespace n ON n.oid = t.relnamespace
            WHERE n.nspname = $1 AND t.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped
            ORDER BY t.relname, a.attnum
            """, Self.binds(session.location.schema)) { row in
            let (table, name, type, notNull) = try row.decode((String, String, String, Bool).self)
            columns[table, default: []].append((name, type, notNull))
        }
        guard !columns.isEmpty else {
            throw StoreError(.notWorkflowDatabase(missing: "schema '\(session.location.schema)' holds no tables (or this role may not see them)", found: []), file: session.location.description)
        }
        self.columns = columns
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

    /// The select list: each column cast to what `Kind` reads back (integers as `int8`; timestamps as they are,
    /// whose binary form is already microseconds, a date as a timestamp); a missing one as NULL.
    func selectList(_ selected: [String?], of table: String) -> String {
        selected.map { column -> String in
            guard let column else { return "NULL::text" }
            switch kind(column, of: table) {
            case .integer: return "\(quoted(column))::int8"
            case .timestamp: return declaredType(column, of: table) == "date" ? "\(quoted(column))::timestamp" : quoted(column)
            case .text: return "\(quoted(column))::text"
            }
        }.joined(separator: ", ")
    }

    func qualified(_ table: String) -> String { "\(quoted(schemaName)).\(quoted(table))" }

    func rows(_ selected: [String?], of table: String) throws -> [[DatabaseValue]] {
        let kinds = selected.map { $0.map { kind($0, of: table) } ?? .text }
        var result: [[DatabaseValue]] = []
        try session.query("SELECT \(selectList(selected, of: table)) FROM \(qualified(table)) ORDER BY 1") { row in
            result.append(zip(row, kinds).map { Self.value($0.bytes, $1) })
        }
        return result
    }

    /// Rows come in batches from `PostgresSession.stream`, read in place: no per-row allocation and none of the
    /// generic decoding machinery, which cost more than the fold itself on millions of runs.
    func forEachRow(_ selected: [String?], of table: String, _ body: (PostgresCells) throws -> Void) throws {
        let kinds = selected.map { $0.map { kind($0, of: table) } ?? .text }
        try session.stream("SELECT \(selectList(selected, of: table)) FROM \(qualified(table)) ORDER BY 1", columns: kinds.count) { batch in
            var start = 0
            while start < batch.count {
                try body(PostgresCells(cells: batch, start: start, kinds: kinds))
                start += kinds.count
            }
        }
    }

    func count(_ table: String) throws -> Int {
        var count = 0
        try session.query("SELECT count(*) FROM \(qualified(table))") { count = Int(try $0.decode(Int64.self)) }
        return count
    }

    func schema() throws -> DatabaseSchema {
        var keys: [String: (primary: [String], unique: [[String]])] = [:]
        // Names are joined with U+001F (a unit separator no identifier here holds) to read one text per key.
        try session.query("""
            SELECT t.relname, i.indisprimary,
                   (SELECT string_agg(a.attname, E'\\x1f' ORDER BY k.ord) FROM unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord)
                    JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum)
            FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid JOIN pg_namespace n ON n.oid = t.relnamespace
            WHERE n.nspname = $1 AND (i.indisprimary OR i.indisunique) AND i.indexprs IS NULL
            ORDER BY t.relname, i.indexrelid
            """, Self.binds(schemaName)) { row in
            let (table, primary, names) = try row.decode((String, Bool, String?).self)
            let columns = (names ?? "").split(separator: "\u{1F}").map(String.init)
            if primary { keys[table, default: ([], [])].primary = columns } else { keys[table, default: ([], [])].unique.append(columns) }
        }
        var foreignKeys: [String: [DatabaseSchema.ForeignKey]] = [:]
        try session.query("""
            SELECT t.relname, r.relname,
                   (SELECT string_agg(a.attname, E'\\x1f' ORDER BY k.ord) FROM unnest(c.conkey) WITH ORDINALITY AS k(attnum, ord)
                    JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum),
                   (SELECT string_agg(a.attname, E'\\x1f' ORDER BY k.ord) FROM unnest(c.confkey) WITH ORDINALITY AS k(attnum, ord)
                    JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.attnum)
            FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid JOIN pg_namespace n ON n.oid = t.relnamespace
            JOIN pg_class r ON r.oid = c.confrelid
            WHERE c.contype = 'f' AND n.nspname = $1
            ORDER BY t.relname, c.conname
            """, Self.binds(schemaName)) { row in
            let (table, referenced, from, to) = try row.decode((String, String, String?, String?).self)
            foreignKeys[table, default: []].append(.init(
                columns: (from ?? "").split(separator: "\u{1F}").map(String.init), referencedTable: referenced,
                referencedColumns: (to ?? "").split(separator: "\u{1F}").map(String.init)))
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
    static func value(_ bytes: ByteBuffer?, _ kind: Kind) -> DatabaseValue {
        guard let bytes else { return .null }
        switch kind {
        case .integer:
            return integer(bytes).map { $0.databaseValue } ?? .null
        case .timestamp:
            guard let raw = integer(bytes) else { return .null }
            if let stamp = timestamp(raw) { return stamp.sqlModelText.databaseValue }
            // ±infinity, or a year PostgreSQL holds and Python cannot (before 1 or after 9999): the decoder reports it.
            return (raw == .max ? "infinity" : raw == .min ? "-infinity" : "\(raw) µs after 2000-01-01").databaseValue
        case .text:
            return String(buffer: bytes).databaseValue
        }
    }

    /// An `int8` or a timestamp in PostgreSQL's binary form: eight big-endian bytes.
    static func integer(_ bytes: ByteBuffer) -> Int64? {
        bytes.readableBytes == 8 ? bytes.getInteger(at: bytes.readerIndex, as: Int64.self) : nil
    }

    /// Microseconds since 2000-01-01 (PostgreSQL's epoch) as a timestamp; nil for ±infinity.
    static func timestamp(_ raw: Int64) -> Timestamp? {
        let (unix, overflow) = raw.addingReportingOverflow(946_684_800_000_000)
        return overflow ? nil : Timestamp(checkedMicroseconds: unix)
    }

    static func binds(_ values: String...) -> PostgresBindings {
        var binds = PostgresBindings()
        for value in values { binds.append(value) }
        return binds
    }
}

/// A row of the run stream, read in place: an integer or a timestamp from its eight binary bytes, a status as its
/// bytes, and only a cell the fast path cannot take is converted for the decoder.
struct PostgresCells: RunCells {
    /// A batch of rows; this row's cells start at `start`.
    let cells: [ByteBuffer?]
    let start: Int
    let kinds: [PostgresQueries.Kind]

    func integer(_ column: Int32) -> Int64? {
        guard kinds[Int(column)] == .integer, let bytes = cells[start + Int(column)] else { return nil }
        return PostgresQueries.integer(bytes)
    }

    func isNull(_ column: Int32) -> Bool { cells[start + Int(column)] == nil }

    func timestamp(_ column: Int32) -> Timestamp? {
        guard kinds[Int(column)] == .timestamp, let bytes = cells[start + Int(column)], let raw = PostgresQueries.integer(bytes) else { return nil }
        return PostgresQueries.timestamp(raw)
    }

    func withText<T>(_ column: Int32, _ body: (UnsafeBufferPointer<UInt8>) -> T?) -> T? {
        guard kinds[Int(column)] == .text, let bytes = cells[start + Int(column)] else { return nil }
        return bytes.withUnsafeReadableBytes { body($0.bindMemory(to: UInt8.self)) }
    }

    func value(_ column: Int32) -> DatabaseValue { PostgresQueries.value(cells[start + Int(column)], kinds[Int(column)]) }
}
