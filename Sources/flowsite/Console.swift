import Foundation
import SiteWriter
import WorkflowModel

/// Everything the command prints goes through here: text from the database is made terminal-safe (an ESC or BEL
/// stored in a name must not drive the terminal), and a failed write (a closed pipe, a full disk behind `>`) is
/// noticed instead of crashing: SIGPIPE is ignored and stdout is checked when the command ends.
enum Console {
    /// Writes a line to stdout; `failure()` says afterwards whether every line arrived.
    static func out(_ text: String) {
        if !send(safe(text) + "\n", to: STDOUT_FILENO) { outputFailure.record(errno) }
    }

    /// Writes a JSON document to stdout as it is: `JSONWriter.pretty` escapes every control character, so the text
    /// is already terminal-safe, and rewriting controls after JSON escaping would make it invalid JSON.
    static func json(_ value: JSONValue) {
        if !send(JSONWriter.pretty.write(value) + "\n", to: STDOUT_FILENO) { outputFailure.record(errno) }
    }

    /// Writes a line to stderr; when stderr itself is closed there is nobody left to tell.
    static func error(_ text: String) {
        _ = send(safe(text) + "\n", to: STDERR_FILENO)
    }

    /// Writes control sequences of flowsite's own (the progress line) to stderr as they are.
    static func raw(_ text: String) {
        _ = send(text, to: STDERR_FILENO)
    }

    private static func send(_ text: String, to descriptor: Int32) -> Bool {
        Array(text.utf8).withUnsafeBytes { writeAll($0, to: descriptor) } == 0
    }

    /// The first error a stdout write met.
    private static let outputFailure = FirstError()

    /// Control characters other than line breaks and tabs, shown as `\u{1B}` instead of sent to the terminal.
    static func safe(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isControl) else { return text }
        var result = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if isControl(scalar) {
                result.append(contentsOf: "\\u{\(String(scalar.value, radix: 16, uppercase: true))}".unicodeScalars)
            } else {
                result.append(scalar)
            }
        }
        return String(result)
    }

    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        (scalar.value < 0x20 && scalar != "\n" && scalar != "\t") || (0x7F...0x9F).contains(scalar.value)
    }

    /// Why stdout lost output, when it did.
    static func failure() -> String? {
        outputFailure.value.map { String(cString: strerror($0)) }
    }
}

private final class FirstError: @unchecked Sendable {
    private let lock = NSLock()
    private var code: Int32?
    func record(_ error: Int32) { lock.withLock { if code == nil { code = error } } }
    var value: Int32? { lock.withLock { code } }
}
