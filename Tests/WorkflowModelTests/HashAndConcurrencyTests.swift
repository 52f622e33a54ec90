import Testing
@testable import WorkflowModel

@Suite struct FNV1a64Tests {
    /// Published FNV-1a 64 test vectors: fold files and page fingerprints depend on these exact values.
    @Test(arguments: [("", 0xcbf2_9ce4_8422_2325 as UInt64), ("a", 0xaf63_dc4c_8601_ec8c), ("foobar", 0x8594_4171_f739_67e8)])
    func matchesThePublishedVectors(_ text: String, _ expected: UInt64) {
        var stream = FNV1a64()
        stream.add(text.utf8)
        #expect(stream.value == expected)
    }

    /// A string's own storage (the fast path) and a byte at a time (any sequence) give the same value.
    @Test func aStringsStorageHashesAsItsBytesOneByOne() {
        var random = SeededRandom(seed: 3)
        let pieces = ["a", "é", "🙂", "\u{0}", " ", "long text that is not a small string ", "日本"]
        for _ in 0..<500 {
            let text = (0..<Int.random(in: 0...30, using: &random)).map { _ in pieces.randomElement(using: &random)! }.joined()
            var fast = FNV1a64(), slow = FNV1a64()
            fast.add(text.utf8)
            slow.add(Array(text.utf8).lazy.map { $0 })
            #expect(fast.value == slow.value)
        }
    }
}

@Suite struct ConcurrentMapTests {
    @Test(arguments: [0, 1, 2, 63, 64, 65, 1_000, 10_007])
    func givesMapsResultsInOrder(_ count: Int) {
        let items = Array(0..<count)
        #expect(items.concurrentMap { $0 * 3 + 1 } == items.map { $0 * 3 + 1 })
        #expect(items.concurrentMap { "item \($0)" } == items.map { "item \($0)" })
    }
}
