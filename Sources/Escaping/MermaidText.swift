/// Escaping for text inside Mermaid diagrams. Mermaid decodes `#name;` and `#123;` entity codes in labels, so every
/// character its grammar could misread (quotes, brackets, `#`, backticks that start Markdown strings, angle
/// brackets it would take as HTML, `%` that could start a `%%` comment) is written as a numeric code. Identifiers are never user text.
public enum MermaidText {
    /// For a quoted label: `a["…"]` in flowcharts, relationship labels and aliases in ER diagrams.
    public static func label(_ text: String, limit: Int = 80) -> String {
        var output = ""
        let clipped = text.count > limit ? String(text.prefix(limit - 1)) + "…" : text
        for scalar in clipped.unicodeScalars {
            switch scalar {
            case "\"", "#", "`", "<", ">", "&", "[", "]", "{", "}", "(", ")", "|", ";", "\\", "%":
                output += "#\(scalar.value);"
            case "\n", "\r", "\t":
                output += " "
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F || (0x2028...0x2029).contains(scalar.value) {
                    output += " "
                } else {
                    output.unicodeScalars.append(scalar)
                }
            }
        }
        return output
    }

    /// For places Mermaid allows only a bare word (ER attribute types and names): letters, digits, `_` and `-`.
    /// Other characters become one `_` per run, and none is left at either end, because Mermaid reads `_x_` as
    /// Markdown emphasis and draws it in italics. A leading digit or `-` gets `c_` before it.
    public static func word(_ text: String, fallback: String) -> String {
        var output = ""
        var pendingUnderscore = false
        for scalar in text.unicodeScalars {
            if scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == "-") {
                if pendingUnderscore && !output.isEmpty { output += "_" }
                pendingUnderscore = false
                output.unicodeScalars.append(scalar)
            } else {
                pendingUnderscore = true
            }
        }
        if output.isEmpty { return fallback }
        if let first = output.unicodeScalars.first, ("0"..."9").contains(first) || first == "-" { output = "c_" + output }
        return output
    }
}
