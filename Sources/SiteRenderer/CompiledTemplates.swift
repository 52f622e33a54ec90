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
