import Testing
@testable import SiteRenderer
import WorkflowModel

@Suite struct FormattingTests {
    @Test func anExcerptIsOneLineWithinTheLimitWhateverTheInput() {
        #expect(Formatting.excerpt("short\nmessage") == "short message")
        #expect(Formatting.excerpt(String(repeating: "ab\n", count: 2_000_000), limit: 10) == "ab ab ab …")
        #expect(Formatting.excerpt(String(repeating: "\n", count: 500) + "tail", limit: 10) == "…", "more text than was looked at is marked")
        #expect(Formatting.excerpt(String(repeating: "é", count: 10), limit: 10) == String(repeating: "é", count: 10))
    }

    /// Short one-line ASCII is returned as it is without looking at characters; every other text takes the general
    /// path. Both must agree with the definition (lines joined by a space, cut with an ellipsis) on any text.
    @Test func theShortcutForPlainMessagesAgreesWithTheDefinition() {
        func definition(_ text: String, limit: Int) -> String {
            let head = text.prefix(limit * 2)
            let line = head.split(whereSeparator: \.isNewline).joined(separator: " ")
            guard line.count > limit || head.endIndex < text.endIndex else { return line }
            return String(line.prefix(limit - 1)) + "…"
        }
        let pieces = ["a", "Z", " ", "\n", "\r\n", "\r", "\u{0B}", "\u{0C}", "\u{85}", "\u{2028}", "é", "e\u{301}", "\t", "\u{7F}", "🙂", "xyz"]
        var random = SeededRandom(seed: 11)
        for _ in 0..<3_000 {
            let text = (0..<Int.random(in: 0...40, using: &random)).map { _ in pieces.randomElement(using: &random)! }.joined()
            let limit = Int.random(in: 2...30, using: &random)
            #expect(Formatting.excerpt(text, limit: limit) == definition(text, limit: limit), "\(text.debugDescription) at \(limit)")
        }
    }

    @Test func aHugeDescriptionIsCutAtALineBreakWithANote() {
        let text = String(repeating: "line of text\n", count: 100_000)  // 1.3 million characters
        let shown = Formatting.shownDescription(text, limit: 1_000)
        #expect(shown.text.count <= 1_000 && shown.text.count > 900 && shown.text.hasSuffix("line of text"))
        #expect(shown.note == "The description is 1,300,000 characters long; the first \(Formatting.count(shown.text.count)) are shown. `flowsite export` writes it in full.")
        #expect(Formatting.shownDescription("small").note == nil)
    }
}
