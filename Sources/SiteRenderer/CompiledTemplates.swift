/// The bundled templates, parsed once into nodes and rendered straight into bytes from `TemplateValue`s.
///
/// swift-mustache looks every `{{key}}` up through dynamic casts on `Any` and builds each page from many small
/// Strings; that was half of a large render's CPU. This renders the same Mustache subset the bundled templates
/// use — variables, `{{{raw}}}` and `{{&raw}}`, sections, inverted sections, comments, partials and the
/// `CONTENT_TYPE` pragma — with swift-mustache's own whitespace rules (the parser below follows its
/// `Template+Parser.swift` step by step), so the output is byte-identical; a test renders every bundled page both
/// ways. A template using anything else (set delimiters, inheritance, transforms, indented standalone partials)
/// makes `init` fail, and the caller keeps swift-mustache for the whole library; so do user overrides.
struct CompiledTemplates: Sendable {
    private let templates: [String: [TemplateNode]]

    init?(sources: [String: String]) {
        var templates: [String: [TemplateNode]] = [:]
        for (name, source) in sources {
            var parser = TemplateParser(source)
            guard let nodes = try? parser.parse(section: nil, newLine: true) else { return nil }
            templates[name] = nodes
        }
        self.templates = templates
    }

    /// Appends the rendering of `value` with the named template; false when there is no such template.
    func render(_ value: TemplateValue, template name: String, into output: inout [UInt8]) -> Bool {
        guard let nodes = templates[name] else { return false }
        var stack = [value]
        render(nodes, stack: &stack, escaping: .html, into: &output)
        return true
    }

    private func render(_ nodes: [TemplateNode], stack: inout [TemplateValue], escaping: TemplateEscaping, into output: inout [UInt8]) {
        var escaping = escaping
        for node in nodes {
            switch node {
            case .text(let bytes):
                output.append(contentsOf: bytes)
            case .variable(let path, let escaped):
                guard let value = Self.lookup(path, in: stack) else { continue }
                switch value {
                case .text(let text): escaped ? escaping.append(text, to: &output) : output.append(contentsOf: text.utf8)
                case .flag(let flag): output.append(contentsOf: (flag ? "true" : "false").utf8)
                case .list, .object:
                    let text = String(describing: value.mustacheContext)
                    escaped ? escaping.append(text, to: &output) : output.append(contentsOf: text.utf8)
                }
            case .section(let path, let body, let inverted):
                let value = Self.lookup(path, in: stack)
                switch (value, inverted) {
                case (nil, false), (.flag(false), false), (.text, true), (.object, true), (.flag(true), true):
                    continue
                case (nil, true), (.flag, _):
                    render(body, stack: &stack, escaping: escaping, into: &output)
                case (.list(let items), false):
                    for item in items {
                        stack.append(item)
                        render(body, stack: &stack, escaping: escaping, into: &output)
                        stack.removeLast()
                    }
                case (.list(let items), true):
                    guard items.isEmpty else { continue }
                    stack.append(.list(items))
                    render(body, stack: &stack, escaping: escaping, into: &output)
                    stack.removeLast()
                case (.some(let value), false):
                    stack.append(value)
                    render(body, stack: &stack, escaping: escaping, into: &output)
                    stack.removeLast()
                }
            case .partial(let name):
                // swift-mustache renders a partial as HTML until its own pragma says otherwise.
                if let nodes = templates[name] { render(nodes, stack: &stack, escaping: .html, into: &output) }
            case .contentType(let type):
                escaping = type
            }
        }
    }

    /// The first object up the stack that has the path's first name, then down the rest of the path; `.` is the top.
    private static func lookup(_ path: [String], in stack: [TemplateValue]) -> TemplateValue? {
        guard let first = path.first else { return stack.last }
        for value in stack.reversed() {
            guard case .object(let object) = value, var found = object[first] else { continue }
            for name in path.dropFirst() {
                guard case .object(let child) = found, let next = child[name] else { return nil }
                found = next
            }
            return found
        }
        return nil
    }
}

indirect enum TemplateNode: Sendable {
    case text([UInt8])
    /// A dotted name split at its dots; empty for `{{.}}`.
    case variable([String], escaped: Bool)
    case section([String], [TemplateNode], inverted: Bool)
    case partial(String)
    case contentType(TemplateEscaping)
}

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

/// A port of swift-mustache's parser for the subset above: same standalone-line rules, same whitespace kept.
struct TemplateParser {
    struct Unsupported: Error {}

    private let characters: [Character]
    private var position = 0

    init(_ source: String) { characters = Array(source) }

    private var atEnd: Bool { position >= characters.count }
    private var current: Character? { atEnd ? nil : characters[position] }
    private var currentIsNewline: Bool { current == "\n" || current == "\r\n" }

