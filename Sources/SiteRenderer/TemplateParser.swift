/// A port of swift-mustache's parser for the subset `CompiledTemplates` renders: same standalone-line rules, same whitespace kept.
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
