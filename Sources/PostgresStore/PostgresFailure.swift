import Foundation
import WorkflowStore

/// What went wrong talking to PostgreSQL, before it becomes a `StoreError` line: the server's SQLSTATE when it
/// sent one, libpq's or the server's message (already masked), and when it happened, since the same code means
/// different things while connecting and while reading.
struct PostgresFailure: Error, Sendable, Equatable {
    enum Phase: Sendable, Equatable { case connecting, working }
    enum Kind: Sendable, Equatable {
        /// An error the server or libpq reported.
        case reported
        /// No byte from the server for this many seconds (`--read-timeout`).
        case readTimeout(Double)
        /// The connection ended in the middle of the work.
        case connectionLost
    }

    var kind: Kind = .reported
    var sqlState: String?
    var message: String
    var phase: Phase

    /// A standby cancelled the read because replay needed rows it was reading ("conflict with recovery"); worth
    /// one more try, which usually meets a quieter moment.
    var isRecoveryConflict: Bool {
        message.contains("conflict with recovery") || (sqlState == "40001" && phase == .working && message.contains("recovery"))
    }

    /// libpq's multi-line messages (`connection to server at … failed: FATAL:  …\n\tIs the server running…`) as one
    /// line: the lines joined, tabs and the doubled spaces after a severity squeezed.
    static func oneLine(_ message: String) -> String {
        message.split(whereSeparator: \.isNewline)
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
            .joined(separator: "; ")
            .replacingOccurrences(of: ":  ", with: ": ")
    }
}
