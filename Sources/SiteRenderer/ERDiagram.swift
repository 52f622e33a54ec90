import Escaping
import WorkflowModel

/// A Mermaid `erDiagram` drawn from the database's own schema. Entity and attribute names are Mermaid words;
/// a table whose name is not one (`audit log`, `"weird.name"`, emoji) gets a safe id and its real name as an alias,
/// because Mermaid silently draws `audit log` as two entities.
public struct ERDiagram: Sendable {
    public let schema: DatabaseSchema
    /// The tables drawn with their columns; the others are drawn as names only (a neighbourhood's edge). nil: all.
    public let detailed: Set<String>?

    public init(schema: DatabaseSchema, detailed: Set<String>? = nil) {
        self.schema = schema
        self.detailed = detailed
    }

    /// Words Mermaid's ER grammar reads as keywords; a table named like one is aliased.
    static let reserved: Set<String> = [
        "erdiagram", "end", "direction", "style", "classdef", "class", "title", "accTitle", "acctitle", "accdescr",
        "pk", "fk", "uk", "one", "many", "only", "zero", "to", "optionally", "u", "tb", "bt", "lr", "rl",
    ]

    public var source: String {
        var lines = ["erDiagram"]
        let ids = entityIDs()
        for table in schema.tables {
            let id = ids[table.name]!
            let header = id == table.name ? id : "\(id)[\"\(MermaidText.label(table.name, limit: 60))\"]"
            guard detailed?.contains(table.name) ?? true else {
                lines.append("    \(header)")
                continue
            }
            lines.append("    \(header) {")
            let foreignKeyColumns = Set(table.foreignKeys.flatMap(\.columns))
            let uniqueColumns = Set(table.uniqueKeys.filter { $0.count == 1 }.flatMap { $0 })
            var usedNames = Set<String>()
            for (position, column) in table.columns.enumerated() {
                let type = Self.attributeWord(column.declaredType.isEmpty ? "ANY" : column.declaredType, fallback: "ANY")
                var name = Self.attributeWord(column.name, fallback: "column_\(position + 1)")
                while !usedNames.insert(name.lowercased()).inserted { name += "_\(position + 1)" }
                var keys: [String] = []
                if table.primaryKey.contains(column.name) { keys.append("PK") }
                if foreignKeyColumns.contains(column.name) { keys.append("FK") }
                if uniqueColumns.contains(column.name) { keys.append("UK") }
                var line = "        \(type) \(name)"
                if !keys.isEmpty { line += " " + keys.joined(separator: ", ") }
                var notes: [String] = []
                if name != column.name { notes.append(column.name) }
                if column.isNotNull && !table.primaryKey.contains(column.name) { notes.append("not null") }
                // Comments cannot hold a double quote, even escaped; Mermaid decodes #34; there too.
                if !notes.isEmpty { line += " \"\(MermaidText.label(notes.joined(separator: ", "), limit: 60))\"" }
                lines.append(line)
            }
            lines.append("    }")
        }
        for table in schema.tables {
            for key in table.foreignKeys {
                guard let target = ids.first(where: { $0.key.lowercased() == key.referencedTable.lowercased() })?.value else { continue }
                let nullable = key.columns.contains { name in table.column(name)?.isNotNull != true }
                let parentSide = nullable ? "|o" : "||"
                let oneToOne = table.uniqueKeys.contains { Set($0) == Set(key.columns) } || Set(table.primaryKey) == Set(key.columns)
                let childSide = oneToOne ? "o|" : "o{"
                let label = MermaidText.label(key.columns.joined(separator: ", "), limit: 60)
                lines.append("    \(target) \(parentSide)--\(childSide) \(ids[table.name]!) : \"\(label)\"")
            }
        }
        return lines.joined(separator: "\n")
    }

    /// Mermaid reads `PK`, `FK` and `UK` as key markers wherever they stand, so a column named `pk` is drawn as `col_pk`.
    static func attributeWord(_ text: String, fallback: String) -> String {
        let word = MermaidText.word(text, fallback: fallback)
        return ["PK", "FK", "UK"].contains(word.uppercased()) ? "col_" + word : word
    }

    /// A unique Mermaid id for each table: its own name when that is a safe word, else `table_N`.
    func entityIDs() -> [String: String] {
        var ids: [String: String] = [:]
        var used = Set<String>()
        for (position, table) in schema.tables.enumerated() {
            let isWord = MermaidText.word(table.name, fallback: "") == table.name
            var id = isWord && !Self.reserved.contains(table.name.lowercased()) ? table.name : "table_\(position + 1)"
            while !used.insert(id.lowercased()).inserted { id += "_\(position + 1)" }
            ids[table.name] = id
        }
        return ids
    }
}