    /// Parses until the end of `section` (or of the text); `newLine` says whether the first line starts fresh.
    mutating func parse(section: [String]?, newLine: Bool) throws(Unsupported) -> [TemplateNode] {
        var nodes: [TemplateNode] = []
        var newLine = newLine
        var whitespaceBefore = ""
        func flushWhitespace() {
            if !whitespaceBefore.isEmpty { nodes.append(.text(Array(whitespaceBefore.utf8))) }
            whitespaceBefore = ""
        }
        while !atEnd {
            if newLine { whitespaceBefore = read(while: { $0 == " " || $0 == "\t" }) }
            let text = readUntilTagOrNewline()
            if let newline = current, currentIsNewline {
                nodes.append(.text(Array((whitespaceBefore + text + String(newline)).utf8)))
                newLine = true
                position += 1
                continue
            }
            if !text.isEmpty {
                nodes.append(.text(Array((whitespaceBefore + text).utf8)))
                whitespaceBefore = ""
                newLine = false
            }
            guard let tag = current else { break }
            var setNewLine = false
            switch tag {
            case "#", "^":
                position += 1
                let name = try readName()
                if isStandalone(newLine) { setNewLine = true } else { flushWhitespace() }
                let body = try parse(section: name, newLine: setNewLine)
                nodes.append(.section(name, body, inverted: tag == "^"))
            case "/":
                position += 1
                guard try readName() == section else { throw Unsupported() }
                if !isStandalone(newLine) { flushWhitespace() }
                return nodes
            case "!":
                position += 1
                try skipComment()
                setNewLine = isStandalone(newLine)
            case "{", "&":
                flushWhitespace()
                position += 1
                let name = try readName()
                if tag == "{" {
                    guard current == "}" else { throw Unsupported() }
                    position += 1
                }
                nodes.append(.variable(name, escaped: false))
            case ">":
                position += 1
                _ = read(while: \.isWhitespace)
                let name = read(while: { Self.partialNameCharacters.contains($0) })
                _ = read(while: \.isWhitespace)
                guard !name.hasPrefix("*"), readEndDelimiter() else { throw Unsupported() }
                let indentation = whitespaceBefore
                flushWhitespace()
                if isStandalone(newLine) {
                    // swift-mustache indents every line of a standalone partial; no bundled template needs that.
                    guard indentation.isEmpty else { throw Unsupported() }
                    setNewLine = true
                }
                nodes.append(.partial(name))
            case "%":
                position += 1
                nodes.append(.contentType(try readPragma()))
                setNewLine = isStandalone(newLine)
            case "=", "<", "$":
                throw Unsupported()
            default:
                flushWhitespace()
                nodes.append(.variable(try readName(), escaped: true))
            }
            newLine = setNewLine
        }
        guard section == nil else { throw Unsupported() }
        return nodes
    }

    private mutating func read(while predicate: (Character) -> Bool) -> String {
        let start = position
        while let character = current, predicate(character) { position += 1 }
        return String(characters[start..<position])
    }

    /// Text up to a line break (left unread) or `{{` (read).
    private mutating func readUntilTagOrNewline() -> String {
        var text = ""
        while let character = current, !currentIsNewline {
            if character == "{", position + 1 < characters.count, characters[position + 1] == "{" {
                position += 2
                break
            }
            text.append(character)
            position += 1
        }
        return text
    }

    private mutating func readEndDelimiter() -> Bool {
        guard position + 1 < characters.count, characters[position] == "}", characters[position + 1] == "}" else { return false }
        position += 2
        return true
    }

    /// A name and the closing `}}`; transforms (`f(name)`) are not supported.
    private mutating func readName() throws(Unsupported) -> [String] {
        _ = read(while: \.isWhitespace)
        let name = read(while: { Self.nameCharacters.contains($0) })
        _ = read(while: \.isWhitespace)
        // `.name` (no climbing up the stack) is not supported.
        guard readEndDelimiter(), !name.isEmpty, name == "." || !name.hasPrefix(".") else { throw Unsupported() }
        return name == "." ? [] : name.split(separator: ".").map(String.init)
    }

    private mutating func skipComment() throws(Unsupported) {
        while !atEnd {
            if readEndDelimiter() { return }
            position += 1
        }
        throw Unsupported()
    }

    private mutating func readPragma() throws(Unsupported) -> TemplateEscaping {
        _ = read(while: \.isWhitespace)
        let variable = read(while: { Self.nameCharacters.contains($0) })
        _ = read(while: \.isWhitespace)
        guard variable == "CONTENT_TYPE", current == ":" else { throw Unsupported() }
        position += 1
        _ = read(while: \.isWhitespace)
        let value = read(while: { Self.nameCharacters.contains($0) })
        _ = read(while: \.isWhitespace)
        guard readEndDelimiter(), let escaping = TemplateEscaping(pragma: value) else { throw Unsupported() }
        return escaping
    }

    /// A tag alone on its line: the rest of the line (spaces, tabs, the line break) is consumed.
    private mutating func isStandalone(_ newLine: Bool) -> Bool {
        guard newLine else { return false }
        if atEnd { return true }
        let start = position
        _ = read(while: { $0 == " " || $0 == "\t" })
        if currentIsNewline {
            position += 1
            return true
        }
        position = start
        return false
    }

    private static let nameCharacters = Set("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-_?*")
    private static let partialNameCharacters = nameCharacters.union("/")
}
