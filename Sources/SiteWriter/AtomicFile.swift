import Foundation

/// Replaces one file in one step: the bytes go to a temporary file beside the target, which `rename(2)` then puts in
/// place, so a reader (or a crash) sees the old file or the new one, never a mix. No fsync: Foundation's
/// `Data.write(to:)` syncs every file, which made writing 10,000 files several times slower, and a batch job's output
/// is rewritten by the next run anyway.
public enum AtomicFile {
    /// Writes `data` unless the file already holds exactly these bytes. Returns whether it wrote.
    public static func writeIfChanged(_ data: Data, to path: String) throws(OutputError) -> Bool {
        if holds(data, at: path) { return false }
        try write(data, to: path)
        return true
    }

    /// Whether the file at `path` already holds exactly these bytes; rewriting it would only change its mtime.
    static func holds(_ data: Data, at path: String) -> Bool {
        FileManager.default.contents(atPath: path) == data
    }

    public static func write(_ data: Data, to path: String) throws(OutputError) {
        let temporary = try stage(data, for: path)
        guard rename(temporary, path) == 0 else {
            let reason = lastErrorDescription()
            unlink(temporary)
            throw OutputError(.unwritable(reason), path: path)
        }
    }

    /// Writes `data` to a temporary file beside `path` (creating missing folders) and returns the temporary's path.
    static func stage(_ data: Data, for path: String) throws(OutputError) -> String {
        let target = URL(fileURLWithPath: path)
        let parent = target.deletingLastPathComponent()
        let temporary = parent.appending(path: ".\(target.lastPathComponent).tmp-\(getpid())").path
        do {
            try FileManager.default.createDirectory(at: parent, withIntermediateDirectories: true)
        } catch {
            throw OutputError(.unwritable(error.localizedDescription), path: parent.path)
        }
        guard writeFully(data, to: temporary) else {
            let reason = lastErrorDescription()
            unlink(temporary)
            throw OutputError(.unwritable(reason), path: path)
        }
        return temporary
    }

    /// open/write/close with every error checked: `FileManager.createFile` hides why a write failed (a full disk
    /// must say "No space left on device").
    static func writeFully(_ data: Data, to path: String) -> Bool {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard descriptor >= 0 else { return false }
        var ok = true
        data.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = Foundation.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 { if errno == EINTR { continue }; ok = false; return }
                offset += written
            }
        }
        let savedErrno = errno
        if close(descriptor) != 0 { ok = false } else if !ok { errno = savedErrno }
        return ok
    }

    static func lastErrorDescription() -> String { String(cString: strerror(errno)) }
}
