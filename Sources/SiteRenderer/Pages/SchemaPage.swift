/// `schema`: the database's tables, drawn as one ER diagram when the schema is small enough.
struct SchemaPage: PageModel {
    static let kind = PageKind.schema
    /// The relative path to the site root: `""`.
    var root: String
    /// The whole schema in one diagram; nil for a large schema, whose tables have pages of their own.
    var diagram: String?
    /// Why a large schema is not drawn at once; nil for a small one.
    var largeNote: String?
    /// The app's own tables, in the schema's order.
    var tables: [Table]
    /// Tables the app's tools keep for themselves (migrations, SQLite's counters), apart from the app's own.
    var bookkeeping: [Table]

    /// One table.
    struct Table: Sendable, TemplateConvertible {
        /// The table's name, as the schema spells it.
        var name: String
        /// The HTML anchor of its section (`table-3-orders`).
        var anchor: String
        /// Rows it holds, formatted; `—` when not counted.
        var rows: String
        /// The table's own page (`schema/3-orders`, without extension), for a large schema.
        var page: String?
        /// How many columns it has.
        var columnCount: String
        /// Its columns, in the schema's order.
        var columns: [Column]
        /// Its foreign keys, one line each: `owner_id → user(id)`.
        var foreignKeys: [String]

        var templateContext: TemplateObject {
            var context = TemplateObject(["name": .text(name), "anchor": .text(anchor), "rows": .text(rows)])
            context["page"] = .text(page)
            context["columnCount"] = .text(columnCount)
            context["columns"] = .list(columns)
            context["foreignKeys"] = .texts(foreignKeys)
            return context
        }
    }

    /// One column of a table.
    struct Column: Sendable, TemplateConvertible {
        /// The column's name.
        var name: String
        /// The declared type, `—` when none.
        var type: String
        /// Declared `NOT NULL`.
        var notNull: Bool
        /// `PK`, `FK`, `UK`, comma-separated; empty when none.
        var keys: String

        var templateContext: TemplateObject {
            TemplateObject(["name": .text(name), "type": .text(type), "notNull": .flag(notNull), "keys": .text(keys)])
        }
    }

    var templateContext: TemplateObject {
        var context = TemplateObject(["root": .text(root)])
        context["diagram"] = .text(diagram)
        context["largeNote"] = .text(largeNote)
        context["tables"] = .list(tables)
        context["bookkeeping"] = .list(bookkeeping)
        return context
    }
}
