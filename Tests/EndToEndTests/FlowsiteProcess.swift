import Foundation
import GRDB
import WorkflowModel
import WorkflowStore

/// Runs the real `flowsite` binary, as cron or a person would.
enum Flowsite {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let cases = packageRoot.appending(path: "Tests/EndToEndTests/Cases")
    static var binary: String { ProcessInfo.processInfo.environment["FLOWSITE_BIN"] ?? packageRoot.appending(path: ".build/debug/flowsite").path }
    static let asOf = Timestamp(text: "2026-11-25T00:00:00Z")!

    struct Outcome {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs flowsite with `arguments`; with `direct`, runs `arguments[0]` itself (a wrapper such as runuser).
    static func run(_ arguments: [String], environment: [String: String] = [:], direct: Bool = false) throws -> Outcome {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: direct ? arguments[0] : binary)
        process.arguments = direct ? Array(arguments.dropFirst()) : arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
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

    static func folder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appending(path: "flowsite-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static func demo(in folder: URL, name: String = "app.db") throws -> URL {
        let url = folder.appending(path: name)
        try DemoDatabase(layout: .sqlmodel, size: .small, seed: 1, now: asOf).write(to: url.path)
        return url
    }

    static func database(fromSQL sql: String, in folder: URL, name: String) throws -> URL {
        let url = folder.appending(path: name)
        var configuration = Configuration()
        configuration.foreignKeysEnabled = false
        let queue = try DatabaseQueue(path: url.path, configuration: configuration)
        try queue.writeWithoutTransaction { try $0.execute(sql: sql) }
        try queue.close()
        return url
    }

    /// `name<TAB>exit<TAB>message` lines.
    static func expectations(_ folder: String) throws -> [(name: String, status: Int32, message: String?)] {
        try String(contentsOf: cases.appending(path: "\(folder)/expected.tsv"), encoding: .utf8).split(separator: "\n").map { line in
            let fields = line.split(separator: "\t", maxSplits: 2).map(String.init)
            return (fields[0], Int32(fields[1])!, fields[2] == "-" ? nil : fields[2])
        }
    }

    static var canMount: Bool {
        guard getuid() == 0, let folder = try? folder() else { return false }
        defer { _ = try? run(["/bin/umount", folder.path]) }
        return shell("mount -t tmpfs -o size=64k tmpfs '\(folder.path)'") == 0 && shell("umount '\(folder.path)'") == 0
    }

    @discardableResult
    static func shell(_ command: String) -> Int32 {
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
