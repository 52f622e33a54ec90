import WorkflowModel

/// How the schema is shown. A small schema is one page with one diagram. A large one (more than `maximumTables`
/// tables, or a diagram past Mermaid's 50,000-character limit, which it refuses to draw) becomes a table list and one
/// page per table with its neighbourhood: the tables one foreign key away, either way (tbls' `--distance 1`). Tables
/// an ORM or SQLite keeps for itself (`alembic_version`, `_prisma_migrations`, `sqlite_sequence`…) are listed apart
/// and left out of the diagrams.
struct SchemaMap: Sendable {
    static let maximumTables = 20
    /// Mermaid's default `maxTextSize`.
    static let maximumDiagramCharacters = 50_000
    static let bookkeepingNames: Set<String> = ["alembic_version", "_prisma_migrations", "sqlite_sequence", "sqlite_stat1", "sqlite_stat4", "django_migrations", "schema_migrations", "knex_migrations", "knex_migrations_lock"]

    let tables: [DatabaseSchema.Table]
    let bookkeeping: [DatabaseSchema.Table]
    /// Page paths (`schema/3-orders`) of every table, bookkeeping included, when the schema is large; empty when small.
    let pages: [String: String]
    /// The whole diagram, for a small schema.
    let fullDiagram: String?

    init(_ schema: DatabaseSchema) {
        bookkeeping = schema.tables.filter { Self.isBookkeeping($0.name) }
        tables = schema.tables.filter { !Self.isBookkeeping($0.name) }
        let diagram = tables.count <= Self.maximumTables ? ERDiagram(schema: DatabaseSchema(tables: tables)).source : nil
        if let diagram, diagram.count <= Self.maximumDiagramCharacters {
            fullDiagram = diagram
            pages = [:]
        } else {
            fullDiagram = nil
            var pages: [String: String] = [:]
            for (index, table) in (tables + bookkeeping).enumerated() {
                pages[table.name] = "schema/\(index + 1)-\(Formatting.slug(table.name, fallback: "table"))"
            }
            self.pages = pages
        }
    }

    static func isBookkeeping(_ name: String) -> Bool { bookkeepingNames.contains(name.lowercased()) }

    var isLarge: Bool { fullDiagram == nil }

    /// The tables one foreign key away from `table`, either way, in schema order (bookkeeping tables aside).
    func neighbours(of table: DatabaseSchema.Table) -> [DatabaseSchema.Table] {
        let name = table.name.lowercased()
        let referenced = Set(table.foreignKeys.map { $0.referencedTable.lowercased() })
        return tables.filter { other in
            other.name.lowercased() != name
                && (referenced.contains(other.name.lowercased()) || other.foreignKeys.contains { $0.referencedTable.lowercased() == name })
        }
    }

    /// The tables whose foreign keys point at `table`.
    func referrers(of table: DatabaseSchema.Table) -> [DatabaseSchema.Table] {
        let name = table.name.lowercased()
        return (tables + bookkeeping).filter { other in other.foreignKeys.contains { $0.referencedTable.lowercased() == name } }
    }

    /// `table` with its columns and its neighbours as bare entities, every foreign key among them drawn. When even
    /// that passes Mermaid's limit (a table referenced by thousands), no diagram: the lists on the page still say it.
    func neighbourhoodDiagram(of table: DatabaseSchema.Table) -> String? {
        guard !Self.isBookkeeping(table.name) else { return nil }
        let around = Set(neighbours(of: table).map(\.name))
        let shown = tables.filter { $0.name == table.name || around.contains($0.name) }
        let source = ERDiagram(schema: DatabaseSchema(tables: shown), detailed: [table.name]).source
        return source.count <= Self.maximumDiagramCharacters ? source : nil
    }
}
