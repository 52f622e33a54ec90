import Foundation
import SiteWriter

/// The GitHub Actions job summary file `flowsite check` appends to (`$GITHUB_STEP_SUMMARY`).
public enum StepSummaryFile {
    /// Appends `text` to the file at `path`; a problem is returned as a warning, never thrown: the summary is a
    /// courtesy and must not change or delay the gate's exit code. The file is opened non-blocking and must be a
    /// regular file: a FIFO nobody reads would otherwise block `check` forever, and a device is no summary.
    public static func append(_ text: String, to path: String) -> String? {
        let descriptor = open(path, O_WRONLY | O_APPEND | O_CREAT | O_NONBLOCK | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            return "cannot write the step summary to \(path): \(String(cString: strerror(errno)))"
        }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0, status.st_mode & S_IFMT == S_IFREG else {
            return "the step summary \(path) is not a regular file; nothing written to it"
        }
        let failure = Array(text.utf8).withUnsafeBytes { writeAll($0, to: descriptor) }
        return failure == 0 ? nil : "cannot write the step summary to \(path): \(String(cString: strerror(failure)))"
    }
}
