import Foundation

/// File operations confined to one folder: every path is resolved from a descriptor of the folder, one component at a
/// time with `O_NOFOLLOW`, so a symlink planted anywhere below it (a replaced `workflows/`, a link where a staging file
/// will go) is refused instead of followed. The folder itself may be a symlink: the user chose it.
final class OwnedFolder: @unchecked Sendable {
    let root: URL
    private let rootDescriptor: Int32
    /// Open descriptors of sub-folders, by relative path; a site has few folders and many files.
    private var folders: [String: Int32] = [:]
    /// Renderer threads ask whether pages are intact while the writer is open.
    private let lock = NSLock()

    init(root: URL, create: Bool) throws(OutputError) {
        self.root = root
        if create { try FolderCreation.make(root.path) }
        let descriptor = open(root.path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw errno == ENOTDIR ? OutputError(.notAFolder, path: root.path) : OutputError(.unwritable(Self.lastError()), path: root.path)
        }
        rootDescriptor = descriptor
    }

    deinit {
        for descriptor in folders.values { close(descriptor) }
        close(rootDescriptor)
    }

    /// The folder holding `path` (created when `create`) and the file's own name.
    func parent(of path: String, create: Bool) throws(OutputError) -> (descriptor: Int32, name: String) {
        lock.lock()
        defer { lock.unlock() }
        return try walk(to: path, create: create)
    }

    /// The folder at `path` itself (relative, not created), or nil when it is missing or cannot be opened.
    func folder(at path: String) -> Int32? {
        lock.lock()
        defer { lock.unlock() }
        guard let descriptor = try? walk(through: path.split(separator: "/").map(String.init), create: false), descriptor >= 0 else { return nil }
        return descriptor
    }

    private func walk(to path: String, create: Bool) throws(OutputError) -> (descriptor: Int32, name: String) {
        var components = path.split(separator: "/").map(String.init)
        let name = components.removeLast()
        return (try walk(through: components, create: create), name)
    }

