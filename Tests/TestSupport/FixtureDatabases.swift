import Foundation
import GRDB
import WorkflowModel
import SQLiteStore
import WorkflowStore

/// The instant every test that needs "now" uses, so renders are byte-identical from run to run.
public enum TestClock {
    public static let asOf = Timestamp(text: "2026-11-25T00:00:00Z")!
}

/// Databases for tests: from SQL text (as the committed fixtures are), or the demo as `make demo` writes it.
public enum FixtureDatabases {
    /// A database made by running `sql`, foreign keys declared but not enforced, as in the app.
    public static func fromSQL(_ sql: String, at url: URL) throws -> URL {
        var configuration = Configuration()
        configuration.foreignKeysEnabled = false
        let queue = try DatabaseQueue(path: url.path, configuration: configuration)
        try queue.writeWithoutTransaction { try $0.execute(sql: sql) }
        try queue.close()
        return url
    }

    /// A database from SQL text in a new temporary folder, named `name`.
    public static func fromSQL(_ sql: String, named name: String = "fixture.db") throws -> URL {
        try fromSQL(sql, at: TemporaryFolder.make("db").appending(path: name))
    }

    /// The demo database at `TestClock.asOf` (small, seed 1 unless said otherwise).
    public static func demo(at url: URL, layout: DatabaseLayout = .sqlmodel, size: DemoDatabase.Size = .small, seed: UInt64 = 1) throws -> URL {
        try DemoDatabase(layout: layout, size: size, seed: seed, now: TestClock.asOf).write(to: url.path)
        return url
    }
}
