import Foundation

/// An error message with what varies between occurrences taken out, so "timeout after 31 s on run 8812" and
/// "timeout after 30 s on run 9001" count as one problem. Replaced, in this order: UUIDs (`<uuid>`), ISO dates and
/// times (`<time>`), quoted values (`<value>`), paths and URLs (`<path>`, `<url>`), hex ids of 8 or more digits
/// (`<hex>`), and numbers (`<n>`). Only the first line counts, so a traceback is known by its headline; runs of
/// spaces become one.
public enum ErrorSignature {
    public static func of(_ message: String) -> String {
        let firstLine = message.split(omittingEmptySubsequences: true, whereSeparator: { $0 == "\n" || $0 == "\r" }).first.map(String.init) ?? ""
        let characters = Array(firstLine.unicodeScalars)
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
            if let length = dateTimeLength(rest), !previousIsWord(index) {
                append("<time>"); index += length; continue
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
            if !previousIsWord(index), let length = hexLength(rest) {
                append("<hex>"); index += length; continue
            }
            if ("0"..."9").contains(scalar), !(previousIsWord(index) && !("0"..."9").contains(characters[index - 1])) {
                var end = index
                while end < characters.count, ("0"..."9").contains(characters[end]) || (characters[end] == "." && end + 1 < characters.count && ("0"..."9").contains(characters[end + 1])) { end += 1 }
                if end == characters.count || !isWordScalar(characters[end]) || ["s", "m", "h", "d"].contains(characters[end]) && (end + 1 == characters.count || !isWordScalar(characters[end + 1])) {
                    append("<n>"); index = end; continue
                }
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

    /// 8 or more hex digits with at least one digit (`deadbeef12`, `0x1f2e3d4c`), not a plain word.
    private static func hexLength(_ text: ArraySlice<Unicode.Scalar>) -> Int? {
        var position = text.startIndex
        if text.count > 2, text[position] == "0", text[position + 1] == "x" || text[position + 1] == "X" { position += 2 }
        let start = position
        var sawDigit = false
        while position < text.endIndex, isHex(text[position]) {
            if ("0"..."9").contains(text[position]) { sawDigit = true }
            position += 1
        }
        guard position - start >= 8, sawDigit else { return nil }
        if position < text.endIndex, text[position].properties.isAlphabetic || text[position] == "_" { return nil }
        return position - text.startIndex
    }
}
