/// `quality`: the data-quality findings made while reading the database.
struct QualityPage: PageModel {
    static let kind = PageKind.quality
    /// The relative path to the site root: `""`.
    var root: String
    /// One row per finding, in the order they were found.
    var findings: [Row]

    /// One finding: cells of one column with the same problem.
    struct Row: Sendable, TemplateConvertible {
        /// The table and column the cells are in.
        var table: String
        /// The column.
        var column: String
        /// What is wrong, in words (`unknown run status`, `malformed JSON`, …).
        var kind: String
        /// How many cells, formatted.
        var count: String
        /// Some of their row ids, comma-separated.
        var rowIDs: String
        /// One offending value, cut to 120 characters.
        var example: String

        var templateContext: TemplateObject {
            TemplateObject([
                "table": .text(table), "column": .text(column), "kind": .text(kind), "count": .text(count), "rowIDs": .text(rowIDs), "example": .text(example),
            ])
        }
    }

    var templateContext: TemplateObject {
        TemplateObject(["root": .text(root), "findings": .list(findings)])
    }
}
