/// `schema/<n>-<slug>`: one table of a large schema, its columns, and its neighbourhood drawn and listed both ways.
struct TablePage: PageModel {
    static let kind = PageKind.table
    /// The relative path to the site root: `"../"`.
    var root: String
    /// The table's name, as the schema spells it.
    var name: String
    /// Rows it holds, formatted; `—` when not counted.
    var rows: String
    /// The table with its columns and the tables one foreign key away; nil when even that is too large to draw.
    var diagram: String?
    /// One of the tables the app's tools keep for themselves.
    var isBookkeeping: Bool
    /// Its columns, in the schema's order.
    var columns: [SchemaPage.Column]
    /// Its foreign keys.
    var references: [Reference]
    /// Other tables' foreign keys to it.
    var referencedBy: [Reference]

    /// One foreign key.
    struct Reference: Sendable, TemplateConvertible {
        /// The referencing columns, comma-separated.
        var columns: String
        /// The table on the other side.
        var table: Link
        /// The referenced columns, comma-separated.
        var referencedColumns: String

        var templateContext: TemplateObject {
            TemplateObject(["columns": .text(columns), "table": .object(table.templateContext), "referencedColumns": .text(referencedColumns)])
        }
    }

    /// A link to a table's page.
    struct Link: Sendable, TemplateConvertible {
        /// The table's name, as the foreign key spells it.
        var name: String
        /// nil when the foreign key names a table the schema does not have.
        var page: String?

        var templateContext: TemplateObject {
            var context = TemplateObject(["name": .text(name)])
            context["page"] = .text(page)
            return context
        }
    }

    var templateContext: TemplateObject {
        var context = TemplateObject(["root": .text(root), "name": .text(name), "rows": .text(rows)])
        context["diagram"] = .text(diagram)
        context["isBookkeeping"] = .flag(isBookkeeping)
        context["columns"] = .list(columns)
        context["references"] = .list(references)
        context["referencedBy"] = .list(referencedBy)
        return context
    }
}
