/// Writes JSON in the exact dialect of the stack that owns a column, so rows flowsite writes read back
/// byte-compatible with the app's own: Python's `json.dumps` defaults, JavaScript's `JSON.stringify`, or an
/// indented form for people.
public struct JSONWriter: Sendable {
    /// Python `json.dumps(value)`: `", "` and `": "` separators, non-ASCII as `\uXXXX`, `NaN`/`Infinity` literals.
    public static let python = JSONWriter(itemSeparator: ", ", keySeparator: ": ", asciiOnly: true, indent: nil)
    /// JavaScript `JSON.stringify(value)` (Prisma): no spaces, UTF-8 as is.
    public static let compact = JSONWriter(itemSeparator: ",", keySeparator: ":", asciiOnly: false, indent: nil)
    /// Python's separators with UTF-8 kept as is: JSON re-written inside text that used `", "` and `": "`.
    public static let spaced = JSONWriter(itemSeparator: ", ", keySeparator: ": ", asciiOnly: false, indent: nil)
    /// Two-space indented, for reading: every control character (C0, DEL, C1) escaped, so the text is safe to send
    /// to a terminal as it is and stays valid JSON (a later pass rewriting controls would break the escapes).
    public static let pretty = JSONWriter(itemSeparator: ",", keySeparator: ": ", asciiOnly: false, indent: "  ", escapesAllControls: true)

    var itemSeparator: String
    var keySeparator: String
    var asciiOnly: Bool
    var indent: String?
    /// Also escape DEL and C1 (U+007F-U+009F), which JSON allows raw; the stacks' own dialects keep them raw.
    var escapesAllControls = false

    public func write(_ value: JSONValue) -> String {
        var output = ""
        write(value, into: &output, level: 0)
        return output
    }

    private func newline(_ output: inout String, level: Int) {
        guard let indent else { return }
        output += "\n" + String(repeating: indent, count: level)
    }

    private func write(_ value: JSONValue, into output: inout String, level: Int) {
        switch value {
        case .null: output += "null"
        case .bool(let flag): output += flag ? "true" : "false"
        case .integer(let number): output += String(number)
        case .double(let number): output += Self.format(number)
        case .string(let text): writeString(text, into: &output)
        case .array(let items):
            guard !items.isEmpty else { output += "[]"; return }
            output += "["
            for (position, item) in items.enumerated() {
                if position > 0 { output += itemSeparator }
                newline(&output, level: level + 1)
                write(item, into: &output, level: level + 1)
            }
            newline(&output, level: level)
            output += "]"
        case .object(let members):
            guard !members.isEmpty else { output += "{}"; return }
            output += "{"
            for (position, member) in members.enumerated() {
                if position > 0 { output += itemSeparator }
                newline(&output, level: level + 1)
                writeString(member.key, into: &output)
                output += keySeparator
                write(member.value, into: &output, level: level + 1)
            }
            newline(&output, level: level)
            output += "}"
        }
    }

    /// Python's `repr(float)` and Swift's `description` agree on the shortest round-tripping digits.
    static func format(_ number: Double) -> String {
        if number.isNaN { return "NaN" }
        if number.isInfinite { return number < 0 ? "-Infinity" : "Infinity" }
        return number.description
    }

    private func writeString(_ text: String, into output: inout String) {
        output += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case "\u{08}": output += "\\b"
            case "\u{0C}": output += "\\f"
            default:
                if scalar.value < 0x20 || (asciiOnly && scalar.value > 0x7F) || (escapesAllControls && (0x7F...0x9F).contains(scalar.value)) {
                    for unit in String(scalar).utf16 { output += "\\u" + Self.hex4(unit) }
                } else {
                    output.unicodeScalars.append(scalar)
                }
            }
        }
        output += "\""
    }

    private static func hex4(_ unit: UInt16) -> String {
        let digits = String(unit, radix: 16)
        return String(repeating: "0", count: 4 - digits.count) + digits
    }
}
