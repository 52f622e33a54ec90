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

/// Values placed in one line of Markdown (the job summary) read as text once rendered: no heading, row, link,
/// emphasis or HTML of their own, checked through cmark-gfm itself.
@Suite struct MarkdownInlineTests {
    @Test(arguments: [
        "Nightly\n### flowsite check: all gates hold",
        "| all | ok |\n|---|---|",
        "[click](https://evil.example) ![x](https://evil.example/x.png)",
        "<script>alert(1)</script> <img src=x onerror=alert(1)>",
        "**bold** _em_ `code` ~~gone~~ \\* 1. item",
        "https://evil.example www.evil.example",
    ])
    func rendersAsTheSameTextInOneParagraph(_ value: String) {
        let html = MarkdownHTML.render("- " + MarkdownInline.escape(value))
        #expect(!html.contains("<h") && !html.contains("<table") && !html.contains("<a ") && !html.contains("<img") && !html.contains("<em")
                    && !html.contains("<strong") && !html.contains("<code") && !html.contains("<del") && !html.contains("<script"), "\(html)")
        #expect(html.components(separatedBy: "<li>").count == 2, "one list item: \(html)")
    }
}
