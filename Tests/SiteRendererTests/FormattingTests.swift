import Testing
@testable import SiteRenderer

@Suite struct FormattingTests {
    @Test func anExcerptIsOneLineWithinTheLimitWhateverTheInput() {
        #expect(Formatting.excerpt("short\nmessage") == "short message")
        #expect(Formatting.excerpt(String(repeating: "ab\n", count: 2_000_000), limit: 10) == "ab ab ab …")
        #expect(Formatting.excerpt(String(repeating: "\n", count: 500) + "tail", limit: 10) == "…", "more text than was looked at is marked")
        #expect(Formatting.excerpt(String(repeating: "é", count: 10), limit: 10) == String(repeating: "é", count: 10))
    }

    @Test func aHugeDescriptionIsCutAtALineBreakWithANote() {
        let text = String(repeating: "line of text\n", count: 100_000)  // 1.3 million characters
        let shown = Formatting.shownDescription(text, limit: 1_000)
        #expect(shown.text.count <= 1_000 && shown.text.count > 900 && shown.text.hasSuffix("line of text"))
        #expect(shown.note == "The description is 1,300,000 characters long; the first \(Formatting.count(shown.text.count)) are shown. `flowsite export` writes it in full.")
        #expect(Formatting.shownDescription("small").note == nil)
    }
}
