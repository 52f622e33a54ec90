import Foundation
import Testing
import WorkflowModel
@testable import SQLiteStore
@testable import WorkflowStore

@Suite struct DemoDatabaseTests {
    static let now = Timestamp(text: "2026-11-25T00:00:00Z")!

    @Test(arguments: DatabaseLayout.allCases)
    func isDeterministicForTheSameSeed(_ layout: DatabaseLayout) throws {
        let folder = try FixtureDatabase.temporaryFolder()
        let first = folder.appending(path: "a.db"), second = folder.appending(path: "b.db")
        try DemoDatabase(layout: layout, size: .small, seed: 7, now: Self.now).write(to: first.path)
        try DemoDatabase(layout: layout, size: .small, seed: 7, now: Self.now).write(to: second.path)
        #expect(try Data(contentsOf: first) == Data(contentsOf: second))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == ["a.db", "b.db"])
    }

    @Test func holdsWhatTheDashboardShouldShow() throws {
        let url = try FixtureDatabase.temporaryFolder().appending(path: "demo.db")
        try DemoDatabase(layout: .sqlmodel, size: .small, seed: 1, now: Self.now).write(to: url.path)
        let snapshot = try SQLiteWorkflowStore(location: .init(path: url.path)).readSnapshot(asOf: Self.now)
        let statistics = snapshot.statistics
        #expect(snapshot.workflows.contains { statistics.workflow($0.id).allTime.total == 0 })
        #expect(snapshot.workflows.contains { statistics.workflow($0.id).isFailingNow })
        #expect(statistics.stuckRunTotal == 1)
        #expect(statistics.errors.count >= 3)
        #expect(snapshot.users.contains { $0.username == "józef" })
        #expect(snapshot.integrations.allSatisfy { $0.config.value?["token"] != nil })
        // json.dumps form on disk, as SQLModel writes it.
        #expect(try FixtureDatabase.count(url, #"SELECT count(*) FROM integration WHERE config LIKE '{"workspace": %'"#) == snapshot.integrations.count)
        #expect(try FixtureDatabase.count(url, "SELECT count(*) FROM workflowrun WHERE trigger_data = 'null'") > 0)
    }
}
