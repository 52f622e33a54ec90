import Foundation
import WorkflowModel
import WorkflowStore

/// The saved fold on disk (`FoldState` behind a header and a checksum), kept out of the site: it holds error
/// messages and cell values as stored, secrets included, because the redaction of a later render learns secrets
/// from the whole history and must see it to mask exactly what a full render masks. By default it lives in the
/// user's cache folder, one file per output folder; `--state PATH` puts it where a CI cache keeps it.
public struct FoldStateFile: Sendable {
    public var url: URL
    /// A fingerprint of `--db` as given (no password is written): a saved fold of another database is not tried.
    public var databaseIdentity: UInt64
    /// In the shared cache folder (`defaultURL`), where a job that renders into a new folder each time would leave
    /// a fold behind each time: saving there keeps only the `cacheKept` most recently written folds.
    public var isInCache = false

    public static let cacheKept = 16

    static let magic = Array("flowsite saved fold\n".utf8)
    /// 2: long unfinished runs joined the prefix (`FoldState.watched`).
    static let format = 2

    public init(url: URL, database: String) {
        self.url = url
        var hash = FNV1a64()
        hash.add(database)
        databaseIdentity = hash.value
    }

    /// `$XDG_CACHE_HOME/flowsite/folds/` (else `~/.cache/…`), named by the output folder's absolute path; nil when
    /// there is no home to keep it in (then every render folds every run).
    public static func defaultURL(forOutput output: URL, environment: [String: String] = ProcessInfo.processInfo.environment) -> URL? {
        let cache: URL
        if let xdg = environment["XDG_CACHE_HOME"], xdg.hasPrefix("/") {
            cache = URL(fileURLWithPath: xdg)
        } else if let home = environment["HOME"], home.hasPrefix("/") {
            cache = URL(fileURLWithPath: home).appendingPathComponent(".cache")
        } else {
            return nil
        }
        let absolute = output.standardizedFileURL.path
        var hash = FNV1a64()
        hash.add(absolute)
        let name = output.standardizedFileURL.lastPathComponent.filter { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }.prefix(40)
        return cache.appendingPathComponent("flowsite/folds/\(name)-\(String(hash.value, radix: 16)).fold")
    }

    /// The saved fold, or why there is none to use.
    public func load() -> (state: FoldState?, reason: String) {
        guard let data = FileManager.default.contents(atPath: url.path) else { return (nil, "no saved fold yet") }
        let bytes = [UInt8](data)
        guard bytes.count > Self.magic.count + 8, bytes.starts(with: Self.magic) else { return (nil, "\(url.path) is not a saved fold") }
        var checksum = FNV1a64()
        bytes.withUnsafeBytes { checksum.add(contentsOf: UnsafeRawBufferPointer(rebasing: $0[..<($0.count - 8)])) }
        let stored = bytes[(bytes.count - 8)...].reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        guard checksum.value == stored else { return (nil, "the saved fold \(url.path) is damaged (checksum)") }
        do {
            var input = StateReader(bytes, offset: Self.magic.count, end: bytes.count - 8)
            guard try input.int() == Self.format else { return (nil, "the saved fold is of another format") }
            let version = try input.text()
            guard version == FlowsiteVersion.current else { return (nil, "the saved fold was made by flowsite \(version)") }
            guard try input.unsigned() == databaseIdentity else { return (nil, "the saved fold was made from another --db") }
            let state = try FoldState(reading: &input)
            guard input.isAtEnd else { return (nil, "the saved fold \(url.path) could not be read") }
            return (state, "")
        } catch {
            return (nil, "the saved fold \(url.path) could not be read")
        }
    }

    /// A file at the fold's path that is not a saved fold (a database named by mistake): never replaced or removed.
    public struct ForeignFile: Error, CustomStringConvertible {
        public var path: String
        public var description: String { "\(path) exists and is not a saved fold; flowsite leaves it alone" }
    }

    /// Replaces the saved fold at once (a temporary file renamed over it), or removes it when there is none to save,
    /// so a stale one is never tried again.
    public func save(_ state: FoldState?) throws {
        if let handle = FileHandle(forReadingAtPath: url.path) {
            let start = (try? handle.read(upToCount: Self.magic.count)) ?? nil
            try? handle.close()
            if let start, !start.isEmpty, [UInt8](start) != Self.magic { throw ForeignFile(path: url.path) }
        }
        guard let state else {
            try? FileManager.default.removeItem(at: url)
            return
        }
        var out = StateWriter()
        out.raw(Self.magic)
        out.int(Self.format)
        out.text(FlowsiteVersion.current)
        out.unsigned(databaseIdentity)
        state.encode(into: &out)
        var checksum = FNV1a64()
        out.bytes.withUnsafeBytes { checksum.add(contentsOf: $0) }
        out.raw(withUnsafeBytes(of: checksum.value.littleEndian) { Array($0) })
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try out.bytes.withUnsafeBytes { try Data(bytesNoCopy: UnsafeMutableRawPointer(mutating: $0.baseAddress!), count: $0.count, deallocator: .none).write(to: url, options: .atomic) }
        if isInCache { pruneCache() }
    }

    /// The snapshot, continuing the fold saved in `file` when there is one, and the fold saved there for next time
    /// at once: it describes the database, not a site, so it holds whether or not pages are written (`render` and
    /// `check` can share one), and its bytes are not held while pages render. Notes are for the command's warnings.
    public static func readSnapshot(_ source: any WorkflowSource, asOf: Timestamp, state file: FoldStateFile?, full: Bool)
        throws -> (snapshot: WorkflowDatabaseSnapshot, fold: FoldKind, notes: [String])
    {
        let saved: (state: FoldState?, reason: String) = full ? (nil, "--full") : file?.load() ?? (nil, "no saved fold kept")
        let folded = try source.readSnapshot(asOf: asOf, resuming: saved.state)
        let fold: FoldKind = folded.fold == .full(reason: nil) ? .full(reason: saved.reason) : folded.fold
        guard let file else { return (folded.snapshot, fold, []) }
        do {
            try file.save(folded.state)
            return (folded.snapshot, fold, folded.unsavable.map { ["no fold saved for the next run, which folds every run again: \($0)"] } ?? [])
        } catch {
            let reason = (error as? ForeignFile)?.description ?? error.localizedDescription
            return (folded.snapshot, fold, ["the fold could not be saved to \(file.url.path) (\(reason)); the next run folds every run"])
        }
    }

    /// Removes all but the `cacheKept` newest folds of the cache folder (never this one, never another kind of file).
    private func pruneCache() {
        let folder = url.deletingLastPathComponent()
        let files = (try? FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: [.contentModificationDateKey])) ?? []
        let folds = files.filter { $0.pathExtension == "fold" && $0.lastPathComponent != url.lastPathComponent }
            .map { ($0, (try? $0.resourceValues(forKeys: [.contentModificationDateKey]).contentModificationDate) ?? .distantPast) }
            .sorted { $0.1 > $1.1 }
        for (file, _) in folds.dropFirst(Self.cacheKept - 1) { try? FileManager.default.removeItem(at: file) }
    }
}
