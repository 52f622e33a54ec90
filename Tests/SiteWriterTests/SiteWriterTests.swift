import Foundation
import Testing
@testable import SiteWriter

@Suite struct SiteWriterTests {
    func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appending(path: "flowsite-writer-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

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
}
