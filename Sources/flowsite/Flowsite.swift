import ArgumentParser
import Foundation
import MySQLStore
import Pipeline
import PostgresStore
import SQLiteStore
import WorkflowStore

/// The `flowsite` command: a thin layer that parses options and hands work to the library targets.
@main
struct Flowsite: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "flowsite",
        abstract: "Dashboards, reports and Markdown round trips for a workflow-automation database.",
        version: FlowsiteVersion.current,
        subcommands: [RenderCommand.self, CheckCommand.self, ImportCommand.self, ExportCommand.self, InspectCommand.self, DemoCommand.self]
    )

    /// ArgumentParser's entry, with two guards a batch job needs: a closed pipe (`flowsite inspect | head`) is an
    /// error to report, not a signal that kills the process, and output that did not arrive (`> /dev/full`) is a
    /// failure with a non-zero exit, not a silent success.
    static func main() {
        signal(SIGPIPE, SIG_IGN)
        let commands = configuration.subcommands.compactMap { $0.configuration.commandName }
        if let unknown = UnknownCommand.message(for: Array(CommandLine.arguments.dropFirst()), commands: commands) {
            Console.error("flowsite: error: \(unknown)")
            Foundation.exit(64)
        }
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            exit(withError: error)
        }
        if let failure = Console.failure() {
            Console.error("flowsite: error: cannot write to standard output: \(failure)")
            Foundation.exit(2)
        }
    }
}

/// `--db`, shared by every command that reads a database.
struct DatabaseOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "The workflow database: a SQLite path (or sqlite:///relative.db, sqlite:////absolute.db, file:./dev.db) or PostgreSQL in any form libpq takes (postgresql://user@host/db, host=… dbname=…, service=NAME) or an app spells (postgresql+psycopg2://…, ?schema=NAME), or MySQL/MariaDB (mysql://user:pass@host:port/db, mariadb://…, mysql+pymysql://…, mysql+mysqldb://…, ?unix_socket=PATH, ?ssl-mode=…). Default: $FLOWSITE_DB, then $DATABASE_URL.",
        valueName: "DB"))
    var db: String?

    @Option(name: .customLong("busy-timeout"), help: ArgumentHelp("Seconds to wait for another writer's lock before failing (SQLite: the database lock; PostgreSQL and MySQL import: a workflow row's lock).", valueName: "SECONDS"))
    var busyTimeout: Double = 10

    @Option(name: .customLong("statement-timeout"), help: ArgumentHelp("PostgreSQL and MySQL/MariaDB: seconds any one statement may run (0: no limit), to protect a busy server.", valueName: "SECONDS"))
    var statementTimeout: Double = 0

    @Option(name: .customLong("read-timeout"), help: ArgumentHelp("PostgreSQL and MySQL/MariaDB: seconds to wait for the server's next bytes before giving up on a stalled server or network (0: wait for ever).", valueName: "SECONDS"))
    var readTimeout: Double = PostgresWorkflowStore.defaultReadTimeout

    func validate() throws {
        // Checked while parsing, so the message comes with the usage of the command that needs it.
        _ = try text
        guard busyTimeout.isFinite, (0...3600).contains(busyTimeout) else {
            throw ValidationError("--busy-timeout must be a number of seconds from 0 to 3600")
        }
        guard statementTimeout.isFinite, (0...86_400).contains(statementTimeout) else {
            throw ValidationError("--statement-timeout must be a number of seconds from 0 (no limit) to 86400")
        }
        guard readTimeout.isFinite, (0...86_400).contains(readTimeout) else {
            throw ValidationError("--read-timeout must be a number of seconds from 0 (no limit) to 86400")
        }
    }

    /// What `--db` names, or the environment does.
    var text: String {
        get throws {
            let environment = ProcessInfo.processInfo.environment
            guard let text = [db, environment["FLOWSITE_DB"], environment["DATABASE_URL"]].compactMap({ $0 }).first(where: { !$0.isEmpty }) else {
                throw ValidationError("no database given: pass --db PATH-or-URL or set FLOWSITE_DB (or DATABASE_URL)")
            }
            return text
        }
    }

    /// The read-only source for `--db`: a SQLite file, a PostgreSQL server or a MySQL/MariaDB server (which reads e-mail addresses only
    /// when they are shown).
    func store(readsEmails: Bool = false) throws -> any WorkflowSource {
        let text = try self.text
        if MySQLLocation.isMySQL(text) {
            return MySQLWorkflowStore(location: try MySQLLocation(parsing: text), statementTimeout: statementTimeout,
                                      readTimeout: readTimeout, readsEmails: readsEmails)
        }
        if PostgresLocation.isPostgres(text) {
            return PostgresWorkflowStore(location: try PostgresLocation(parsing: text), statementTimeout: statementTimeout,
                                         readTimeout: readTimeout, readsEmails: readsEmails)
        }
        return SQLiteWorkflowStore(location: try DatabaseLocation(parsing: text), busyTimeout: busyTimeout)
    }

    /// Where `import` writes for `--db`: a SQLite file, a PostgreSQL or a MySQL/MariaDB server (`--busy-timeout` bounds the wait
    /// for a row lock there).
    func destination() throws -> any WorkflowDestination {
        let text = try self.text
        if MySQLLocation.isMySQL(text) {
            return MySQLWorkflowImporter(location: try MySQLLocation(parsing: text), lockTimeout: busyTimeout, statementTimeout: statementTimeout,
                                         readTimeout: readTimeout)
        }
        if PostgresLocation.isPostgres(text) {
            return PostgresWorkflowImporter(location: try PostgresLocation(parsing: text), lockTimeout: busyTimeout, statementTimeout: statementTimeout,
                                            readTimeout: readTimeout)
        }
        return SQLiteWorkflowImporter(location: try DatabaseLocation(parsing: text), busyTimeout: busyTimeout)
    }
}

/// Every failure leaves through here: one message on stderr, one exit code.
/// 2 = the input or output cannot be used (missing file, not a workflow database, folder not ours).
enum Failure {
    static func exit(_ error: any Error) -> ExitCode {
        let message = (error as? LocalizedError)?.errorDescription ?? "\(error)"
        Console.error("flowsite: error: \(message)")
        return ExitCode(2)
    }
}

extension ParsableCommand {
    /// Runs `body`, turning the library's typed errors into a message and exit code.
    func reportingFailures(_ body: () throws -> Void) throws {
        do {
            try body()
        } catch let error as ExitCode {
            throw error
        } catch let error as ValidationError {
            throw error
        } catch {
            throw Failure.exit(error)
        }
    }
}
