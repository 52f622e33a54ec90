import Foundation
import GRDB
import Testing
import WorkflowModel
import SQLiteStore
import WorkflowStore
@testable import SiteRenderer
import TestSupport

@Suite struct MermaidDiagramTests {
    static func hostileSnapshot() throws -> WorkflowDatabaseSnapshot {
        let sql = try String(contentsOf: Bundle.module.resourceURL!.appending(path: "Fixtures/hostile-names.sql"), encoding: .utf8)
        let url = try FixtureDatabases.fromSQL(sql, at: RenderFixture.temporaryFolder().appending(path: "hostile.db"))
        return try SQLiteWorkflowStore(location: .init(path: url.path)).readSnapshot(asOf: RenderFixture.asOf)
    }

    @Test func awkwardTableNamesGetAnAliasAndNothingUnquotedHasASpace() throws {
        let source = ERDiagram(schema: try Self.hostileSnapshot().schema).source
        let lines = source.split(separator: "\n").map { String($0) }
        #expect(lines.contains("    table_2[\"audit log\"] {"))
        #expect(lines.contains("    table_3[\"end\"] {"))
        #expect(lines.contains("    table_7[\"weird.name#91;1#93;\"] {"))
        #expect(lines.contains("    table_12[\"🚀 launches\"] {"))
        #expect(lines.contains("    table_10[\"zz 50#37;#37; off\"] {"))
        #expect(lines.contains("    table_11[\"zz#34;q\"] {"))
        #expect(lines.contains("        TEXT c_d UK \"c#34;d\""), "a unique index whose name has a quote is read")
        #expect(lines.contains("        TEXT col_PK \"PK\""))
        #expect(lines.contains("        TEXT b_html_b \"#60;b#62;html#60;/b#62;\""))
        #expect(lines.contains("        BLOB quote_d \"quote#34;d\""))
        #expect(lines.contains("    user |o--o{ table_2 : \"user.id\""))
        #expect(lines.contains("    workflow |o--o| table_3 : \"u\""))
        #expect(lines.contains("    user ||--o{ workflow : \"owner_id\""))
        for line in lines.dropFirst() {
            // Outside quotes, a line is only words, braces and relationship arrows.
            let unquoted = line.split(separator: "\"", omittingEmptySubsequences: false).enumerated().filter { $0.offset % 2 == 0 }.map(\.element).joined()
            #expect(unquoted.range(of: #"^\s*[A-Za-z0-9_\-\[\]{}|o,: ]*$"#, options: .regularExpression) != nil, "unsafe: \(line)")
            #expect(!unquoted.contains(" _") && !unquoted.contains("_ "), "an edge underscore would italicise: \(line)")
        }
    }

    @Test func flowchartLabelsAreQuotedAndIdsAreNeverUserText() throws {
        let workflow = try #require(try Self.hostileSnapshot().workflows.first)
        let source = WorkflowFlowchart(definition: workflow.definition).source
        #expect(source == """
            flowchart TD
                trigger(["manual#34;#93;#59; end#59; A--#62;B"])
                c1{"a#34;b equals x y"}
                trigger --> c1
                a1["end: #35;tool#59;#38;#60;b#62;<br/>github.com/#91;weird#93;#124;#40;srv#41;"]
                c1 -->|all hold| a1
                a2["#96;md#96; **bold**<br/>#40;no integration#41;"]
                a1 --> a2
                classDef trigger fill:#e0ecff,stroke:#4a72c4,color:#1d2433
                classDef condition fill:#fff4d6,stroke:#c49a2a,color:#1d2433
                class trigger trigger
                class c1 condition
            """)
    }

    @Test func aDefinitionWithNothingUnderstoodStillDraws() throws {
        let source = WorkflowFlowchart(definition: WorkflowDefinition(.integer(42))).source
        #expect(source.contains("trigger([\"no trigger\"])"))
        #expect(source.contains("trigger -.-> none"))
    }
}
