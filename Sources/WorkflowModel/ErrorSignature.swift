import Foundation

/// An error message with what varies between occurrences taken out, so "timeout after 31 s on run 8812" and
/// "timeout after 30 s on run 9001" count as one problem, while what tells two problems apart stays.
///
/// The line that names the error: for a Python traceback the exception line at its end (`KeyError: 'id'`, the last
/// one when exceptions are chained), for a Java trace its deepest `Caused by:`, otherwise the first line (a Node
/// stack trace starts with its exception line).
///
/// Replaced, in this order: UUIDs (`<uuid>`), ISO and RFC 2822 dates and times (`<time>`), e-mail addresses
/// (`<email>`), quoted values (`<value>`), paths and URLs (`<path>`, `<url>`), hex ids of 8 or more digits and short
/// git SHAs (7 or more, with a digit and a letter) (`<hex>`), durations with a unit (`119ms`, `30 s`: `<duration>`),
/// numbers (`<n>`), also when glued to a word by `_` or `-` (`user_6123`) or four or more long after letters
/// (`job12345`). Kept: numbers that say which error it is — an HTTP status (`status code 404`, `HTTP 500`), an exit
/// code or status (`exit 137`), a signal (`signal 9`, `SIGKILL`), an errno — and short version-like tokens (`v1`,
/// `step2`, `sha256`). Runs of spaces become one.
public enum ErrorSignature {
    public static func of(_ message: String) -> String {
        let characters = Array(headline(message).unicodeScalars)
        var output = String.UnicodeScalarView()
        var index = 0
        func isWordScalar(_ scalar: Unicode.Scalar) -> Bool { scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == "_" }
        func append(_ text: String) { output.append(contentsOf: text.unicodeScalars) }
        let previousIsWord = { (position: Int) -> Bool in position > 0 && isWordScalar(characters[position - 1]) }
        while index < characters.count {
            let scalar = characters[index]
            let rest = characters[index...]
            if let length = uuidLength(rest), !previousIsWord(index) {
                append("<uuid>"); index += length; continue
            }
            if let length = dateTimeLength(rest) ?? rfc2822Length(rest), !previousIsWord(index) {
                append("<time>"); index += length; continue
            }
            if let length = emailLength(rest), !previousIsWord(index) {
                append("<email>"); index += length; continue
            }
            if scalar == "\"" || scalar == "'" || scalar == "`" {
                if let close = characters[(index + 1)...].firstIndex(of: scalar), close - index <= 200 {
                    append("<value>"); index = close + 1; continue
                }
            }
            if let length = urlLength(rest), !previousIsWord(index) {
                append("<url>"); index += length; continue
            }
            if scalar == "/" || (scalar == "~" && index + 1 < characters.count && characters[index + 1] == "/"), !previousIsWord(index) {
                var end = index + 1
                while end < characters.count, !Self.endsPath(characters[end]) { end += 1 }
                // Punctuation ending a sentence or a label is not part of the path.
                while end - index > 1, [":", ".", ","].contains(characters[end - 1]) { end -= 1 }
                if end - index > 1 { append("<path>"); index = end; continue }
            }
            if !previousIsWord(index) || ["_", "-"].contains(characters[index - 1]), let length = hexLength(rest) {
                append("<hex>"); index += length; continue
            }
            if ("0"..."9").contains(scalar) {
                let glued = previousIsWord(index) && !("0"..."9").contains(characters[index - 1])
                var end = index
                while end < characters.count, ("0"..."9").contains(characters[end]) || (characters[end] == "." && end + 1 < characters.count && ("0"..."9").contains(characters[end + 1])) { end += 1 }
                let digits = end - index
                if !glued, let unit = durationUnitLength(characters[end...]) {
                    append("<duration>"); index = end + unit; continue
                }
                let endsWord = end == characters.count || !isWordScalar(characters[end])
                let separated = index > 0 && (characters[index - 1] == "_" || characters[index - 1] == "-") && index > 1 && isWordScalar(characters[index - 2])
                if endsWord, !glued || separated || digits >= 4, !keepsNumber(String(String.UnicodeScalarView(characters[index..<end])), after: output) {
                    append("<n>"); index = end; continue
                }
                output.append(contentsOf: characters[index..<end]); index = end; continue
            }
            if scalar == " " || scalar == "\t" {
                if output.last != " " { output.append(" ") }
                index += 1
                continue
            }
            output.append(scalar)
            index += 1
        }
        return String(output).trimmingCharacters(in: .whitespaces)
    }

