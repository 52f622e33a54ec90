import Foundation
import GRDB
@testable import SQLiteStore
@testable import WorkflowStore
import TestSupport

/// Temporary databases for tests: built from committed SQL text, or copied from a committed binary fixture.
enum FixtureDatabase {
    static let folder = Bundle.module.resourceURL!.appending(path: "Fixtures")

    static func temporaryFolder() throws -> URL { try TemporaryFolder.make("store") }

    /// A fresh database made by running a `.sql` fixture.
    static func fromSQL(_ name: String) throws -> URL {
        let sql = try String(contentsOf: folder.appending(path: name), encoding: .utf8)
        return try FixtureDatabases.fromSQL(sql, at: temporaryFolder().appending(path: name.replacingOccurrences(of: ".sql", with: ".db")))
    }

    /// A private copy of a binary fixture, so tests may prove it is never changed.
    static func copy(_ name: String) throws -> URL {
        let url = try temporaryFolder().appending(path: name)
        try FileManager.default.copyItem(at: folder.appending(path: name), to: url)
        return url
    }

    /// Counts rows with plain SQL, independently of the reader under test.
    static func count(_ url: URL, _ sql: String) throws -> Int {
        var configuration = Configuration()
        configuration.readonly = true
        return try DatabaseQueue(path: url.path, configuration: configuration).read { try Int.fetchOne($0, sql: sql) ?? -1 }
    }
}
