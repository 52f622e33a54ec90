import Foundation

/// Writes a generated site into a folder that flowsite owns. Ownership is a manifest file listing what flowsite
/// wrote; a non-empty folder without one is refused, so `--out ~` can never delete anyone's files, and only files a
/// previous run listed are ever removed. A file whose bytes did not change is not touched (its mtime stays).
/// Changed files are staged as temporary files beside their targets and renamed into place only when every file
/// has been written, so a failure midway (a full disk, a read-only folder) leaves the previous site as it was.
public struct SiteWriter: Sendable {
    public static let manifestName = ".flowsite-manifest"
    /// The renderer's own record of what each page was made from; opaque to the writer.
    public static let stateName = ".flowsite-state"
    public let folder: URL
    /// What this writer puts in the folder; a folder the other command owns is refused. Nil: no check (tests).
    public let kind: FolderKind?

    public init(folder: URL, kind: FolderKind? = nil) {
        self.folder = folder.standardizedFileURL
        self.kind = kind
    }

    /// What a write did.
    public struct Summary: Sendable, Equatable {
        public var written = 0
        public var unchanged = 0
        public var removed = 0
        /// Files and manifest lines flowsite left alone, each with why (changed since it wrote them, not a file).
        public var leftAlone: [String] = []
        /// Staging files a killed run had left, removed before writing.
        public var debrisRemoved = 0
        public init(written: Int = 0, unchanged: Int = 0, removed: Int = 0) {
            self.written = written
            self.unchanged = unchanged
            self.removed = removed
        }
    }

    /// Checks the folder can be used before any work is done: it does not exist, is empty, or holds our manifest.
    /// Returns the bytes of `previous` (a file the last run wrote, listed in its manifest), read without following
    /// links; nil when there is none.
    @discardableResult
    public func checkOwnership(previous path: String? = nil) throws(OutputError) -> Data? {
        guard let manifest = try loadManifest(), let path, manifest.entries[path] != nil else { return nil }
        return try OwnedFolder(root: folder, create: false).read(path)
    }

    /// The manifest of an owned folder; nil for a folder that does not exist yet or is empty.
    func loadManifest() throws(OutputError) -> Manifest? {
        var info = stat()
        guard stat(folder.path, &info) == 0 else {
            let reason = errno
            if reason == ENOENT, let target = try? FileManager.default.destinationOfSymbolicLink(atPath: folder.path) {
                throw OutputError(.danglingLink(target: target), path: folder.path)
            }
            if reason == ENOENT { return nil }
            throw OutputError(.unwritable(String(cString: strerror(reason))), path: folder.path)
        }
        guard info.st_mode & S_IFMT == S_IFDIR else { throw OutputError(.notAFolder, path: folder.path) }
        let owned = try OwnedFolder(root: folder, create: false)
        let manifestPath = folder.appending(path: Self.manifestName).path
        switch try owned.status(Self.manifestName).kind {
        case .file:
            guard let data = try owned.read(Self.manifestName), let text = String(data: data, encoding: .utf8), let manifest = Manifest(text: text) else {
                throw OutputError(.foreignManifest, path: manifestPath)
            }
            try checkKind(of: manifest)
            return manifest
        case .missing:
            let entries: [String]
            do { entries = try FileManager.default.contentsOfDirectory(atPath: folder.path) } catch {
                // Foundation's text ("The file couldn't be opened…") names no cause; the system's does.
                let reason = opendir(folder.path).map { closedir($0); return "cannot list its entries" } ?? String(cString: strerror(errno))
                throw OutputError(.unwritable(reason), path: folder.path)
            }
            guard entries.isEmpty else { throw OutputError(.notOwned(entries.count), path: folder.path) }
            return nil
        default:
            throw OutputError(.foreignManifest, path: manifestPath)
        }
    }

    /// Writes a whole set of files at once. `replacing` names files flowsite did not write that the caller has
    /// checked may be replaced (export adopting a hand-written workflow file the database now holds).
    public func write(_ files: [(path: String, contents: Data)], replacing: Set<String> = []) throws(OutputError) -> Summary {
        var session = try begin(paths: files.map(\.path))
        session.replaceable = replacing
        do {
            for file in files { try session.write(file.contents, to: file.path) }
            return try session.finish()
        } catch {
            session.abandon()
            throw error
        }
    }

