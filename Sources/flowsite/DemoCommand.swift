import ArgumentParser
import Foundation
import WorkflowModel
import SQLiteStore
import WorkflowStore

extension DatabaseLayout: ExpressibleByArgument {}
extension DemoDatabase.Size: ExpressibleByArgument {}

/// `flowsite demo`: writes the built-in demo database.
struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Write a realistic, deterministic demo database in either app's on-disk layout."
    )

    @Option(help: ArgumentHelp("Where to write the database; it must not exist (see --force).", valueName: "PATH"))
    var db: String

    @Flag(help: "Replace an existing SQLite database at --db (with its -wal, -shm and -journal); nothing else is ever replaced.")
    var force = false

    @Option(help: "sqlmodel (FastAPI) or prisma (Node).")
    var layout: DatabaseLayout = .sqlmodel

    @Option(help: "Random seed; the same seed and --now give the same file.")
    var seed: UInt64 = 1

    @Option(help: "small (about 2,500 runs), medium (250,000) or large (5,000,000, for benchmarks).")
    var size: DemoDatabase.Size = .small

    @Option(help: ArgumentHelp("Runs end at this UTC time (default: now, to the second), so a render right after shows the problems the demo plants and no others; pass the same time to render --as-of to reproduce a site.", valueName: "ISO-8601"))
    var now: String?

    func run() throws {
        try reportingFailures {
            // The history ends at the moment it is made: ending it at midnight made every workflow due since
            // then look late to a render later that day.
            let end = try now.map(parseInstant) ?? Timestamp.now().truncatedToSecond()
            let location = try DatabaseLocation(parsing: db)
            let started = Date()
            let summary = try DemoDatabase(layout: layout, size: size, seed: seed, now: end).write(to: location.path, replacing: force)
            let seconds = String(format: "%.1f", Date().timeIntervalSince(started))
            Console.out("wrote \(location.path) (\(layout.rawValue) layout): \(summary.users) users, \(summary.workflows) workflows, \(summary.integrations) integrations, \(summary.runs) runs in \(seconds) s")
        }
    }
}

/// Reads an ISO-8601 instant for `--now`/`--as-of`; a bad one is a usage error naming the value.
func parseInstant(_ text: String) throws -> Timestamp {
    guard let stamp = Timestamp(text: text) else {
        throw ValidationError("'\(text)' is not a date-time; use the form 2026-11-25T00:00:00Z")
    }
    return stamp
}

extension Timestamp {
    static func now() -> Timestamp {
        Timestamp(microseconds: Int64((Date().timeIntervalSince1970 * 1_000_000).rounded()))
    }

    func truncatedToSecond() -> Timestamp {
        Timestamp(microseconds: microseconds - ((microseconds % 1_000_000) + 1_000_000) % 1_000_000)
    }
}
