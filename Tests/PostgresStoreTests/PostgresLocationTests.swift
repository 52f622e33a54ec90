import Foundation
import Testing
@testable import PostgresStore
import WorkflowStore

/// What flowsite does to a connection text before libpq parses it: only the app spellings are translated, the
/// rest is libpq's; a password is never in a description or a message.
@Suite struct PostgresLocationTests {
    @Test(arguments: [
        ("postgresql://app:s3cret@db.internal:6543/prod?sslmode=require", "postgresql://app:s3cret@db.internal:6543/prod?sslmode=require"),
        ("postgres://app:s3cret@db.internal:6543/prod?sslmode=require", "postgresql://app:s3cret@db.internal:6543/prod?sslmode=require"),
        ("postgresql+psycopg2://app:s3cret@db.internal:6543/prod?sslmode=require", "postgresql://app:s3cret@db.internal:6543/prod?sslmode=require"),
        ("postgresql+asyncpg://app:s3cret@db.internal:6543/prod", "postgresql://app:s3cret@db.internal:6543/prod"),
        ("postgresql://app:s3cret@db.internal/prod?schema=tenant_1&connection_limit=5&pgbouncer=true&sslmode=verify-full",
         "postgresql://app:s3cret@db.internal/prod?sslmode=verify-full"),
        ("postgresql://app:s3cret@h1:5432,h2:5433/prod?target_session_attrs=read-write&options=-csearch_path%3Dapp",
         "postgresql://app:s3cret@h1:5432,h2:5433/prod?target_session_attrs=read-write&options=-csearch_path%3Dapp"),
        ("host=db.internal port=6543 dbname=prod user=app password=s3cret", "host=db.internal port=6543 dbname=prod user=app password=s3cret"),
        ("service=reporting", "service=reporting"),
    ])
    func translatesOnlyTheAppSpellings(_ text: String, _ expected: String) throws {
        #expect(PostgresLocation.isPostgres(text))
        let location = try PostgresLocation(parsing: text)
        #expect(location.connectionString == expected)
        #expect(!location.description.contains("s3cret"), "\(location.description)")
    }

    @Test func prismaSchemaAndSocketTimeoutAreKept() throws {
        let location = try PostgresLocation(parsing: "postgresql://app@db/prod?schema=tenant_1&socket_timeout=7")
        #expect(location.schema == "tenant_1" && location.socketTimeout == 7)
        #expect(try PostgresLocation(parsing: "postgresql://app@db/prod").schema == nil)
    }

    @Test(arguments: ["app.db", "sqlite:///x.db", "file:./dev.db", "./host=odd.db", "mysql://x@y/z"])
    func otherTextIsNotPostgres(_ text: String) {
        #expect(!PostgresLocation.isPostgres(text))
    }

    /// libpq's parse errors quote the text they stumbled on; each is masked, whatever the form, and so is the
    /// description of what did parse.
    @Test(arguments: [
        "host=db password=my s3cret words dbname=x",
        "host=db password='s3cret\\' x' port=1",
        "postgresql://app:s3cret@db:notaport/x",
        "postgresql://app:pa/s3cret@db/x",
        "postgresql://app:pa?s3cret@db/x",
        "postgresql://app:s3cret@db/x?sslmode=maybe",
        "postgresql://app@db/x?password=s3cret&bogus=1",
        "hots=db.internal password=s3cret",
    ])
    func neverShowsThePassword(_ text: String) {
        do {
            let location = try PostgresLocation(parsing: text)
            #expect(!location.description.contains("s3cret"), "\(location.description)")
        } catch {
            #expect(!error.localizedDescription.contains("s3cret"), "\(error.localizedDescription)")
            #expect(error.localizedDescription.split(separator: "\n").count == 1)
        }
    }

    @Test func masksPasswordsInEveryForm() {
        #expect(PostgresLocation.redacted("postgresql://app:s3cret@db/x?password=other&a=1") == "postgresql://app:****@db/x?password=****&a=1")
        #expect(PostgresLocation.redacted("host=db password='a b\\' c' user=x") == "host=db password='****' user=x")
        #expect(PostgresLocation.redacted("postgresql://app:pa/ss@db/x") == "postgresql://app:****@db/x")
        var mask = SecretMask(connectionText: "service=x")
        mask.add("from-pgpass/secret")
        #expect(mask.masked("FATAL: from-pgpass/secret and secret") == "FATAL: **** and ****")
    }

    @Test func unencodedPasswordCharactersAreNamed() {
        #expect(throws: StoreError(.unsupportedURL("the user name or password in the URL holds a character that must be percent-encoded ('/' as %2F, '?' as %3F, '#' as %23, '@' as %40)"),
                                   file: "postgresql://app:****@db/x")) {
            try PostgresLocation(parsing: "postgresql://app:pa/ss@db/x")
        }
        #expect(SecretMask.unencodedPasswordProblem("db:5432/x?application_name=a@b") == nil)
    }

    @Test func oneLineFromLibpqsMessages() {
        #expect(PostgresFailure.oneLine("connection to server at \"127.0.0.1\", port 1 failed: Connection refused\n\tIs the server running on that host and accepting TCP/IP connections?\n")
            == "connection to server at \"127.0.0.1\", port 1 failed: Connection refused; Is the server running on that host and accepting TCP/IP connections?")
    }
}
