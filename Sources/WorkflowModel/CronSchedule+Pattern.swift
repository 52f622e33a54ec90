extension CronSchedule {
    /// A regular expression (the subset ECMA-262, ICU and Python agree on) that matches the cron texts this parser
    /// reads, field ranges and names included, for the workflow file's JSON Schema: an editor flags `0 25 * * *`
    /// as the import does. Two things the parser refuses are beyond it: a range that runs backwards (`5-1`) and a
    /// step too large for an integer.
    public static var pattern: String {
        let space = "[ \\t]"
        let step = "(?:/\\+?0*[1-9][0-9]*)?"
        func field(_ number: String, names: [String] = []) -> String {
            let value = "(?:\\+?0*(?:\(number))" + names.map { "|" + caseless($0) }.joined() + ")"
            let item = "(?:\\*|\(value)(?:-\(value))?)\(step)"
            return "\(item)(?:,\(item))*"
        }
        let fields = [
            field("[1-5]?[0-9]"),
            field("1?[0-9]|2[0-3]"),
            field("[1-9]|[12][0-9]|3[01]"),
            field("[1-9]|1[0-2]", names: monthNames),
            field("[0-7]", names: weekdayNames),
        ]
        let aliases = aliases.keys.sorted().map(caseless).joined(separator: "|")
        return "^\(space)*(?:\(aliases)|\(fields.joined(separator: "\(space)+")))\(space)*$"
    }

    /// `[Jj][Aa][Nn]`: JSON Schema patterns have no case-insensitive flag.
    private static func caseless(_ word: String) -> String {
        word.map { character in
            let lower = character.lowercased(), upper = character.uppercased()
            return lower == upper ? String(character) : "[\(upper)\(lower)]"
        }.joined()
    }
}
