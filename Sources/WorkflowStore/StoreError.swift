import Foundation

/// Why a database could not be read or written, with the file it concerns. Reading problems inside rows are
/// not errors (they become findings); these stop the command.
public struct StoreError: Error, Sendable, Equatable, LocalizedError {
    public enum Reason: Sendable, Equatable {
        case notFound
        case notAFile
        case unsupportedURL(String)
        case notSQLite(String)
        case notWorkflowDatabase(missing: String, found: [String])
        case missingColumns(table: String, columns: [String])
        case locked(String)
        case sqlite(String)
        case invalidInput(String)
        /// What a PostgreSQL server or the network to it said.
        case server(String)
    }

    public var reason: Reason
    public var file: String

    public init(_ reason: Reason, file: String) {
        self.reason = reason
        self.file = file
    }

    public var errorDescription: String? {
        switch reason {
        case .notFound: return "\(file): no such file"
        case .notAFile: return "\(file): is a folder, not a database file"
        case .unsupportedURL(let detail): return "\(file): \(detail)"
        case .notSQLite(let detail): return "\(file) is not a SQLite database (\(detail))"
        case .notWorkflowDatabase(let missing, let found):
            let list = found.isEmpty ? "no tables" : "found: " + found.joined(separator: ", ")
            return "\(file) is not a workflow database: \(missing) (\(list))"
        case .missingColumns(let table, let columns):
            return "\(file) is not a workflow database: table '\(table)' has no column \(columns.map { "'\($0)'" }.joined(separator: ", "))"
        case .locked(let detail): return "\(file) is locked by another connection (\(detail)); try again when the writer is done"
        case .sqlite(let detail): return "\(file): \(detail)"
        case .invalidInput(let detail): return "\(file): \(detail)"
        case .server(let detail): return "\(file): \(detail)"
        }
    }
}
