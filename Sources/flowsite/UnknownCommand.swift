import ArgumentParser
import WorkflowModel

/// A first word that names no command: ArgumentParser would skip it and complain about the next option
/// (`flowsite rendr --db x` said "Unknown option '--db'"), which points away from the mistake.
enum UnknownCommand {
    /// The message for `arguments` when their first word should be a command and is not one; nil when it is one
    /// (or an option, or help, which ArgumentParser answers itself).
    static func message(for arguments: [String], commands: [String]) -> String? {
        guard let word = arguments.first, !word.hasPrefix("-"), word != "help", !commands.contains(word) else { return nil }
        let byPrefix = commands.filter { $0.hasPrefix(word.lowercased()) }
        let meant = KeySuggestion.closest(to: word, among: commands) ?? (byPrefix.count == 1 ? byPrefix[0] : nil)
        let hint = meant.map { "did you mean '\($0)'?" } ?? "the commands are \(commands.joined(separator: ", "))"
        return "unknown command '\(word)'; \(hint) (flowsite --help lists them)"
    }
}
