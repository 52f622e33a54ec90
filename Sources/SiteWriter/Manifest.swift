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
        // Read as bytes: a site's manifest has a line per file (40,000 on a large site) and is read on every render.
        let newline = UInt8(ascii: "\n"), space = UInt8(ascii: " ")
        for line in text.utf8.split(separator: newline).dropFirst() where line.first != UInt8(ascii: "#") {
            let fields = line.split(separator: space, maxSplits: 3, omittingEmptySubsequences: false)
            // v1 lines hold only the path: ours, but unverified, so a later run compares their bytes.
            let pathBytes = fields.count == 4 ? fields[3] : line
            let path = String(decoding: pathBytes, as: UTF8.self)
            guard Self.isValidPath(path) else {
                rejected.append(String(decoding: line, as: UTF8.self))
                continue
            }
            if fields.count == 4, let size = Self.signed(fields[0]), let modified = Self.signed(fields[1]), let hash = Self.number(fields[2], radix: 16) {
                entries[path] = Entry(size: size, modified: modified, hash: hash)
            } else {
                entries[path] = Entry(size: -1, modified: -1, hash: 0)
            }
        }
    }

    /// A decimal `Int64`, with an optional `-` (a modification time before 1970).
    private static func signed(_ digits: Substring.UTF8View.SubSequence) -> Int64? {
        let negative = digits.first == UInt8(ascii: "-")
        guard let magnitude = number(negative ? digits.dropFirst() : digits), magnitude <= UInt64(Int64.max) else { return nil }
        return negative ? -Int64(magnitude) : Int64(magnitude)
    }

    /// A non-negative number written in `radix` (10 or 16), or nil for anything else (a sign, a stray byte, overflow).
    private static func number(_ digits: Substring.UTF8View.SubSequence, radix: UInt64 = 10) -> UInt64? {
        guard !digits.isEmpty else { return nil }
        var value: UInt64 = 0
        for byte in digits {
            let digit: UInt64
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt64(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f") where radix == 16: digit = UInt64(byte - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F") where radix == 16: digit = UInt64(byte - UInt8(ascii: "A") + 10)
            default: return nil
            }
            let (times, overflow) = value.multipliedReportingOverflow(by: radix)
            guard !overflow, case let (sum, false) = times.addingReportingOverflow(digit) else { return nil }
            value = sum
        }
        return value
    }

    init(kind: FolderKind? = nil) { self.kind = kind }

    static let kindPrefix = "# kind: "

    /// The `# kind:` line among the header's comment lines (older flowsite skips every `#` line, so it reads this
    /// manifest as before).
    static func kind(in text: String) -> FolderKind? {
        var rest = Substring(text)
        while rest.hasPrefix("#") {
            let line = rest.prefix(while: { $0 != "\n" })
            if line.hasPrefix(kindPrefix) { return FolderKind(rawValue: String(line.dropFirst(kindPrefix.count))) }
            rest = rest[line.endIndex...].dropFirst()
        }
        return nil
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
        guard !path.isEmpty, path != SiteWriter.manifestName, path != SiteWriter.stateName else { return false }
        var partLength = 0, dots = 0
        for byte in path.utf8 {
            if byte < 0x20 || byte == 0x7F { return false }
            if byte == UInt8(ascii: "/") {
                guard partLength > 0, dots != partLength || dots > 2 else { return false }  // "", ".", ".."
                partLength = 0
                dots = 0
            } else {
                partLength += 1
                if byte == UInt8(ascii: ".") { dots += 1 }
            }
        }
        return partLength > 0 && (dots != partLength || dots > 2)
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