    /// The line that names the error (see the type's comment).
    static func headline(_ message: String) -> String {
        let lines = message.split(omittingEmptySubsequences: true, whereSeparator: { $0 == "\n" || $0 == "\r" })
            .filter { !$0.allSatisfy { $0 == " " || $0 == "\t" } }
        guard let first = lines.first else { return "" }
        guard lines.count > 1 else { return String(first) }
        let isIndented = { (line: Substring) in line.first == " " || line.first == "\t" }
        if lines.contains(where: { $0.hasPrefix("Traceback (most recent call last)") }),
           let exception = lines.last(where: { !isIndented($0) && !$0.hasPrefix("Traceback (") && !$0.hasPrefix("During handling of")
                   && !$0.hasPrefix("The above exception") && !$0.hasPrefix("^") })
        {
            return String(exception)
        }
        if let cause = lines.last(where: { $0.trimmedWhitespace.hasPrefix("Caused by: ") }) {
            return String(cause.trimmedWhitespace.dropFirst("Caused by: ".count))
        }
        // `Exception in thread "main" java.lang.IllegalStateException: …`: the thread is not the error.
        if first.hasPrefix("Exception in thread "), let close = first.dropFirst(21).firstIndex(of: "\"") {
            return String(first[first.index(after: close)...]).trimmedWhitespace
        }
        return String(first)
    }

    /// Words after which a number names the error rather than an occurrence: `status code 404`, `HTTP 500`,
    /// `exit 137`, `exit code 1`, `signal 9`, `errno 111`.
    static let identifyingWords: Set<String> = ["code", "status", "http", "exit", "signal", "errno", "statuscode", "status_code"]

    /// Words after which an HTTP status (100-599) is likely: `API returned 502`, `server responded 429`.
    static let responseWords: Set<String> = ["returned", "responded", "response", "got", "with"]

    private static func keepsNumber(_ digits: String, after output: String.UnicodeScalarView) -> Bool {
        guard let word = lastWord(of: output) else { return false }
        if identifyingWords.contains(word) { return true }
        return responseWords.contains(word) && digits.count == 3 && (100...599).contains(Int(digits) ?? 0)
    }

    /// The word just before a number, across a space, `:` or `=` (`status: 404`, `code=1`).
    private static func lastWord(of output: String.UnicodeScalarView) -> String? {
        var words: [String] = []
        var current = String.UnicodeScalarView()
        for scalar in output.reversed() {
            if scalar.properties.isAlphabetic || scalar == "_" {
                current.insert(scalar, at: current.startIndex)
            } else if scalar == " " || scalar == ":" || scalar == "=" || scalar == "/" || scalar == "." || ("0"..."9").contains(scalar) {
                if !current.isEmpty { words.append(String(current).lowercased()); current = .init() }
                if words.count == 1 || (scalar != " " && scalar != ":" && scalar != "=") { break }
            } else {
                break
            }
        }
        if !current.isEmpty { words.append(String(current).lowercased()) }
        return words.first
    }

    /// Units a duration is written with right after its number, with or without a space.
    static let durationUnits = ["ms", "us", "µs", "ns", "s", "sec", "secs", "second", "seconds", "m", "min", "mins", "minute", "minutes",
                                "h", "hr", "hrs", "hour", "hours", "d", "day", "days"]

    private static func durationUnitLength(_ text: ArraySlice<Unicode.Scalar>) -> Int? {
        var position = text.startIndex
        if position < text.endIndex, text[position] == " " { position += 1 }
        var end = position
        while end < text.endIndex, text[end].properties.isAlphabetic { end += 1 }
        guard end > position, end == text.endIndex || !(text[end].properties.isAlphabetic || ("0"..."9").contains(text[end]) || text[end] == "_"),
              durationUnits.contains(String(String.UnicodeScalarView(text[position..<end])).lowercased())
        else { return nil }
        // "30 s" and "30s", but "3 days ago" only with a unit that cannot be a word of the sentence: all of them are.
        return end - text.startIndex
    }

    /// `name@host.tld`.
    private static func emailLength(_ text: ArraySlice<Unicode.Scalar>) -> Int? {
        let local = { (s: Unicode.Scalar) in s.properties.isAlphabetic || ("0"..."9").contains(s) || ".%+-_".unicodeScalars.contains(s) }
        var position = text.startIndex
        while position < text.endIndex, local(text[position]) { position += 1 }
        guard position > text.startIndex, position < text.endIndex, text[position] == "@" else { return nil }
        position += 1
        let hostStart = position
        var lastDot: Int?
        while position < text.endIndex, text[position].properties.isAlphabetic || ("0"..."9").contains(text[position]) || text[position] == "-" || text[position] == "." {
            if text[position] == "." { lastDot = position }
            position += 1
        }
        while position > hostStart, text[position - 1] == "." { position -= 1 }
        guard let dot = lastDot, dot > hostStart, dot < position - 2 else { return nil }
        return position - text.startIndex
    }