    /// Starts writing a set of files whose paths are known. Until `finish`, only staging files are added (and, in a
    /// new or empty folder, the manifest that makes it flowsite's, so a failed first run leaves an owned folder).
    /// The folder is locked from here until the session is released: a second flowsite writing into it at the same
    /// time is refused (`OutputError.Reason.busy`), and staging files a killed run left behind are removed.
    public func begin(paths: [String]) throws(OutputError) -> Session {
        _ = try loadManifest()  // refuse a folder that is not ours, or the other command's, before creating anything
        var seen = Set<String>()
        for path in paths {
            guard Manifest.isValidPath(path) else { throw OutputError(.unsafePath, path: path) }
            guard seen.insert(path).inserted else { throw OutputError(.duplicatePath, path: path) }
        }
        let owned = try OwnedFolder(root: folder, create: true)
        try owned.lockForWriting()
        // Read again under the lock: a run that finished meanwhile wrote a newer manifest.
        var previous = try loadManifest()
        if let kind { previous?.kind = kind }
        if previous == nil { try Self.replace(Data(Manifest(kind: kind).text.utf8), at: Self.manifestName, in: owned) }
        var folders: Set<String> = [""]
        for path in paths + (previous.map { Array($0.entries.keys) } ?? []) {
            var parts = path.split(separator: "/").dropLast()
            while !parts.isEmpty, folders.insert(parts.joined(separator: "/")).inserted { parts = parts.dropLast() }
        }
        var session = Session(folder: owned, previous: previous ?? Manifest(kind: kind), planned: paths)
        session.summary.debrisRemoved = owned.removeStagingDebris(in: folders)
        return session
    }

    static func replace(_ data: Data, at path: String, in folder: OwnedFolder) throws(OutputError) {
        let staged = try folder.stage(data, for: path)
        do { try folder.commit(staged.temporary, to: path) } catch {
            folder.discard(staged.temporary, for: path)
            throw error
        }
    }

    /// A set of files being written, one at a time.
    public struct Session: Sendable {
        let folder: OwnedFolder
        let previous: Manifest
        let planned: [String]
        private let plannedSet: Set<String>
        fileprivate(set) var summary = Summary()
        /// What the manifest will say about each planned file once the session finishes.
        private var entries: [String: Manifest.Entry] = [:]
        private var staged: [(temporary: String, path: String)] = []
        /// Files not in the manifest that may be replaced all the same (see `SiteWriter.write(_:replacing:)`).
        var replaceable: Set<String> = []

        init(folder: OwnedFolder, previous: Manifest, planned: [String]) {
            self.folder = folder
            self.previous = previous
            self.planned = planned
            plannedSet = Set(planned)
            summary.leftAlone = previous.rejected.map { "\(SiteWriter.manifestName): ignored the entry '\($0)' (not a relative path of a file)" }
        }

        /// What the last successful run recorded with `finish(state:)` (`begin` has checked the folder is ours).
        public func previousState() -> Data? {
            try? folder.read(SiteWriter.stateName)
        }

        /// Whether the file at `path` is still exactly what flowsite wrote there (by size and time, else by hash), so
        /// a page whose inputs did not change need not be made again. A page changed or removed behind flowsite's
        /// back is not intact, and gets rewritten. Safe to call from several threads.
        public func isIntact(_ path: String) -> Bool {
            guard let entry = previous.entries[path], let status = try? folder.status(path) else { return false }
            return holds(entry, status, path)
        }

        /// Whether a file is the one an entry recorded: same size and time, or (touched by a copy or checkout) same bytes.
        private func holds(_ entry: Manifest.Entry, _ status: OwnedFolder.Status, _ path: String) -> Bool {
            guard status.kind == .file, status.size == entry.size else { return false }
            if status.modified == entry.modified { return true }
            return (try? folder.read(path)).flatMap { $0.map(ContentHash.of) } == entry.hash
        }

        /// Stages the file when its bytes differ from what is there. Refuses to replace anything flowsite did not
        /// write (a file, folder or link not in the manifest).
        public mutating func write(_ contents: Data, to path: String) throws(OutputError) {
            guard plannedSet.contains(path) else { throw OutputError(.unsafePath, path: path) }
            let status = try folder.status(path)
            if status.kind == .file, status.size == Int64(contents.count), let existing = try folder.read(path), existing == contents {
                entries[path] = .init(size: status.size, modified: status.modified, hash: ContentHash.of(contents))
                summary.unchanged += 1
                return
            }
            if status.kind != .missing, (previous.entries[path] == nil && !(status.kind == .file && replaceable.contains(path))) || status.kind == .folder {
                throw OutputError(.notOurs, path: folder.root.appending(path: path).path)
            }
            let result = try folder.stage(contents, for: path)
            staged.append((result.temporary, path))
            entries[path] = .init(size: result.status.size, modified: result.status.modified, hash: ContentHash.of(contents))
            summary.written += 1
        }

        /// A planned file whose page did not change and is intact (`isIntact`): it stays as it is.
        public mutating func keep(_ path: String) throws(OutputError) {
            guard plannedSet.contains(path), let entry = previous.entries[path] else { throw OutputError(.unsafePath, path: path) }
            entries[path] = entry
            summary.unchanged += 1
        }

