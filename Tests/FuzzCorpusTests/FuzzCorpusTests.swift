import Foundation
import Testing
import FuzzChecks

/// Replays every committed fuzzer input (seeds and any crash the fuzzer found) through the fuzzer's checks.
@Suite struct FuzzCorpusTests {
    static let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appending(path: "Fuzz/corpus")

    static var inputs: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: corpus.path)) ?? []).filter { !$0.hasPrefix(".") }.sorted()
    }

    @Test func theCorpusIsThere() {
        #expect(Self.inputs.count >= 10)
    }

    @Test(arguments: inputs)
    func replays(_ name: String) throws {
        FuzzChecks.run(try Data(contentsOf: Self.corpus.appending(path: name)))
    }
}