    static let weekdayNames = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    static let monthNames = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// `Tue, 25 Nov 2026 10:00:00 GMT` (RFC 2822, as HTTP `Date:` headers and mail write it), the weekday optional,
    /// the zone a name or `+0000`.
    private static func rfc2822Length(_ text: ArraySlice<Unicode.Scalar>) -> Int? {
        let string = String(String.UnicodeScalarView(text.prefix(40)))
        var scanner = Substring(string)
        if weekdayNames.contains(where: { scanner.hasPrefix($0 + ", ") }) { scanner = scanner.dropFirst(5) }
        func take(digits range: ClosedRange<Int>) -> Bool {
            let count = scanner.prefix { $0.isASCII && $0.isNumber }.count
            guard range.contains(count) else { return false }
            scanner = scanner.dropFirst(count)
            return true
        }
        func take(_ literal: String) -> Bool {
            guard scanner.hasPrefix(literal) else { return false }
            scanner = scanner.dropFirst(literal.count)
            return true
        }
        guard take(digits: 1...2), take(" "), let month = monthNames.first(where: { scanner.hasPrefix($0) }), take(month), take(" "),
              take(digits: 4...4), take(" "), take(digits: 2...2), take(":"), take(digits: 2...2) else { return nil }
        if take(":") { guard take(digits: 2...2) else { return nil } }
        let beforeZone = scanner
        if take(" ") {
            if take("GMT") || take("UTC") || take("UT") || ((take("+") || take("-")) && take(digits: 4...4)) {} else { scanner = beforeZone }
        }
        return string.unicodeScalars.count - scanner.unicodeScalars.count
    }

    private static func endsPath(_ scalar: Unicode.Scalar) -> Bool {
        scalar == " " || scalar == "\t" || scalar == "," || scalar == ";" || scalar == ")" || scalar == "]" || scalar == ">" || scalar == "\"" || scalar == "'"
    }

    private static func isHex(_ scalar: Unicode.Scalar) -> Bool { ("0"..."9").contains(scalar) || ("a"..."f").contains(scalar) || ("A"..."F").contains(scalar) }

    /// 8-4-4-4-12 hex digits.
    private static func uuidLength(_ text: ArraySlice<Unicode.Scalar>) -> Int? {
        let groups = [8, 4, 4, 4, 12]
        var position = text.startIndex
        for (number, size) in groups.enumerated() {
            for _ in 0..<size {
                guard position < text.endIndex, isHex(text[position]) else { return nil }
                position += 1
            }
            if number < groups.count - 1 {
                guard position < text.endIndex, text[position] == "-" else { return nil }
                position += 1
            }
        }
        if position < text.endIndex, isHex(text[position]) { return nil }
        return position - text.startIndex
    }

    /// `2026-11-25`, optionally with `T`/space and `12:00`, seconds, fraction and zone.
    private static func dateTimeLength(_ text: ArraySlice<Unicode.Scalar>) -> Int? {
        let digits = { (scalar: Unicode.Scalar) in ("0"..."9").contains(scalar) }
        let pattern: [Character] = Array("dddd-dd-dd")
        var position = text.startIndex
        for expected in pattern {
            guard position < text.endIndex else { return nil }
            let scalar = text[position]
            guard expected == "d" ? digits(scalar) : Character(scalar) == expected else { return nil }
            position += 1
        }
        if position + 5 < text.endIndex + 1, position < text.endIndex, text[position] == "T" || text[position] == " " {
            var time = position + 1
            var matched = true
            for expected in Array("dd:dd") {
                guard time < text.endIndex, expected == "d" ? digits(text[time]) : Character(text[time]) == expected else { matched = false; break }
                time += 1
            }
            if matched {
                while time < text.endIndex, digits(text[time]) || text[time] == ":" || text[time] == "." || text[time] == "Z" || text[time] == "+" || (text[time] == "-" && time + 1 < text.endIndex && digits(text[time + 1])) {
                    time += 1
                }
                position = time
            }
        }
        return position - text.startIndex
    }

    private static func urlLength(_ text: ArraySlice<Unicode.Scalar>) -> Int? {
        guard let first = text.first, first == "h" || first == "H" else { return nil }
        let prefix = String(String.UnicodeScalarView(text.prefix(8))).lowercased()
        guard prefix.hasPrefix("http://") || prefix.hasPrefix("https://") else { return nil }
        var position = text.startIndex
        while position < text.endIndex, !endsPath(text[position]) { position += 1 }
        return position - text.startIndex
    }

    /// 8 or more hex digits with at least one digit (`deadbeef12`, `0x1f2e3d4c`), or a 7-digit git SHA with a digit and
    /// a letter (`a1b2c3d`); not a plain word.
    private static func hexLength(_ text: ArraySlice<Unicode.Scalar>) -> Int? {
        var position = text.startIndex
        if text.count > 2, text[position] == "0", text[position + 1] == "x" || text[position + 1] == "X" { position += 2 }
        let start = position
        var sawDigit = false
        while position < text.endIndex, isHex(text[position]) {
            if ("0"..."9").contains(text[position]) { sawDigit = true }
            position += 1
        }
        let sawLetter = text[start..<position].contains { !("0"..."9").contains($0) }
        guard sawDigit, position - start >= 8 || (position - start == 7 && sawLetter) else { return nil }
        if position < text.endIndex, text[position].properties.isAlphabetic || text[position] == "_" { return nil }
        return position - text.startIndex
    }
}