        /// Renames every staged file into place (each rename replaces one file in one step), removes the files of the
        /// previous run that this one did not write and that nobody changed since, and records what this one wrote,
        /// and `state` for the next run. The manifest is updated before the renames, so a run killed half-way
        /// still leaves a folder whose every file flowsite knows.
        public mutating func finish(state: Data? = nil) throws(OutputError) -> Summary {
            var interim = previous
            interim.rejected = []
            for (path, entry) in entries { interim.entries[path] = entry }
            try SiteWriter.replace(Data(interim.text.utf8), at: SiteWriter.manifestName, in: folder)
            // In order, by index: taking each from the front of the array moved every later one (quadratic in the
            // files staged). What is left of this step on a large site is the disk's: ext4 writes a file out when it is
            // renamed over an older one.
            for (index, file) in staged.enumerated() {
                do { try folder.commit(file.temporary, to: file.path) } catch {
                    folder.discard(file.temporary, for: file.path)
                    staged.removeFirst(index + 1)
                    abandon()
                    throw error
                }
            }
            staged.removeAll()
            var summary = self.summary
            var removed = Set<String>()
            for (path, entry) in previous.entries where !plannedSet.contains(path) {
                let status = try folder.status(path)
                switch status.kind {
                case .missing:
                    continue
                case .file where holds(entry, status, path):
                    try folder.remove(path)
                    removed.insert(path)
                case .file:
                    summary.leftAlone.append("\(path): changed since flowsite wrote it; no longer generated, left in place")
                default:
                    summary.leftAlone.append("\(path): not a regular file; left in place")
                }
            }
            folder.removeEmptyFolders(removed)
            summary.removed = removed.count
            if let state { try SiteWriter.replace(state, at: SiteWriter.stateName, in: folder) } else { try folder.remove(SiteWriter.stateName) }
            var final = Manifest(kind: previous.kind)
            final.entries = entries
            try SiteWriter.replace(Data(final.text.utf8), at: SiteWriter.manifestName, in: folder)
            folder.unlock()
            return summary
        }

        /// Removes every staged file and releases the folder; it is left as it was before `begin`. Call it when
        /// rendering fails.
        public mutating func abandon() {
            for file in staged { folder.discard(file.temporary, for: file.path) }
            staged.removeAll()
            folder.unlock()
        }
    }
}

/// Why the output folder could not be written, with the path concerned.
public struct OutputError: Error, Sendable, Equatable, LocalizedError {
    public enum Reason: Sendable, Equatable {
        case notAFolder
        case notOwned(Int)
        case foreignManifest
        case unwritable(String)
        case unsafePath
        case notOurs
        case symlinkInside
        case duplicatePath
        case busy
        /// The folder belongs to the other command (`owner`); this one writes `wanted`.
        case ownedByOther(owner: FolderKind, wanted: FolderKind)
        /// `--out` is a symbolic link to something that does not exist.
        case danglingLink(target: String)
        /// The folder (or a missing parent) could not be created, with why in words.
        case cannotCreate(reason: String)
    }

    public var reason: Reason
    public var path: String

    public init(_ reason: Reason, path: String) {
        self.reason = reason
        self.path = path
    }

    public var errorDescription: String? {
        switch reason {
        case .notAFolder: return "\(path) is a file, not a folder; --out needs a folder"
        case .notOwned(let count):
            return "\(path) holds \(count) entr\(count == 1 ? "y" : "ies") flowsite did not write (no \(SiteWriter.manifestName)); refusing to write there. Choose an empty or new folder."
        case .foreignManifest: return "\(path) is not a flowsite manifest; refusing to write beside it"
        case .unwritable(let reason): return "cannot write \(path): \(reason)"
        case .unsafePath: return "refusing to write outside the output folder: \(path)"
        case .symlinkInside: return "\(path) is a symbolic link inside the output folder; refusing to follow it (remove the link)"
        case .duplicatePath: return "two outputs would be written to \(path); nothing was written"
        case .busy: return "another flowsite is writing into \(path); nothing was written (run again when it has finished)"
        case .ownedByOther(let owner, let wanted):
            return "\(path) holds \(owner.contents) written by '\(owner.command)' (see its \(SiteWriter.manifestName)); '\(wanted.command)' writes \(wanted.contents) only into a folder of its own, so nothing was touched. Choose another folder."
        case .cannotCreate(let reason): return "cannot create the folder \(path): \(reason)"
        case .danglingLink(let target):
            return "\(path) is a symbolic link to \(target), which does not exist; create that folder or choose another"
        case .notOurs: return "\(path) exists and flowsite did not write it (it is not in \(SiteWriter.manifestName)); refusing to replace it. Move it away or choose another folder."
        }
    }
}
