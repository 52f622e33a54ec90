import Dispatch
import Foundation
import Testing
import Escaping

@Suite struct MarkdownHTMLTests {
    @Test func rendersGFMAndDropsRawHTML() {
        let html = MarkdownHTML.render("~~old~~ **new** https://example.com\n\n- [x] done\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n<script>alert(1)</script>\n\n[x](javascript:alert(2))")
        #expect(html.contains("<del>old</del>"))
        #expect(html.contains("<a href=\"https://example.com\">https://example.com</a>"))
        #expect(html.contains("type=\"checkbox\" checked=\"\" disabled=\"\""))
        #expect(html.contains("<table>"))
        #expect(!html.contains("<script>"))
        #expect(!html.contains("javascript:"))
    }

    /// Regression: in parallel renders, strikethrough was sometimes left as `~~text~~` (cmark-gfm's global table).
    @Test func givesTheSameHTMLFromManyThreadsAtOnce() {
        let source = "~~Forward to accounting~~ (they read *Notion* now) and ~~more~~ text, https://example.com"
        let expected = MarkdownHTML.render(source)
        let results = Results()
        DispatchQueue.concurrentPerform(iterations: 2000) { _ in results.add(MarkdownHTML.render(source)) }
        #expect(results.distinct == [expected])
    }

    private final class Results: @unchecked Sendable {
        private var seen = Set<String>()
        private let lock = NSLock()
        func add(_ html: String) { lock.lock(); seen.insert(html); lock.unlock() }
        var distinct: Set<String> { lock.lock(); defer { lock.unlock() }; return seen }
    }
}
