import ArgumentParser
import Foundation
import WorkflowStore

/// The `flowsite` command: a thin layer that parses options and hands work to the library targets.
@main
struct Flowsite: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "flowsite",
        abstract: "Dashboards, reports and Markdown round trips for a workflow-automation database.",
        subcommands: [RenderCommand.self, ImportCommand.self, ExportCommand.self, InspectCommand.self, DemoCommand.self]
    )

    /// ArgumentParser's entry, with two guards a batch job needs: a closed pipe (`flowsite inspect | head`) is an
    /// error to report, not a signal that kills the process, and output that did not arrive (`> /dev/full`) is a
    /// failure with a non-zero exit, not a silent success.
    static func main() {
        signal(SIGPIPE, SIG_IGN)
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
        "The workflow database: a path, sqlite:///relative.db, sqlite:////absolute.db or file:./dev.db. Default: $FLOWSITE_DB.",
        valueName: "DB"))
    var db: String?

    @Option(name: .customLong("busy-timeout"), help: ArgumentHelp("Seconds to wait for another connection's lock before failing.", valueName: "SECONDS"))
    var busyTimeout: Double = 10

    func validate() throws {
        guard busyTimeout.isFinite, (0...3600).contains(busyTimeout) else {
            throw ValidationError("--busy-timeout must be a number of seconds from 0 to 3600")
        }
    }

    /// The read-only source for `--db`.
    func store() throws -> SQLiteWorkflowStore {
        SQLiteWorkflowStore(location: try location(), busyTimeout: busyTimeout)
    }

    func location() throws -> DatabaseLocation {
        guard let text = db ?? ProcessInfo.processInfo.environment["FLOWSITE_DB"], !text.isEmpty else {
            throw ValidationError("no database given: pass --db PATH or set FLOWSITE_DB")
        }
        return try DatabaseLocation(parsing: text)
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
