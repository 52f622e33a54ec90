import Foundation

/// A real MariaDB server for the tests: one throw-away server per test process, started by
/// `scripts/mariadb-test-server.sh` on the first use and stopped when the process exits. Test databases are loaded by
/// the real SQLModel library through PyMySQL (and Prisma's MySQL migration SQL) by `Cases/mysql/load_into_mysql.py`.
/// When the server cannot start, `shared` says why and the tests fail; they are never skipped.
final class MariaDBServer: Sendable {
    /// `mysql://root:PASSWORD@127.0.0.1:PORT/mysql`.
    let url: String
    let directory: String
    let port: String
    let socket: String
    let password: String
    /// The CA that signed the server's certificate (for 127.0.0.1 and localhost), and one that did not.
    let ca: String
    let otherCA: String

    static let shared: Result<MariaDBServer, MariaDBServerError> = start()

    private init(url: String, directory: String, port: String, socket: String, password: String, ca: String, otherCA: String) {
        self.url = url
        self.directory = directory
        self.port = port
        self.socket = socket
        self.password = password
        self.ca = ca
        self.otherCA = otherCA
    }

    static var script: String { Flowsite.packageRoot.appending(path: "scripts/mariadb-test-server.sh").path }

    private static func start() -> Result<MariaDBServer, MariaDBServerError> {
        // popen, not Foundation's Process: the server the script leaves running must not keep the test waiting.
        guard let pipe = popen("'\(script)' start 2>&1", "r") else {
            return .failure(MariaDBServerError(reason: "cannot run \(script)"))
        }
        var output = ""
        var buffer = [CChar](repeating: 0, count: 4096)
        while fgets(&buffer, Int32(buffer.count), pipe) != nil { output += String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self) }
        guard pclose(pipe) == 0 else {
            return .failure(MariaDBServerError(reason: "cannot start MariaDB: \(output)"))
        }
        var values: [String: String] = [:]
        for line in output.split(separator: "\n") {
            let parts = line.split(separator: "=", maxSplits: 1).map(String.init)
            if parts.count == 2 { values[parts[0]] = parts[1] }
        }
        guard let url = values["MYTEST_URL"], let directory = values["MYTEST_DIR"], let port = values["MYTEST_PORT"], let socket = values["MYTEST_SOCKET"],
              let ca = values["MYTEST_CA"], let otherCA = values["MYTEST_OTHER_CA"] else {
            return .failure(MariaDBServerError(reason: "the server script printed no URL: \(output)"))
        }
        guard FileManager.default.isExecutableFile(atPath: PostgresServer.python) else {
            return .failure(MariaDBServerError(reason: "\(PostgresServer.python) is missing: run scripts/install-deps.sh test (it installs sqlmodel and pymysql there)"))
        }
        stopDirectory = directory
        atexit {
            if let directory = MariaDBServer.stopDirectory {
                system("'\(MariaDBServer.script)' stop '\(directory)' >/dev/null 2>&1")
            }
        }
        let password = String(url.split(separator: ":")[2].split(separator: "@")[0])
        return .success(MariaDBServer(url: url, directory: directory, port: port, socket: socket, password: password, ca: ca, otherCA: otherCA))
    }

    nonisolated(unsafe) private static var stopDirectory: String?

    /// The server URL for one database.
    func url(database: String, query: String = "", scheme: String = "mysql") -> String {
        url.replacingOccurrences(of: "/mysql", with: "/\(database)", options: [.anchored, .backwards])
            .replacingOccurrences(of: "mysql://", with: "\(scheme)://", options: .anchored) + query
    }

    /// Runs SQL with the mariadb client as root; returns its output (tab-separated, no column names) or its error.
    @discardableResult
    func sql(_ sql: String, database: String = "mysql") throws -> Flowsite.Outcome {
        try Flowsite.run(["/usr/bin/mariadb", "--no-defaults", "-uroot", "-p\(password)", "-h127.0.0.1", "-P\(port)", "-N", "-B", database, "-e", sql], direct: true)
    }

    /// A new database holding the demo in one layout, loaded as the app's ORM would; returns its URL.
    func demoDatabase(_ name: String, layout: String, from sqlite: URL) throws -> String {
        let created = try sql("CREATE DATABASE `\(name)`")
        guard created.status == 0 else { throw MariaDBServerError(reason: created.stderr) }
        let loader = Flowsite.packageRoot.appending(path: "Tests/EndToEndTests/Cases/mysql/load_into_mysql.py").path
        let loaded = try Flowsite.run([PostgresServer.python, loader, layout, sqlite.path, url(database: name)], direct: true)
        guard loaded.status == 0 else { throw MariaDBServerError(reason: "loading \(layout) failed: \(loaded.stderr)") }
        return url(database: name)
    }
}

struct MariaDBServerError: Error, CustomStringConvertible {
    var reason: String
    var description: String { reason }
}
