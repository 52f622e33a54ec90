import Foundation

/// Folders for tests, all below one folder per test process that is removed when the process exits, so a test run
/// leaves nothing in the system's temporary folder (a crashed run leaves that one folder, named by its process id).
public enum TemporaryFolder {
    /// `$TMPDIR/flowsite-tests-<pid>`.
    public static let root: URL = {
        let url = FileManager.default.temporaryDirectory.appending(path: "flowsite-tests-\(ProcessInfo.processInfo.processIdentifier)")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        atexit { try? FileManager.default.removeItem(at: TemporaryFolder.root) }
        return url
    }()

    /// A new empty folder, `<root>/<label>-<uuid>`.
    public static func make(_ label: String = "test") throws -> URL {
        let url = root.appending(path: "\(label)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
