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

    public init(folder: URL) {
        self.folder = folder.standardizedFileURL
    }

    /// What a write did.
    public struct Summary: Sendable, Equatable {
        public var written = 0
        public var unchanged = 0
        public var removed = 0
        public init(written: Int = 0, unchanged: Int = 0, removed: Int = 0) {
            self.written = written
            self.unchanged = unchanged
            self.removed = removed
        }
    }

    /// Checks the folder can be used before any work is done: it does not exist, is empty, or holds our manifest.
    public func checkOwnership() throws(OutputError) -> [String] {
        let manager = FileManager.default
        var isFolder: ObjCBool = false
        guard manager.fileExists(atPath: folder.path, isDirectory: &isFolder) else { return [] }
        guard isFolder.boolValue else { throw OutputError(.notAFolder, path: folder.path) }
        let manifest = folder.appending(path: Self.manifestName)
        if let data = manager.contents(atPath: manifest.path) {
            guard let text = String(data: data, encoding: .utf8), text.hasPrefix(Self.manifestHeader) else {
                throw OutputError(.foreignManifest, path: manifest.path)
            }
            return text.split(separator: "\n").dropFirst().map(String.init)
        }
        let entries: [String]
        do {
            entries = try manager.contentsOfDirectory(atPath: folder.path)
        } catch {
            throw OutputError(.unwritable(error.localizedDescription), path: folder.path)
        }
        guard entries.isEmpty else { throw OutputError(.notOwned(entries.count), path: folder.path) }
        return []
    }

    static let manifestHeader = "# flowsite output; files listed below are removed when no longer generated\n"

    /// Writes a whole site at once.
    public func write(_ files: [(path: String, contents: Data)]) throws(OutputError) -> Summary {
        var session = try begin(paths: files.map(\.path))
        for file in files { try session.write(file.contents, to: file.path) }
        return try session.finish()
    }

    /// What the last successful run recorded with `finish(state:)`, if this folder is ours.
    public func previousState() -> Data? {
        guard (try? checkOwnership()) != nil else { return nil }
        return FileManager.default.contents(atPath: folder.appending(path: Self.stateName).path)
    }

    /// Whether a file of the site exists (safe to call from several threads).
    public func exists(_ path: String) -> Bool {
        FileManager.default.fileExists(atPath: folder.appending(path: path).path)
    }

    /// Starts writing a site whose paths are known. Nothing in the folder changes until `finish`.
    public func begin(paths: [String]) throws(OutputError) -> Session {
        let previous = try checkOwnership()
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw OutputError(.unwritable(error.localizedDescription), path: folder.path)
        }
        for path in paths { try Self.checkRelative(path) }
        return Session(writer: self, previous: previous, planned: paths)
    }

    /// A site being written, one file at a time.
    public struct Session: Sendable {
        let writer: SiteWriter
        let previous: [String]
        let planned: [String]
        private let plannedSet: Set<String>
        private let previousSet: Set<String>
        private var summary = Summary()

        init(writer: SiteWriter, previous: [String], planned: [String]) {
            self.writer = writer
            self.previous = previous
            self.planned = planned
            plannedSet = Set(planned)
            previousSet = Set(previous)
        }

        private var staged: [(temporary: URL, target: URL)] = []

        /// Stages the file when its bytes differ from what is there; a failure removes everything staged.
        public mutating func write(_ contents: Data, to path: String) throws(OutputError) {
            guard plannedSet.contains(path) else { throw OutputError(.unsafePath, path: path) }
            let target = writer.folder.appending(path: path)
            if AtomicFile.holds(contents, at: target.path) {
                summary.unchanged += 1
                return
            }
            // Someone put a file where this run wants one: it is theirs, not a page of an earlier run.
            if !previousSet.contains(path), FileManager.default.fileExists(atPath: target.path) {
                abandon()
                throw OutputError(.notOurs, path: target.path)
            }
            do {
                staged.append((URL(fileURLWithPath: try AtomicFile.stage(contents, for: target.path)), target))
            } catch {
                abandon()
                throw error
            }
            summary.written += 1
        }

        /// A planned file whose page did not change: it stays as it is.
        public mutating func keep(_ path: String) throws(OutputError) {
            guard plannedSet.contains(path) else { throw OutputError(.unsafePath, path: path) }
            summary.unchanged += 1
        }

        /// Renames every staged file into place (each rename replaces one file in one step), removes the pages of
        /// the previous run that this one did not write, and records what this one wrote, and `state` for the next run.
        public mutating func finish(state: Data? = nil) throws(OutputError) -> Summary {
            for (index, file) in staged.enumerated() where rename(file.temporary.path, file.target.path) != 0 {
                let reason = AtomicFile.lastErrorDescription()
                staged.removeFirst(index)
                abandon()
                throw OutputError(.unwritable(reason), path: file.target.path)
            }
            staged.removeAll()
            var summary = self.summary
            summary.removed = try writer.removeStale(previous: previous, current: plannedSet)
            let stateFile = writer.folder.appending(path: SiteWriter.stateName)
            if let state { try AtomicFile.write(state, to: stateFile.path) } else { try? FileManager.default.removeItem(at: stateFile) }
            try writer.writeManifest(planned.sorted())
            return summary
        }

        /// Removes every staged file; the folder is left as it was before `begin`. Call it when rendering fails.
        public mutating func abandon() {
            for file in staged { try? FileManager.default.removeItem(at: file.temporary) }
            staged.removeAll()
        }
    }

    private func removeStale(previous: [String], current: Set<String>) throws(OutputError) -> Int {
        let manager = FileManager.default
        var removed = 0
        for stale in previous where !current.contains(stale) {
            guard (try? Self.checkRelative(stale)) != nil else { continue }
            let url = folder.appending(path: stale)
            if manager.fileExists(atPath: url.path) {
                do { try manager.removeItem(at: url) } catch { throw OutputError(.unwritable(error.localizedDescription), path: url.path) }
                removed += 1
                removeEmptyParents(of: url)
            }
        }
        return removed
    }

    /// Paths come from the renderer, but the manifest is a file on disk: never follow `..` or an absolute path out.
    static func checkRelative(_ path: String) throws(OutputError) {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        guard !path.hasPrefix("/"), !parts.contains(".."), !parts.contains(""), path != manifestName, path != stateName else {
            throw OutputError(.unsafePath, path: path)
        }
    }

    func writeManifest(_ paths: [String]) throws(OutputError) {
        try AtomicFile.write(Data((Self.manifestHeader + paths.map { $0 + "\n" }.joined()).utf8), to: folder.appending(path: Self.manifestName).path)
    }

    private func removeEmptyParents(of url: URL) {
        var parent = url.deletingLastPathComponent().standardizedFileURL
        while parent.path.count > folder.path.count,
              (try? FileManager.default.contentsOfDirectory(atPath: parent.path))?.isEmpty == true
        {
            try? FileManager.default.removeItem(at: parent)
            parent = parent.deletingLastPathComponent().standardizedFileURL
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
        case .notOurs: return "\(path) exists and flowsite did not write it (it is not in \(SiteWriter.manifestName)); refusing to replace it. Move it away or choose another folder."
        }
    }
}
