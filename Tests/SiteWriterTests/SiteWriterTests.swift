import Foundation
import Testing
@testable import SiteWriter
import TestSupport
import WorkflowModel

@Suite struct SiteWriterTests {
    func temporaryFolder() throws -> URL { try TemporaryFolder.make("writer") }

    func files(_ pairs: [(String, String)]) -> [(path: String, contents: Data)] { pairs.map { ($0.0, Data($0.1.utf8)) } }

    @Test func writesOnlyWhatChangedAndRemovesWhatIsGone() throws {
        let out = try temporaryFolder().appending(path: "site")
        let writer = SiteWriter(folder: out)
        #expect(try writer.write(files([("index.html", "a"), ("workflows/1-x.html", "b"), ("workflows/2-y.html", "c")])) == .init(written: 3))
        let keptDate = try FileManager.default.attributesOfItem(atPath: out.appending(path: "index.html").path)[.modificationDate] as? Date
        Thread.sleep(forTimeInterval: 0.02)
        #expect(try writer.write(files([("index.html", "a"), ("workflows/1-x.html", "B")])) == .init(written: 1, unchanged: 1, removed: 1))
        #expect(try FileManager.default.attributesOfItem(atPath: out.appending(path: "index.html").path)[.modificationDate] as? Date == keptDate)
        #expect(!FileManager.default.fileExists(atPath: out.appending(path: "workflows/2-y.html").path))
        #expect(try String(contentsOf: out.appending(path: "workflows/1-x.html"), encoding: .utf8) == "B")
        #expect(try writer.write(files([("index.html", "a")])) == .init(unchanged: 1, removed: 1))
        #expect(!FileManager.default.fileExists(atPath: out.appending(path: "workflows").path))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: out.path).sorted()
        #expect(leftovers == [".flowsite-manifest", "index.html"])
    }

