import Foundation

/// Creates an output folder and its missing parents with `mkdir`, so a failure says in words which folder could
/// not be made and why. Foundation's `createDirectory` answered `render --out /proc/x` with "The operation could not
/// be completed" and a dangling-symlink `--out` with a message about a file that "already exists".
enum FolderCreation {
    static func make(_ path: String) throws(OutputError) {
        var missing: [String] = []
        var current = path
        var info = stat()
        while !current.isEmpty, current != "/", lstat(current, &info) != 0 {
            guard errno == ENOENT else { throw OutputError(.unwritable(String(cString: strerror(errno))), path: current) }
            missing.append(current)
            current = (current as NSString).deletingLastPathComponent
        }
        if !missing.isEmpty, !current.isEmpty {
            // The deepest existing ancestor must be a folder (following a link the user chose is fine).
            if info.st_mode & S_IFMT == S_IFLNK, stat(current, &info) != 0 {
                let target = (try? FileManager.default.destinationOfSymbolicLink(atPath: current)) ?? "?"
                throw OutputError(.danglingLink(target: target), path: current)
            }
            guard info.st_mode & S_IFMT == S_IFDIR else { throw OutputError(.notAFolder, path: current) }
        }
        for folder in missing.reversed() {
            guard mkdir(folder, 0o755) == 0 || errno == EEXIST else {
                throw OutputError(.cannotCreate(reason: explain(errno, parent: (folder as NSString).deletingLastPathComponent)), path: folder)
            }
        }
    }

    /// Why `mkdir` failed, in words a person can act on.
    static func explain(_ code: Int32, parent: String) -> String {
        switch code {
        case ENOENT:
            // The parent exists (it was checked), so the file system refuses new entries: /proc, /sys and the like.
            return "\(parent) does not accept new folders (a virtual file system such as /proc or /sys?)"
        case EACCES, EPERM: return "no permission to create a folder in \(parent)"
        case EROFS: return "\(parent) is on a read-only file system"
        case ENOSPC, EDQUOT: return "no space left on the device holding \(parent)"
        case ENAMETOOLONG: return "the path is too long"
        default: return String(cString: strerror(code))
        }
    }
}
