/// How `{{value}}` is escaped, per swift-mustache's `CONTENT_TYPE` pragma; the Markdown rules are
/// `MarkdownContentType`'s, applied to bytes.
enum TemplateEscaping: Sendable {
    case html, markdown, text

    init?(pragma name: String) {
        switch name {
        case "HTML": self = .html
        case "MARKDOWN": self = .markdown
        case "TEXT": self = .text
        default: return nil
        }
    }

    func append(_ text: String, to output: inout [UInt8]) {
        var text = text
        text.withUTF8 { bytes in
            switch self {
            case .text: output.append(contentsOf: bytes)
            case .html: Self.appendHTML(bytes, to: &output)
            case .markdown: Self.appendMarkdown(bytes, to: &output)
            }
        }
    }

    /// `<`, `>`, `&`, `"` and `'` as entities. Every byte is looked at: unlike a walk by Characters, a `<` followed by
    /// a combining mark is escaped too.
    static func appendHTML(_ bytes: UnsafeBufferPointer<UInt8>, to output: inout [UInt8]) {
        var start = 0
        for (position, byte) in bytes.enumerated() {
            let entity: StaticString
            switch byte {
            case UInt8(ascii: "<"): entity = "&lt;"
            case UInt8(ascii: ">"): entity = "&gt;"
            case UInt8(ascii: "&"): entity = "&amp;"
            case UInt8(ascii: "\""): entity = "&quot;"
            case UInt8(ascii: "'"): entity = "&#39;"
            default: continue
            }
            output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<position]))
            output.append(contentsOf: UnsafeBufferPointer(start: entity.utf8Start, count: entity.utf8CodeUnitCount))
            start = position + 1
        }
        output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start...]))
    }

    /// Markdown's mid-line specials get a backslash, `<`, `>`, `&` become entities, and a line break (`\r\n`, `\n`
    /// or `\r`) becomes one space, so a value never ends a table row or a list item.
    static func appendMarkdown(_ bytes: UnsafeBufferPointer<UInt8>, to output: inout [UInt8]) {
        var position = 0
        while position < bytes.count {
            let byte = bytes[position]
            switch byte {
            case UInt8(ascii: "\\"), UInt8(ascii: "`"), UInt8(ascii: "*"), UInt8(ascii: "_"), UInt8(ascii: "["), UInt8(ascii: "]"),
                 UInt8(ascii: "|"), UInt8(ascii: "~"):
                output.append(UInt8(ascii: "\\"))
                output.append(byte)
            case UInt8(ascii: "<"): output.append(contentsOf: "&lt;".utf8)
            case UInt8(ascii: ">"): output.append(contentsOf: "&gt;".utf8)
            case UInt8(ascii: "&"): output.append(contentsOf: "&amp;".utf8)
            case UInt8(ascii: "\r"):
                output.append(UInt8(ascii: " "))
                if position + 1 < bytes.count, bytes[position + 1] == UInt8(ascii: "\n") { position += 1 }
            case UInt8(ascii: "\n"): output.append(UInt8(ascii: " "))
            default: output.append(byte)
            }
            position += 1
        }
    }
}
