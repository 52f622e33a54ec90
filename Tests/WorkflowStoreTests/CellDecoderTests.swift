import Testing
@testable import WorkflowStore

/// The run stream's fast path for text: it may only take what `CellDecoder.text` would take without a finding.
@Suite struct CellDecoderTests {
    static func plain(_ bytes: [UInt8]) -> String? { bytes.withUnsafeBufferPointer(CellDecoder.plainText) }

    @Test func takesValidTextWithoutAReplacementCharacter() {
        #expect(Self.plain(Array("Timeout after 30s".utf8)) == "Timeout after 30s")
        #expect(Self.plain(Array("zoë 李雷 ☕".utf8)) == "zoë 李雷 ☕")
        #expect(Self.plain([]) == "")
    }

    /// Invalid UTF-8, and text holding U+FFFD or any other character starting with 0xEF, go to the decoder, which
    /// records the invalid ones as findings.
    @Test func leavesEverythingElseToTheDecoder() {
        #expect(Self.plain([0x62, 0x6F, 0xFF, 0x6F, 0x6D]) == nil)
        #expect(Self.plain([0xC3]) == nil)
        #expect(Self.plain(Array("a \u{FFFD} b".utf8)) == nil)
        #expect(Self.plain(Array("\u{F8FF}".utf8)) == nil)
    }
}