    @Test func refusesAFolderItDoesNotOwnAndTouchesNothing() throws {
        let home = try temporaryFolder()
        try Data("precious".utf8).write(to: home.appending(path: "notes.txt"))
        #expect(throws: OutputError(.notOwned(1), path: home.path)) {
            try SiteWriter(folder: home).write(files([("index.html", "x")]))
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: home.path) == ["notes.txt"])
        #expect(OutputError(.notOwned(1), path: "/home/me").errorDescription == "/home/me holds 1 entry flowsite did not write (no .flowsite-manifest); refusing to write there. Choose an empty or new folder.")
    }

    @Test func neverRemovesFilesItDidNotList() throws {
        let out = try temporaryFolder()
        _ = try SiteWriter(folder: out).write(files([("index.html", "x")]))
        try Data("mine".utf8).write(to: out.appending(path: "README.txt"))
        _ = try SiteWriter(folder: out).write(files([("other.html", "y")]))
        #expect(FileManager.default.fileExists(atPath: out.appending(path: "README.txt").path))
    }

    @Test func refusesAFileAndPathsThatLeaveTheFolder() throws {
        let file = try temporaryFolder().appending(path: "site")
        try Data().write(to: file)
        #expect(throws: OutputError(.notAFolder, path: file.path)) { try SiteWriter(folder: file).write(files([("a.html", "x")])) }
        let out = try temporaryFolder()
        #expect(throws: OutputError(.unsafePath, path: "../escape.html")) { try SiteWriter(folder: out).write(files([("../escape.html", "x")])) }
    }

    @Test func aReadOnlyFolderGivesAClearErrorAndKeepsThePreviousSite() throws {
        guard getuid() != 0 else { return }  // root ignores permissions; the bad-input suite covers this with a full disk
        let out = try temporaryFolder()
        _ = try SiteWriter(folder: out).write(files([("index.html", "old")]))
        try FileManager.default.setAttributes([.posixPermissions: 0o555], ofItemAtPath: out.path)
        defer { try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: out.path) }
        #expect(throws: OutputError.self) { try SiteWriter(folder: out).write(files([("index.html", "new")])) }
        #expect(try String(contentsOf: out.appending(path: "index.html"), encoding: .utf8) == "old")
    }

    // MARK: Owning only what it made

    func text(_ url: URL) -> String? { FileManager.default.contents(atPath: url.path).flatMap { String(data: $0, encoding: .utf8) } }

    @Test func neverFollowsASymlinkBelowTheFolder() throws {
        let out = try temporaryFolder().appending(path: "site")
        let elsewhere = try temporaryFolder()
        try Data("theirs".utf8).write(to: elsewhere.appending(path: "keep.txt"))
        _ = try SiteWriter(folder: out).write(files([("index.html", "a"), ("workflows/1-x.html", "b")]))
        try FileManager.default.removeItem(at: out.appending(path: "workflows"))
        try FileManager.default.createSymbolicLink(at: out.appending(path: "workflows"), withDestinationURL: elsewhere)
        #expect(throws: OutputError(.symlinkInside, path: out.appending(path: "workflows").path)) {
            try SiteWriter(folder: out).write(files([("index.html", "a2"), ("workflows/1-x.html", "b2")]))
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: elsewhere.path) == ["keep.txt"])
        #expect(text(out.appending(path: "index.html")) == "a", "nothing changed: the failure came before any rename")
    }

    @Test func aLinkWhereAPageGoesIsReplacedNotWrittenThrough() throws {
        let out = try temporaryFolder().appending(path: "site")
        let target = try temporaryFolder().appending(path: "target.txt")
        try Data("target".utf8).write(to: target)
        _ = try SiteWriter(folder: out).write(files([("index.html", "a")]))
        try FileManager.default.removeItem(at: out.appending(path: "index.html"))
        try FileManager.default.createSymbolicLink(at: out.appending(path: "index.html"), withDestinationURL: target)
        _ = try SiteWriter(folder: out).write(files([("index.html", "new")]))
        #expect(text(target) == "target")
        let kind = try FileManager.default.attributesOfItem(atPath: out.appending(path: "index.html").path)[.type] as? FileAttributeType
        #expect(kind == .typeRegular && text(out.appending(path: "index.html")) == "new")
    }

    @Test func anEditedManifestNeverRemovesFoldersOrForeignFiles() throws {
        let out = try temporaryFolder()
        _ = try SiteWriter(folder: out).write(files([("index.html", "a"), ("workflows/1-x.html", "b")]))
        try FileManager.default.createDirectory(at: out.appending(path: "keepme"), withIntermediateDirectories: true)
        try Data("precious".utf8).write(to: out.appending(path: "keepme/data.txt"))
        let manifest = out.appending(path: SiteWriter.manifestName)
        let edited = try String(contentsOf: manifest, encoding: .utf8) + "keepme\nworkflows\n.\n../up\n/etc/passwd\n1 2 3 keepme/data.txt\n"
        try Data(edited.utf8).write(to: manifest)
        let summary = try SiteWriter(folder: out).write(files([("index.html", "a")]))
        #expect(text(out.appending(path: "keepme/data.txt")) == "precious")
        #expect(summary.removed == 1, "only workflows/1-x.html, which flowsite wrote")
        // keepme and workflows (folders), '.', '../up', '/etc/passwd' (not paths of files below), keepme/data.txt (not as recorded)
        #expect(summary.leftAlone.count == 6, "\(summary.leftAlone)")
        #expect(try SiteWriter(folder: out).write(files([("index.html", "a")])).leftAlone.isEmpty, "the next manifest is clean")
    }

    @Test func aPageChangedOrRemovedBehindItsBackIsRepaired() throws {
        let out = try temporaryFolder()
        let writer = SiteWriter(folder: out)
        _ = try writer.write(files([("index.html", "good"), ("a.html", "good a")]))
        try Data("defaced".utf8).write(to: out.appending(path: "index.html"))
        try FileManager.default.removeItem(at: out.appending(path: "a.html"))
        var session = try writer.begin(paths: ["index.html", "a.html"])
        #expect(!session.isIntact("index.html") && !session.isIntact("a.html"))
        try session.write(Data("good".utf8), to: "index.html")
        try session.write(Data("good a".utf8), to: "a.html")
        #expect(try session.finish() == .init(written: 2))
        #expect(text(out.appending(path: "index.html")) == "good")
        let next = try writer.begin(paths: ["index.html"])
        #expect(next.isIntact("index.html"))
    }

    @Test func aFirstRunThatFailsLeavesAnOwnedFolder() throws {
        let out = try temporaryFolder().appending(path: "new")
        #expect(throws: OutputError(.duplicatePath, path: "index.html")) {
            try SiteWriter(folder: out).write(files([("index.html", "a"), ("index.html", "b")]))
        }
        var session = try SiteWriter(folder: out).begin(paths: ["index.html"])
        try session.write(Data("x".utf8), to: "index.html")
        session.abandon()
        #expect(try FileManager.default.contentsOfDirectory(atPath: out.path) == [SiteWriter.manifestName])
        #expect(try SiteWriter(folder: out).write(files([("index.html", "a")])) == .init(written: 1))
    }

    @Test func neverReplacesAFileItDidNotWrite() throws {
        let out = try temporaryFolder()
        _ = try SiteWriter(folder: out).write(files([("index.md", "x")]))
        try Data("my notes".utf8).write(to: out.appending(path: "readme.md"))
        #expect(throws: OutputError(.notOurs, path: out.appending(path: "readme.md").path)) {
            try SiteWriter(folder: out).write(files([("index.md", "x"), ("readme.md", "generated")]))
        }
        #expect(text(out.appending(path: "readme.md")) == "my notes")
        #expect(try SiteWriter(folder: out).write(files([("index.md", "x"), ("readme.md", "my notes")])).unchanged == 2, "its own bytes may stay")
    }
}

