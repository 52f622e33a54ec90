import Foundation

/// What flowsite wrote into a folder: one line per file with its size, modification time and a hash of its bytes,
/// so a later run can tell its own untouched file (remove or keep it) from one changed behind its back (repair it,
/// or leave it alone when it is no longer generated). Only regular files are listed; folders are never entries.
struct Manifest: Equatable {
    struct Entry: Equatable {
        var size: Int64
        var modified: Int64
        var hash: UInt64
    }

    var entries: [String: Entry] = [:]
    /// Lines that were not a valid entry (`..`, absolute, a folder, garbage), kept out and reported.
    var rejected: [String] = []
    /// Which command wrote the folder (`# kind: site`); nil in a manifest written before the kind was recorded.
    var kind: FolderKind?

    static let header = "# flowsite output; files listed below are removed when no longer generated\n"
    static let version = "# v2: size mtime-ns fnv1a64 path\n"

    /// Reads a manifest; nil when the text is not one (a foreign file that happens to have the name).
    init?(text: String) {
        guard text.hasPrefix(Self.header) else { return nil }
        kind = Self.kind(in: text)
        for line in text.split(separator: "\n").dropFirst() where !line.hasPrefix("#") {
            let fields = line.split(separator: " ", maxSplits: 3, omittingEmptySubsequences: false)
            // v1 lines hold only the path: ours, but unverified, so a later run compares their bytes.
            let path = fields.count == 4 ? String(fields[3]) : String(line)
            guard Self.isValidPath(path) else {
                rejected.append(String(line))
                continue
            }
            if fields.count == 4, let size = Int64(fields[0]), let modified = Int64(fields[1]), let hash = UInt64(fields[2], radix: 16) {
                entries[path] = Entry(size: size, modified: modified, hash: hash)
            } else {
                entries[path] = Entry(size: -1, modified: -1, hash: 0)
            }
        }
    }

    init(kind: FolderKind? = nil) { self.kind = kind }

    static let kindPrefix = "# kind: "

    /// The `# kind:` line among the header's comment lines (older flowsite skips every `#` line, so it reads this
    /// manifest as before).
    static func kind(in text: String) -> FolderKind? {
        text.split(separator: "\n").prefix(while: { $0.hasPrefix("#") }).lazy
            .compactMap { $0.hasPrefix(kindPrefix) ? FolderKind(rawValue: String($0.dropFirst(kindPrefix.count))) : nil }.first
    }

    /// The recorded kind, or for an older manifest the kind its entries show.
    var owner: FolderKind? { kind ?? FolderKind.inferred(fromPaths: entries.keys) }

    var text: String {
        Self.header + Self.version + (kind.map { Self.kindPrefix + $0.rawValue + "\n" } ?? "") + entries.keys.sorted().map { path in
            let entry = entries[path]!
            return "\(entry.size) \(entry.modified) \(String(entry.hash, radix: 16)) \(path)\n"
        }.joined()
    }

    /// A relative, normalised path of a file below the folder: no `..`, `.`, empty or absolute parts, no control
    /// characters, and never the manifest or state file themselves.
    static func isValidPath(_ path: String) -> Bool {
        guard !path.isEmpty, !path.hasPrefix("/"), path != SiteWriter.manifestName, path != SiteWriter.stateName,
              !path.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F })
        else { return false }
        return path.split(separator: "/", omittingEmptySubsequences: false).allSatisfy { $0 != ".." && $0 != "." && !$0.isEmpty }
    }
}

/// FNV-1a over 64 bits: enough to notice a changed page (not a defence against someone forging one, who could as
/// well edit the manifest), fast, and needing no dependency.
enum ContentHash {
    static func of(_ data: Data) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        data.withUnsafeBytes { buffer in
            for byte in buffer {
                hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
            }
        }
        return hash
    }
}
