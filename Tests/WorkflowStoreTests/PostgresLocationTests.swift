import Foundation
import Testing
@testable import WorkflowStore
import TestSupport

@Suite struct PostgresLocationTests {
    static let none: [String: String] = [:]

    @Test(arguments: [
        "postgresql://app:s3cret@db.internal:6543/prod?sslmode=require",
        "postgres://app:s3cret@db.internal:6543/prod?sslmode=require",
        "postgresql+psycopg2://app:s3cret@db.internal:6543/prod?sslmode=require",
        "postgresql+asyncpg://app:s3cret@db.internal:6543/prod?sslmode=require",
        "postgresql+psycopg://app:s%33cret@db.internal:6543/prod?sslmode=require",
    ])
    func readsEveryFormTheAppsUse(_ url: String) throws {
        let location = try PostgresLocation(parsing: url, environment: Self.none, home: "/nonexistent")
        #expect(location.host == "db.internal" && location.port == 6543 && location.user == "app" && location.password == "s3cret")
        #expect(location.database == "prod" && location.schema == "public" && location.sslMode == .require && location.applicationName == "flowsite")
        #expect(location.description == "postgresql://app:****@db.internal:6543/prod")
    }

    @Test func fillsTheGapsAsLibpqDoes() throws {
        let environment = ["PGHOST": "/run/postgresql", "PGPORT": "5433", "PGUSER": "reporter", "PGDATABASE": "app", "PGSSLMODE": "disable"]
        let location = try PostgresLocation(parsing: "postgresql://?schema=tenant_1", environment: environment, home: "/nonexistent")
        #expect(location.isSocket && location.socketPath == "/run/postgresql/.s.PGSQL.5433")
        #expect(location.user == "reporter" && location.database == "app" && location.schema == "tenant_1" && location.sslMode == .disable)
        #expect(location.password == nil)
    }

    @Test func readsThePasswordFileOnlyWhenPrivate() throws {
        let home = try TemporaryFolder.make("pgpass")
        let file = home.appending(path: ".pgpass")
        try Data("# ours\nother:*:*:*:no\ndb.internal:5432:*:app:pa\\:ss\n".utf8).write(to: file)
        chmod(file.path, 0o644)
        #expect(try PostgresLocation(parsing: "postgresql://app@db.internal/prod", environment: Self.none, home: home.path).password == nil)
        chmod(file.path, 0o600)
        #expect(try PostgresLocation(parsing: "postgresql://app@db.internal/prod", environment: Self.none, home: home.path).password == "pa:ss")
    }

    @Test func neverShowsThePassword() {
        #expect(PostgresLocation.redacted("postgresql://app:s3cret@db/x?password=other&a=1") == "postgresql://app:****@db/x?password=****&a=1")
        #expect(throws: StoreError.self) { try PostgresLocation(parsing: "postgresql://app:s3cret@db:notaport/x", environment: Self.none) }
        do {
            _ = try PostgresLocation(parsing: "postgresql://app:s3cret@db/x?sslmode=maybe", environment: Self.none)
        } catch {
            #expect(!error.localizedDescription.contains("s3cret") && error.localizedDescription.contains("sslmode 'maybe'"))
        }
    }
}