/// A folder records which command wrote it, and the other command refuses it before touching anything.
@Suite struct FolderKindTests {
    func temporaryFolder() throws -> URL { try TemporaryFolder.make("kind") }

    @Test func theManifestRecordsTheKindAndTheOtherKindIsRefused() throws {
        let site = try temporaryFolder().appending(path: "site")
        _ = try SiteWriter(folder: site, kind: .site).write([("index.html", Data("a".utf8)), ("workflows/1-x.html", Data("b".utf8))])
        let manifest = try String(contentsOf: site.appending(path: SiteWriter.manifestName), encoding: .utf8)
        #expect(manifest.hasPrefix(Manifest.header + Manifest.version + "# kind: site\n"))
        #expect(Manifest(text: manifest)?.kind == .site)
        #expect(throws: OutputError(.ownedByOther(owner: .site, wanted: .workflows), path: site.standardizedFileURL.path)) {
            _ = try SiteWriter(folder: site, kind: .workflows).write([("a.md", Data("x".utf8))])
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: site.path).sorted() == [SiteWriter.manifestName, "index.html", "workflows"])
        // The same kind, and a writer that does not say (tests, tools), still write there.
        #expect(try SiteWriter(folder: site, kind: .site).write([("index.html", Data("a".utf8))]).removed == 1)
    }

    @Test(arguments: [
        ([String](), nil as FolderKind?), (["index.html"], .site), (["stats.json", "index.md"], .site), (["workflows/1-x.md"], .site),
        (["triage.md", "digest.md", "workflow.schema.json"], .workflows), (["notes.txt"], nil),
    ])
    func anOlderManifestIsReadByItsContents(_ paths: [String], _ kind: FolderKind?) {
        #expect(FolderKind.inferred(fromPaths: paths) == kind)
        var manifest = Manifest()
        for path in paths { manifest.entries[path] = .init(size: 1, modified: 1, hash: 1) }
        #expect(Manifest(text: manifest.text)?.owner == kind)
    }
}

/// The manifest is read byte by byte (a line per file, on every render); it must read exactly as the definition:
/// lines split on newline bytes (empty ones skipped), comment lines skipped, four fields or a bare v1 path, paths with no
/// empty, `.` or `..` part and no control character.
@Suite struct ManifestReadingTests {
    static func definitionIsValid(_ path: String) -> Bool {
        guard !path.isEmpty, !path.hasPrefix("/"), path != SiteWriter.manifestName, path != SiteWriter.stateName,
              !path.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F })
        else { return false }
        return path.split(separator: "/", omittingEmptySubsequences: false).allSatisfy { $0 != ".." && $0 != "." && !$0.isEmpty }
    }

    static func definitionEntries(_ text: String) -> [String: Manifest.Entry] {
        var entries: [String: Manifest.Entry] = [:]
        // Lines are bytes between newline bytes: "\r\n" is one Character, but the manifest is not a text for people.
        for line in text.utf8.split(separator: UInt8(ascii: "\n")).map(Substring.init).dropFirst() where !line.hasPrefix("#") {
            let fields = line.split(separator: " ", maxSplits: 3, omittingEmptySubsequences: false)
            let path = fields.count == 4 ? String(fields[3]) : String(line)
            guard definitionIsValid(path) else { continue }
            if fields.count == 4, let size = Int64(fields[0]), let modified = Int64(fields[1]), let hash = UInt64(fields[2], radix: 16) {
                entries[path] = .init(size: size, modified: modified, hash: hash)
            } else {
                entries[path] = .init(size: -1, modified: -1, hash: 0)
            }
        }
        return entries
    }

    @Test func generatedLinesReadAsTheDefinitionReadsThem() {
        let pieces = ["a", "index.html", "/", ".", "..", "...", " ", "\t", "\u{7F}", "\u{1}", "é", "-", "12", "ff", "FF", "-3", "#",
                      "99999999999999999999", SiteWriter.manifestName, "\n", "\r"]
        var random = SeededRandom(seed: 7)
        for _ in 0..<400 {
            let lines = (0..<Int.random(in: 0...12, using: &random)).map { _ in
                (0..<Int.random(in: 0...8, using: &random)).map { _ in pieces.randomElement(using: &random)! }.joined()
            }
            let text = Manifest.header + Manifest.version + lines.joined(separator: "\n")
            #expect(Manifest(text: text)?.entries == Self.definitionEntries(text), "\(text.debugDescription)")
            for line in lines { #expect(Manifest.isValidPath(line) == Self.definitionIsValid(line), "\(line.debugDescription)") }
        }
    }
}
