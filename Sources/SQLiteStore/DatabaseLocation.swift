import Foundation
import WorkflowStore

/// Where a workflow database is, from what a user typed: a path, a SQLAlchemy URL (`sqlite:///relative.db`,
/// `sqlite:////absolute.db`) or a Prisma URL (`file:./dev.db`, `file:/abs.db?connection_limit=1`).
public struct DatabaseLocation: Sendable, Equatable, CustomStringConvertible {
    public var path: String
    /// `?immutable=1`: SQLite reads the file as a snapshot that cannot change, without locks and without the
    /// `-shm` a WAL database otherwise needs; for a reader without write access to the folder, when no one writes.
    public var immutable = false

    public init(path: String) { self.path = path }

    /// What SQLite opens: the path, or a `file:` URI asking for an immutable read.
    var openName: String {
        guard immutable else { return path }
        let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        let encoded = absolute.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(CharacterSet(charactersIn: "?#%"))) ?? absolute
        return "file:\(encoded)?immutable=1"
    }

    public init(parsing text: String) throws(StoreError) {
        if let query = text.split(separator: "?", maxSplits: 1).dropFirst().first, text.hasPrefix("sqlite:") || text.hasPrefix("file:") {
            immutable = query.split(separator: "&").contains { $0 == "immutable=1" || $0 == "immutable=true" }
        }
        if text.hasPrefix("sqlite://") {
            let rest = text.dropFirst("sqlite://".count)
            guard rest.hasPrefix("/") else {
                throw StoreError(.unsupportedURL("a SQLite URL needs three slashes: sqlite:///relative.db or sqlite:////absolute/path.db"), file: text)
            }
            // sqlite:///x.db -> "x.db" (relative); sqlite:////abs/x.db -> "/abs/x.db".
            path = String(Self.withoutQuery(rest.dropFirst()))
        } else if text.hasPrefix("file:") {
            var rest = Self.withoutQuery(text.dropFirst("file:".count))
            if rest.hasPrefix("//") { rest = rest.dropFirst(2) }
            path = String(rest)
        } else if let scheme = text.range(of: "://"), !text[..<scheme.lowerBound].contains("/") {
            throw StoreError(.unsupportedURL("not a database flowsite reads (a SQLite path, sqlite:///…, file:…, postgresql://… or mysql://…)"), file: SecretMask(connectionText: text).masked(text))
        } else {
            path = text
        }
        guard !path.isEmpty else { throw StoreError(.unsupportedURL("the URL names no file"), file: text) }
        path = path.removingPercentEncoding ?? path
    }

    private static func withoutQuery(_ text: Substring) -> Substring {
        text.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first ?? text
    }

    /// Fails unless the path names an existing file, so opening never creates an empty database from a typo.
    /// A database is a regular file: a folder is refused, and so are a FIFO, a device or a socket, which SQLite
    /// would block on or read forever.
    func requireFile() throws(StoreError) {
        var info = stat()
        guard stat(path, &info) == 0 else { throw StoreError(.notFound, file: path) }
        switch info.st_mode & S_IFMT {
        case S_IFREG: return
        case S_IFDIR: throw StoreError(.notAFile, file: path)
        case S_IFIFO: throw StoreError(.invalidInput("is a FIFO (named pipe), not a database file"), file: path)
        case S_IFCHR, S_IFBLK: throw StoreError(.invalidInput("is a device, not a database file"), file: path)
        default: throw StoreError(.invalidInput("is not a regular file"), file: path)
        }
    }

    /// The file name alone, for messages.
    public var fileName: String { (path as NSString).lastPathComponent }

    public var description: String { path }
}
