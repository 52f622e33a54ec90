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
    /// Indexes built once, so each table page finds its neighbours without a scan of every table (a scan per page
    /// made 4,000 tables take four times as long as 2,000): positions in `tables + bookkeeping` by lowercased name,
    /// and the positions of the tables whose foreign keys point at each lowercased name.
    private let positionsOfName: [String: [Int]]
    private let referrerPositions: [String: [Int]]
    private let pageOfLowercasedName: [String: String]

    init(_ schema: DatabaseSchema) {
        bookkeeping = schema.tables.filter { Self.isBookkeeping($0.name) }
        tables = schema.tables.filter { !Self.isBookkeeping($0.name) }
        let diagram = tables.count <= Self.maximumTables ? ERDiagram(schema: DatabaseSchema(tables: tables)).source : nil
        var pages: [String: String] = [:]
        if let diagram, diagram.count <= Self.maximumDiagramCharacters {
            fullDiagram = diagram
        } else {
            fullDiagram = nil
            for (index, table) in (tables + bookkeeping).enumerated() {
                pages[table.name] = "schema/\(index + 1)-\(Formatting.slug(table.name, fallback: "table"))"
            }
        }
        self.pages = pages
        var positionsOfName: [String: [Int]] = [:], referrerPositions: [String: [Int]] = [:], pageOfLowercasedName: [String: String] = [:]
        for (position, table) in (tables + bookkeeping).enumerated() {
            let name = table.name.lowercased()
            positionsOfName[name, default: []].append(position)
            if pageOfLowercasedName[name] == nil, let page = pages[table.name] { pageOfLowercasedName[name] = page }
            for referenced in Set(table.foreignKeys.map { $0.referencedTable.lowercased() }) { referrerPositions[referenced, default: []].append(position) }
        }
        self.positionsOfName = positionsOfName
        self.referrerPositions = referrerPositions
        self.pageOfLowercasedName = pageOfLowercasedName
    }

    static func isBookkeeping(_ name: String) -> Bool { bookkeepingNames.contains(name.lowercased()) }

    var isLarge: Bool { fullDiagram == nil }

    /// The page of a table named as a foreign key names it (exactly, or in another case).
    func page(ofTableNamed name: String) -> String? { pages[name] ?? pageOfLowercasedName[name.lowercased()] }

    /// The tables one foreign key away from `table`, either way, in schema order (bookkeeping tables aside).
    func neighbours(of table: DatabaseSchema.Table) -> [DatabaseSchema.Table] {
        neighbourPositions(of: table).sorted().map { tables[$0] }
    }

    /// Positions in `tables` of the neighbours; a table of the same name (in any case) is not its own neighbour.
    private func neighbourPositions(of table: DatabaseSchema.Table) -> Set<Int> {
        let name = table.name.lowercased()
        var positions = Set(referrerPositions[name] ?? [])
        for key in table.foreignKeys { positions.formUnion(positionsOfName[key.referencedTable.lowercased()] ?? []) }
        return positions.filter { $0 < tables.count && tables[$0].name.lowercased() != name }
    }

    /// The tables whose foreign keys point at `table`.
    func referrers(of table: DatabaseSchema.Table) -> [DatabaseSchema.Table] {
        (referrerPositions[table.name.lowercased()] ?? []).map { $0 < tables.count ? tables[$0] : bookkeeping[$0 - tables.count] }
    }

    /// `table` with its columns and its neighbours as bare entities, every foreign key among them drawn. When even
    /// that passes Mermaid's limit (a table referenced by thousands), no diagram: the lists on the page still say it.
    func neighbourhoodDiagram(of table: DatabaseSchema.Table) -> String? {
        guard !Self.isBookkeeping(table.name) else { return nil }
        var positions = neighbourPositions(of: table)
        positions.formUnion((positionsOfName[table.name.lowercased()] ?? []).filter { $0 < tables.count && tables[$0].name == table.name })
        let shown = positions.sorted().map { tables[$0] }
        let source = ERDiagram(schema: DatabaseSchema(tables: shown), detailed: [table.name]).source
        return source.count <= Self.maximumDiagramCharacters ? source : nil
    }
}
