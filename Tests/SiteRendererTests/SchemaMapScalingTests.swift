import Foundation
import Testing
import WorkflowModel
@testable import SiteRenderer

/// Every table page of a large schema finds its neighbours from indexes made once: a scan of every table per page
/// made 4,000 tables take 4.3 × as long as 2,000. The ratio is bounded (best of three), not the time.
@Suite struct SchemaMapScalingTests {
    static func schema(_ count: Int) -> DatabaseSchema {
        DatabaseSchema(tables: (0..<count).map { index in
            var keys: [DatabaseSchema.ForeignKey] = []
            if index > 0 { keys.append(.init(columns: ["parent_id"], referencedTable: "extra_\(index - 1)", referencedColumns: ["id"])) }
            if index > 1 { keys.append(.init(columns: ["other_id"], referencedTable: "EXTRA_\(index / 2)", referencedColumns: ["id"])) }
            return .init(name: "extra_\(index)", columns: [.init(name: "id", declaredType: "INTEGER", isNotNull: true)], primaryKey: ["id"], uniqueKeys: [], foreignKeys: keys)
        })
    }

    /// What the table pages ask of the map, for every table.
    static func visitEveryPage(_ schema: DatabaseSchema) -> Int {
        let map = SchemaMap(schema)
        var total = 0
        for table in map.tables {
            total += map.neighbours(of: table).count + map.referrers(of: table).count + (map.neighbourhoodDiagram(of: table)?.count ?? 0)
            for key in table.foreignKeys where map.page(ofTableNamed: key.referencedTable) != nil { total += 1 }
        }
        return total
    }

    @Test func neighboursOfEveryTableAreLinearInTables() {
        func best(_ count: Int) -> Double {
            let schema = Self.schema(count)
            return (0..<3).map { _ in
                let start = DispatchTime.now().uptimeNanoseconds
                _ = Self.visitEveryPage(schema)
                return Double(DispatchTime.now().uptimeNanoseconds - start)
            }.min()!
        }
        let ratio = best(4_000) / best(2_000)
        #expect(ratio < 3, "4,000 tables took \(String(format: "%.1f", ratio)) × the time of 2,000")
    }

    @Test func neighboursAreTheTablesOneForeignKeyAwayInSchemaOrder() {
        let map = SchemaMap(Self.schema(30))
        let table = map.tables[4]  // extra_4: parent extra_3, other EXTRA_2; referred to by extra_5, extra_8 and extra_9
        #expect(map.neighbours(of: table).map(\.name) == ["extra_2", "extra_3", "extra_5", "extra_8", "extra_9"])
        #expect(map.referrers(of: table).map(\.name) == ["extra_5", "extra_8", "extra_9"])
        #expect(map.page(ofTableNamed: "EXTRA_4") == map.pages["extra_4"])
    }
}
