/// Text from the database placed inside one line of Markdown (a list item or a table cell of the GitHub job summary),
/// so that no value can open a heading, a table row, a list, a link, an image, emphasis, a code span or raw HTML:
/// line breaks become spaces, ASCII punctuation Markdown gives meaning to is backslash-escaped (CommonMark lets any
/// ASCII punctuation be escaped) and `<` `>` `&` become entities. The text reads the same once rendered.
public enum MarkdownInline {
    public static func escape(_ text: String) -> String {
        var output = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\n", "\r", "\u{0B}", "\u{0C}", "\u{85}", "\u{2028}", "\u{2029}": output.append(" ")
            case "<": output.append(contentsOf: "&lt;".unicodeScalars)
            case ">": output.append(contentsOf: "&gt;".unicodeScalars)
            case "&": output.append(contentsOf: "&amp;".unicodeScalars)
            case "\\", "`", "*", "_", "{", "}", "[", "]", "(", ")", "#", "+", "-", ".", "!", "|", "~", "=", ":", "\"", "'", "$":
                output.append("\\")
                output.append(scalar)
            default:
                // Other controls (NUL, ESC, DEL, C1) say nothing to a reader and may confuse a renderer.
                if scalar.value < 0x20 && scalar != "\t" || (0x7F...0x9F).contains(scalar.value) {
                    output.append(contentsOf: "\\u{\(String(scalar.value, radix: 16, uppercase: true))}".unicodeScalars)
                } else {
                    output.append(scalar)
                }
            }
        }
        return String(output)
    }
}
