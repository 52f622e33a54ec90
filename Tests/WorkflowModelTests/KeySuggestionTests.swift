import Foundation
import Testing
import WorkflowModel

@Suite struct KeySuggestionTests {
    static var topLevelKeys: [String] { topLevel }
    static let topLevel = ["id", "name", "owner", "description", "trigger", "conditions", "actions"]

    @Test(arguments: [
        ("conditons", "conditions"), ("condition", "conditions"), ("Trigger", "trigger"), ("acitons", "actions"),
        ("descripton", "description"), ("owners", "owner"), ("nmae", "name"),
    ])
    func suggestsTheKeyATypoMeant(_ typo: String, _ meant: String) {
        #expect(KeySuggestion.closest(to: typo, among: Self.topLevel) == meant)
    }

    @Test(arguments: ["team", "tags", "version", "notes", "if", "x", "labels", "priority", "id", "name"])
    func leavesDeliberateKeysAlone(_ key: String) {
        #expect(KeySuggestion.closest(to: key, among: Self.topLevel) == nil)
    }

    @Test func foldsCaseAndSeparatorsAndCountsASwapAsOneEdit() {
        #expect(KeySuggestion.closest(to: "time_zone", among: ["type", "cron", "timezone"]) == "timezone")
        #expect(KeySuggestion.closest(to: "timeZone", among: ["type", "cron", "timezone"]) == "timezone")
        #expect(KeySuggestion.closest(to: "ID", among: Self.topLevelKeys) == "id")
        #expect(KeySuggestion.closest(to: "if", among: Self.topLevelKeys) == nil)
        #expect(KeySuggestion.editDistance("tiemzone", "timezone") == 1)
        #expect(KeySuggestion.editDistance("argments", "arguments") == 1)
        #expect(KeySuggestion.editDistance("", "abc") == 3)
        #expect(KeySuggestion.closest(to: "Europe/Berln", among: CronSchedule.knownTimeZones) == "Europe/Berlin")
    }
}

/// `CronSchedule.pattern` (the schema's cron rule) against the parser itself, over many generated expressions:
/// wherever the pattern matches, the parser reads the text, and wherever the parser reads it, the pattern matches.
/// The one known gap, a backwards range, is generated on purpose and allowed only in that direction.
@Suite struct CronPatternTests {
    @Test func agreesWithTheParserOnGeneratedExpressions() throws {
        let regex = try NSRegularExpression(pattern: CronSchedule.pattern)
        func matches(_ text: String) -> Bool {
            regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
        }
        var random = SeededRandom(seed: 26)
        let atoms = ["*", "0", "1", "5", "7", "9", "12", "13", "23", "24", "25", "31", "32", "59", "60", "00", "007", "+5", "-1",
                     "JAN", "dec", "Feb", "FOO", "MON", "sun", "SAT", "Fry", "", "x", "1.5"]
        func item() -> String {
            var text = atoms[random.below(atoms.count)]
            if random.below(3) == 0 { text += "-" + atoms[random.below(atoms.count)] }
            if random.below(4) == 0 { text += "/" + ["0", "1", "2", "15", "x", ""][random.below(6)] }
            return text
        }
        func field() -> String { (0..<(1 + random.below(3))).map { _ in item() }.joined(separator: ",") }
        var accepted = 0, refused = 0, backwards = 0
        for _ in 0..<20_000 {
            let count = [5, 5, 5, 5, 4, 6][random.below(6)]
            let separator = [" ", "  ", "\t"][random.below(3)]
            var text = (0..<count).map { _ in field() }.joined(separator: separator)
            if random.below(20) == 0 { text = ["@daily", "@HOURLY", "@dayly", "@weekly ", " @monthly", "@ yearly"][random.below(6)] }
            do {
                _ = try CronSchedule(text)
                #expect(matches(text), "the parser reads '\(text)' but the pattern refuses it")
                accepted += 1
            } catch {
                if matches(text) {
                    // Allowed only for a range that runs backwards, which no regular expression of this size can see.
                    #expect("\(error)".contains("runs backwards"), "the pattern accepts '\(text)' but the parser says: \(error)")
                    backwards += 1
                } else {
                    refused += 1
                }
            }
        }
        #expect(accepted > 500 && refused > 5_000, "accepted \(accepted), refused \(refused), backwards \(backwards)")
        // The gap, named: the pattern cannot see that a range runs backwards; the parser (and import) refuses it.
        #expect(matches("0 9 * * 5-1") && (try? CronSchedule("0 9 * * 5-1")) == nil)
    }
}
