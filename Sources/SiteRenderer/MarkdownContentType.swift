import Mustache

/// `{{% CONTENT_TYPE: MARKDOWN}}` in `.md` templates: values are escaped for Markdown (so a workflow named
/// `*urgent* | <b>` prints as written, and a table row stays one row), as `.html` templates escape HTML.
/// Only characters that act mid-line are escaped; templates never start a line with a value.
struct MarkdownContentType: MustacheContentType {
    static let registerOnce: Void = MustacheContentTypes.register(MarkdownContentType(), named: "MARKDOWN")

    func escapeText(_ text: String) -> String {
        var output = ""
        output.reserveCapacity(text.count)
        for character in text {
            switch character {
            case "\\", "`", "*", "_", "[", "]", "|", "~":
                output.append("\\")
                output.append(character)
            case "<": output += "&lt;"
            case ">": output += "&gt;"
            case "&": output += "&amp;"
            case "\n", "\r", "\r\n": output += " "
            default: output.append(character)
            }
        }
        return output
    }
}
