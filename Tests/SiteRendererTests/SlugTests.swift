import Escaping
import Testing
@testable import SiteRenderer
import WorkflowMarkdown

/// One slug rule serves page file names (`Formatting.slug`, 60 characters) and exported workflow files
/// (`WorkflowFileWriter.slug`, 80 characters); their cuts and fallbacks differ, the rule does not.
@Suite struct SlugTests {
    @Test(arguments: [
        ("Triage new bug reports", "triage-new-bug-reports"),
        ("Résumé quotidien ☕", "resume-quotidien"),
        ("  --Hello__World!! ", "hello-world"),
        ("Invoice → Notion #2", "invoice-notion-2"),
        ("Ørsted 2026", "rsted-2026"),
        ("李雷", ""),
        ("", ""),
    ])
    func keepsASCIILettersAndDigitsAndJoinsTheRestWithOneDash(text: String, expected: String) {
        #expect(Slug.ascii(text) == expected)
    }

    @Test func pageSlugsCutAtSixtyButNeverRightAfterADash() {
        let sixtyLetters = String(repeating: "a", count: 60)
        #expect(Formatting.slug(sixtyLetters + "b") == sixtyLetters)
        let fiftyNine = String(repeating: "a", count: 59)
        #expect(Formatting.slug(fiftyNine + " bc") == fiftyNine + "-b")
        #expect(Formatting.slug("☕", fallback: "workflow") == "workflow")
    }

    @Test func workflowFileSlugsCutAtEightyAndAreNeverEmpty() {
        #expect(WorkflowFileWriter.slug(String(repeating: "x", count: 100)) == String(repeating: "x", count: 80))
        #expect(WorkflowFileWriter.slug("李雷") == "workflow")
    }
}
