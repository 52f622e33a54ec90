import Foundation
import Redaction
import Testing
import WorkflowMarkdown
import WorkflowModel

/// Objects and mappings cost time in proportion to their keys everywhere a file or a stored definition passes:
/// 20,000 front-matter keys took 27 s to import (a scan per key) and now take well under a second. Each case times
/// 10,000 and 40,000 keys (the best of three runs each, against a shared machine's noise) and bounds the ratio, not
/// the time.
@Suite struct LinearInKeysTests {
    /// Linear work gives about 4 and a scan per key 16; 10 leaves room for a shared machine and for allocators.
    static let maximumRatio = 10.0

    static func bestOfThree(_ work: () -> Void) -> Double {
        (0..<3).map { _ in
            let start = DispatchTime.now().uptimeNanoseconds
            work()
            return Double(DispatchTime.now().uptimeNanoseconds - start)
        }.min()!
    }

    static func expectLinear(_ name: String, _ work: (Int) -> Void) {
        let small = bestOfThree { work(10_000) }, large = bestOfThree { work(40_000) }
        #expect(large / small < maximumRatio, "\(name): 40,000 keys took \(String(format: "%.1f", large / small)) × the time of 10,000")
    }

    static func object(_ count: Int) -> JSONValue {
        .object((0..<count).map { .init("key_\($0)", .object([.init("api_key", .string("secret-\($0)")), .init("n", .integer(Int64($0)))])) })
    }

    @Test func frontMatterKeys() {
        Self.expectLinear("front matter") { count in
            var text = "---\nname: Many keys\ntrigger:\n  type: manual\nactions:\n- integration: github.com/acme/x-mcp\n  tool: t\n"
            for index in 0..<count { text += "x\(index): \(index)\n" }  // 40,000 keys stay under the 1 MiB file limit
            text += "---\nBody.\n"
            let parsed = WorkflowFileParser().parse(Data(text.utf8), path: "w.md")
            #expect(parsed.errors.isEmpty && parsed.candidate != nil, "\(parsed.errors.prefix(3))")
        }
    }

    @Test func jsonParseAndWrite() {
        Self.expectLinear("JSON") { count in
            let text = JSONWriter.python.write(Self.object(count))
            #expect((try? JSONParser.parse(text))?.objectMembers?.count == count)
        }
    }

    @Test func redaction() {
        Self.expectLinear("redaction") { count in
            let masked = SecretRedactor().redact(Self.object(count))
            #expect(masked.objectMembers?.first?.value["api_key"] == .string(SecretRedactor.mask))
        }
    }

    @Test func exportedFile() {
        Self.expectLinear("export") { count in
            let document = WorkflowDocument(id: 1, name: "Many keys", owner: "alice", description: nil,
                                            definition: .value(.object([.init("trigger", Self.object(count / 4))])), body: "Body.\n")
            #expect((try? WorkflowFileWriter().write(document))?.contains("key_\(count / 4 - 1)") == true)
        }
    }
}