    /// Opens each folder of `components` in turn from the root (never following a link); -1 when one is missing.
    private func walk(through components: [String], create: Bool) throws(OutputError) -> Int32 {
        var descriptor = rootDescriptor
        var walked = ""
        for component in components {
            walked += walked.isEmpty ? component : "/" + component
            if let open = folders[walked] {
                descriptor = open
                continue
            }
            var next = openat(descriptor, component, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            if next < 0, errno == ENOENT, create {
                guard mkdirat(descriptor, component, 0o755) == 0 || errno == EEXIST else {
                    throw OutputError(.unwritable(Self.lastError()), path: root.appending(path: walked).path)
                }
                next = openat(descriptor, component, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            }
            guard next >= 0 else {
                let reason = errno
                var info = stat()
                if reason == ELOOP || reason == ENOTDIR, fstatat(descriptor, component, &info, AT_SYMLINK_NOFOLLOW) == 0, info.st_mode & S_IFMT == S_IFLNK {
                    throw OutputError(.symlinkInside, path: root.appending(path: walked).path)
                }
                if reason == ENOENT { return -1 }
                throw OutputError(.unwritable(String(cString: strerror(reason))), path: root.appending(path: walked).path)
            }
            folders[walked] = next
            descriptor = next
        }
        return descriptor
    }

    enum Kind: Equatable { case missing, file, folder, symlink, other }

    struct Status: Equatable {
        var kind: Kind
        var size: Int64 = 0
        var modified: Int64 = 0
    }

    /// What is at `path`, without following a link.
    func status(_ path: String) throws(OutputError) -> Status {
        let (folder, name) = try parent(of: path, create: false)
        guard folder >= 0 else { return Status(kind: .missing) }
        var info = stat()
        guard fstatat(folder, name, &info, AT_SYMLINK_NOFOLLOW) == 0 else {
            if errno == ENOENT || errno == ENOTDIR { return Status(kind: .missing) }
            throw OutputError(.unwritable(Self.lastError()), path: root.appending(path: path).path)
        }
        return Self.status(of: info)
    }

    static func status(of info: stat) -> Status {
        let kind: Kind = switch info.st_mode & S_IFMT {
        case S_IFREG: .file
        case S_IFDIR: .folder
        case S_IFLNK: .symlink
        default: .other
        }
        return Status(kind: kind, size: Int64(info.st_size), modified: Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec))
    }

    /// The bytes of a regular file; nil when there is none (a link, a folder or nothing is never read through).
    func read(_ path: String) throws(OutputError) -> Data? {
        let (folder, name) = try parent(of: path, create: false)
        guard folder >= 0 else { return nil }
        let descriptor = openat(folder, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return nil }
        var data = Data(count: Int(info.st_size))
        let complete = data.withUnsafeMutableBytes { buffer -> Bool in
            var offset = 0
            while offset < buffer.count {
                let count = Foundation.read(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if count < 0, errno == EINTR { continue }
                guard count > 0 else { return false }
                offset += count
            }
            return true
        }
        return complete ? data : nil
    }

    /// Writes `data` to a new file beside `path` with a random name that cannot already exist (`O_EXCL`) and is never
    /// a link (`O_NOFOLLOW`); returns that name and the file's status.
    func stage(_ data: Data, for path: String) throws(OutputError) -> (temporary: String, status: Status) {
        let (folder, name) = try parent(of: path, create: true)
        let temporary = ".\(name.prefix(40)).flowsite-\(String(UInt64.random(in: .min ... .max), radix: 16))"
        let descriptor = openat(folder, temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw OutputError(.unwritable(Self.lastError()), path: root.appending(path: path).path) }
        var failure = data.withUnsafeBytes { writeAll($0, to: descriptor) }
        var info = stat()
        if failure == 0, fstat(descriptor, &info) != 0 { failure = errno }
        if close(descriptor) != 0, failure == 0 { failure = errno }
        guard failure == 0 else {
            unlinkat(folder, temporary, 0)
            throw OutputError(.unwritable(String(cString: strerror(failure))), path: root.appending(path: path).path)
        }
        return (temporary, Self.status(of: info))
    }

    /// Puts a staged file in place in one step; a link at `path` is replaced, never written through.
    func commit(_ temporary: String, to path: String) throws(OutputError) {
        let (folder, name) = try parent(of: path, create: false)
        guard folder >= 0, renameat(folder, temporary, folder, name) == 0 else {
            throw OutputError(.unwritable(Self.lastError()), path: root.appending(path: path).path)
        }
    }

    /// Removes a staged file that will not be used.
    func discard(_ temporary: String, for path: String) {
        guard let (folder, _) = try? parent(of: path, create: false), folder >= 0 else { return }
        unlinkat(folder, temporary, 0)
    }

    func remove(_ path: String) throws(OutputError) {
        let (folder, name) = try parent(of: path, create: false)
        guard folder >= 0, unlinkat(folder, name, 0) == 0 || errno == ENOENT else {
            throw OutputError(.unwritable(Self.lastError()), path: root.appending(path: path).path)
        }
    }

    /// Removes each folder that is empty, deepest first; a folder holding anything stays (rmdir refuses it).
    func removeEmptyFolders(_ paths: Set<String>) {
        var candidates = Set<String>()
        for path in paths {
            var parts = path.split(separator: "/").dropLast()
            while !parts.isEmpty {
                candidates.insert(parts.joined(separator: "/"))
                parts = parts.dropLast()
            }
        }
        for folder in candidates.sorted(by: { $0.count > $1.count }) {
            if let open = lock.withLock({ folders.removeValue(forKey: folder) }) { close(open) }
            guard let (parent, name) = try? parent(of: folder, create: false), parent >= 0 else { continue }
            unlinkat(parent, name, AT_REMOVEDIR)
        }
    }

    /// Takes the folder's write lock (`flock` on the folder itself, so no lock file is added to it), held until this
    /// value is released or the process ends, even by `kill -9`. Two renders into one folder would otherwise each
    /// clean up from the same old manifest, and the pages only the first one wrote would be listed by neither.
    func lockForWriting() throws(OutputError) {
        while flock(rootDescriptor, LOCK_EX | LOCK_NB) != 0 {
            if errno == EINTR { continue }
            if errno == EWOULDBLOCK { throw OutputError(.busy, path: root.path) }
            throw OutputError(.unwritable(Self.lastError()), path: root.path)
        }
    }

    /// Gives the write lock back once a session has finished or been abandoned.
    func unlock() { flock(rootDescriptor, LOCK_UN) }

    /// Whether a name is one `stage` makes: `.<name>.flowsite-<hex>`.
    static func isStagingName(_ name: String) -> Bool {
        guard name.hasPrefix("."), let marker = name.range(of: ".flowsite-", options: .backwards), marker.lowerBound > name.index(after: name.startIndex) else { return false }
        let digits = name[marker.upperBound...]
        return (1...16).contains(digits.count) && digits.allSatisfy(\.isHexDigit)
    }

    /// Removes staging files a killed run left in `folders` (relative paths; "" is the root). Call it only with the
    /// write lock held: then no running flowsite owns any of them. Links and folders of that name are left alone.
    func removeStagingDebris(in folders: Set<String>) -> Int {
        var removed = 0
        for path in folders.sorted() {
            let descriptor: Int32
            if path.isEmpty {
                descriptor = rootDescriptor
            } else {
                guard let folder = folder(at: path) else { continue }
                descriptor = folder
            }
            let listing = dup(descriptor)
            guard listing >= 0, let directory = fdopendir(listing) else { continue }
            rewinddir(directory)  // a dup shares its position with the folder's own descriptor
            var names: [String] = []
            while let entry = readdir(directory) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
                if Self.isStagingName(name) { names.append(name) }
            }
            closedir(directory)
            for name in names {
                var info = stat()
                guard fstatat(descriptor, name, &info, AT_SYMLINK_NOFOLLOW) == 0, info.st_mode & S_IFMT == S_IFREG else { continue }
                if unlinkat(descriptor, name, 0) == 0 { removed += 1 }
            }
        }
        return removed
    }

    static func lastError() -> String { String(cString: strerror(errno)) }
}
