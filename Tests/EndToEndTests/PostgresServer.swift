import Foundation

/// A real PostgreSQL server for the tests: one throw-away cluster per test process, started by
/// `scripts/postgres-test-server.sh` on the first use and stopped when the process exits. Test databases are
/// loaded by the real SQLModel library (and Prisma's migration SQL) through `Cases/postgres/load_into_postgres.py`.
/// When the server cannot start, `shared` says why and the tests fail; they are never skipped.
final class PostgresServer: Sendable {
    let url: String
    let directory: String
    let port: String

    static let shared: Result<PostgresServer, PostgresServerError> = start()

    /// The Python with sqlmodel and psycopg2 that `scripts/install-deps.sh test` prepares.
    static var python: String { NSHomeDirectory() + "/.cache/flowsite/venv/bin/python" }

    private init(url: String, directory: String, port: String) {
        self.url = url
        self.directory = directory
        self.port = port
    }

    private static func start() -> Result<PostgresServer, PostgresServerError> {
        // popen, not Foundation's Process: the server the script leaves running must not keep the test waiting.
        let script = Flowsite.packageRoot.appending(path: "scripts/postgres-test-server.sh").path
        guard let pipe = popen("'\(script)' start 2>&1", "r") else {
            return .failure(PostgresServerError(reason: "cannot run \(script)"))
        }
        var output = ""
        var buffer = [CChar](repeating: 0, count: 4096)
        while fgets(&buffer, Int32(buffer.count), pipe) != nil { output += String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self) }
        guard pclose(pipe) == 0 else {
            return .failure(PostgresServerError(reason: "cannot start PostgreSQL: \(output)"))
        }
        var values: [String: String] = [:]
        for line in output.split(separator: "\n") {
            let parts = line.split(separator: "=", maxSplits: 1).map(String.init)
            if parts.count == 2 { values[parts[0]] = parts[1] }
        }
        guard let url = values["PGTEST_URL"], let directory = values["PGTEST_DIR"], let port = values["PGTEST_PORT"] else {
            return .failure(PostgresServerError(reason: "the server script printed no URL: \(output)"))
        }
        guard FileManager.default.isExecutableFile(atPath: python) else {
            return .failure(PostgresServerError(reason: "\(python) is missing: run scripts/install-deps.sh test (it installs sqlmodel and psycopg2-binary there)"))
        }
        stopDirectory = directory
        atexit {
            if let directory = PostgresServer.stopDirectory {
                system("'\(Flowsite.packageRoot.appending(path: "scripts/postgres-test-server.sh").path)' stop '\(directory)' >/dev/null 2>&1")
            }
        }
        return .success(PostgresServer(url: url, directory: directory, port: port))
    }

    nonisolated(unsafe) private static var stopDirectory: String?

    /// The server URL for one database.
    func url(database: String, query: String = "") -> String {
        url.replacingOccurrences(of: #"/postgres$"#, with: "/\(database)", options: .regularExpression) + query
    }

    /// Runs SQL with psql as the superuser; returns psql's output (or its error).
    @discardableResult
    func psql(_ sql: String, database: String = "postgres") throws -> Flowsite.Outcome {
        try Flowsite.run(["/usr/bin/psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-At", url(database: database), "-c", sql], direct: true)
    }

    /// A new database holding the demo in one layout, loaded as the app's ORM would; returns its URL.
    func demoDatabase(_ name: String, layout: String, from sqlite: URL, schema: String = "public") throws -> String {
        let created = try psql("CREATE DATABASE \"\(name)\"")
        guard created.status == 0 else { throw PostgresServerError(reason: created.stderr) }
        let loader = Flowsite.packageRoot.appending(path: "Tests/EndToEndTests/Cases/postgres/load_into_postgres.py").path
        let loaded = try Flowsite.run([Self.python, loader, layout, sqlite.path, url(database: name), schema], direct: true)
        guard loaded.status == 0 else { throw PostgresServerError(reason: "loading \(layout) failed: \(loaded.stderr)") }
        return url(database: name, query: schema == "public" ? "" : "?schema=\(schema)")
    }
}

struct PostgresServerError: Error, CustomStringConvertible {
    var reason: String
    var description: String { reason }
}
