import Foundation
import GRDB
import WorkflowModel
import WorkflowStore

/// Runs the real `flowsite` binary, as cron or a person would.
public enum Flowsite {
    public static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    public static let cases = packageRoot.appending(path: "Tests/EndToEndTests/Cases")
    public static var binary: String { ProcessInfo.processInfo.environment["FLOWSITE_BIN"] ?? packageRoot.appending(path: ".build/debug/flowsite").path }
    public static let asOf = TestClock.asOf

    public struct Outcome: Sendable {
        public var status: Int32
        public var stdout: String
        public var stderr: String
    }

    /// Runs flowsite with `arguments`; with `direct`, runs `arguments[0]` itself (a wrapper such as runuser).
    public static func run(_ arguments: [String], environment: [String: String] = [:], direct: Bool = false) throws -> Outcome {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: direct ? arguments[0] : binary)
        process.arguments = direct ? Array(arguments.dropFirst()) : arguments
        // Saved folds go to the test run's own cache folder, not the user's (a test that cares passes --state).
        let cache = ["XDG_CACHE_HOME": TemporaryFolder.root.appending(path: "cache").path]
        process.environment = ProcessInfo.processInfo.environment.merging(cache) { $1 }.merging(environment) { $1 }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Read both pipes before waiting, at the same time: either one full would block the child.
        let errors = ErrorPipeReader(err.fileHandleForReading)
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = errors.wait()
        process.waitUntilExit()
        return Outcome(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self), stderr: String(decoding: stderr, as: UTF8.self))
    }

    public static func folder() throws -> URL { try TemporaryFolder.make("e2e") }

    public static func demo(in folder: URL, name: String = "app.db") throws -> URL {
        try FixtureDatabases.demo(at: folder.appending(path: name))
    }

    public static func database(fromSQL sql: String, in folder: URL, name: String) throws -> URL {
        try FixtureDatabases.fromSQL(sql, at: folder.appending(path: name))
    }

    /// `name<TAB>exit<TAB>message` lines.
    public static func expectations(_ folder: String) throws -> [(name: String, status: Int32, message: String?)] {
        try String(contentsOf: cases.appending(path: "\(folder)/expected.tsv"), encoding: .utf8).split(separator: "\n").map { line in
            let fields = line.split(separator: "\t", maxSplits: 2).map(String.init)
            return (fields[0], Int32(fields[1])!, fields[2] == "-" ? nil : fields[2])
        }
    }

    public static var canMount: Bool {
        guard getuid() == 0, let folder = try? folder() else { return false }
        defer { _ = try? run(["/bin/umount", folder.path]) }
        return shell("mount -t tmpfs -o size=64k tmpfs '\(folder.path)'") == 0 && shell("umount '\(folder.path)'") == 0
    }

    @discardableResult
    public static func shell(_ command: String) -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return -1 }
        process.waitUntilExit()
        return process.terminationStatus
    }
}

/// Reads a pipe to its end on a thread of its own.
final class ErrorPipeReader: @unchecked Sendable {
    private var data = Data()
    private let done = DispatchSemaphore(value: 0)

    init(_ handle: FileHandle) {
        Thread.detachNewThread { [self] in
            data = handle.readDataToEndOfFile()
            done.signal()
        }
    }

    func wait() -> Data {
        done.wait()
        return data
    }
}
