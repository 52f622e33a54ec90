/// "Did you mean …?" for keys and names: the closest known word within a small edit distance, so a typo such as
/// `conditons:` or `Europe/Berln` is named with its fix instead of being kept silently as something else.
public enum KeySuggestion {
    /// The known word closest to `word`, when it is close enough to be a typo of it: compared case-insensitively
    /// with `_` and `-` ignored (`timeZone`, `time_zone`), at most one edit for words of up to five characters and two
    /// for longer ones (a transposition counts as one edit). Words of one or two characters are matched only up to
    /// case (`ID`): `id` and `if` are one edit apart and both deliberate. Ties go to the first known word in the list.
    public static func closest(to word: String, among known: [String]) -> String? {
        let folded = fold(word)
        guard !known.contains(word) else { return nil }
        // The same word in other case or with separators (`ID`, `timeZone`) is meant whatever its length.
        if let same = known.first(where: { fold($0) == folded }) { return same }
        guard folded.count >= 3 else { return nil }
        var best: (word: String, distance: Int)?
        for candidate in known {
            let distance = editDistance(folded, fold(candidate))
            let allowed = min(folded.count, candidate.count) <= 5 ? 1 : 2
            if distance <= allowed, distance < (best?.distance ?? .max) { best = (candidate, distance) }
        }
        return best?.word
    }

    private static func fold(_ word: String) -> [Character] {
        Array(word.lowercased().filter { $0 != "_" && $0 != "-" })
    }

    /// Optimal string alignment distance: insertions, deletions, substitutions and swaps of neighbours, each one edit.
    public static func editDistance(_ left: String, _ right: String) -> Int {
        editDistance(Array(left), Array(right))
    }

    static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previousRow: [Int] = []
        var row = Array(0...b.count)
        for i in 1...a.count {
            let beforePrevious = previousRow
            previousRow = row
            row = [i] + Array(repeating: 0, count: b.count)
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                row[j] = min(previousRow[j] + 1, row[j - 1] + 1, previousRow[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    row[j] = min(row[j], beforePrevious[j - 2] + 1)
                }
            }
        }
        return row[b.count]
    }
}
