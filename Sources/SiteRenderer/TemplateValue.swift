import WorkflowModel

/// A page model as Mustache sees it, made once per page and then used three ways: rendered by the bundled templates
/// (`CompiledTemplates`, no casts), handed to swift-mustache as dictionaries for user overrides
/// (`mustacheContext`), and hashed for the page's fingerprint (`fingerprint`). `nil` optionals are left out, so a
/// lookup falls back to the enclosing context exactly as it does for a missing key.
enum TemplateValue: Sendable {
    /// Strings and numbers, as `String(describing:)` writes them; always a true section.
    case text(String)
    case flag(Bool)
    case list([TemplateValue])
    case object(TemplateObject)

    /// swift-mustache's form: `String`, `Bool`, `[Any]`, `[String: Any]`.
    var mustacheContext: Any {
        switch self {
        case .text(let text): return text
        case .flag(let flag): return flag
        case .list(let items): return items.map(\.mustacheContext)
        case .object(let object): return Dictionary(object.fields.map { ($0.key, $0.value.mustacheContext) }, uniquingKeysWith: { first, _ in first })
        }
    }

    /// What a page shows, as one stable hash: the same value renders the same bytes with the same templates.
    func fingerprint(into stream: inout FNV1a64) {
        switch self {
        case .text(let text):
            stream.add(byte: 1)
            stream.add(text.utf8)
            stream.add(byte: 0)
        case .flag(let flag):
            stream.add(byte: flag ? 2 : 3)
        case .list(let items):
            stream.add(byte: 4)
            for item in items { item.fingerprint(into: &stream) }
            stream.add(byte: 5)
        case .object(let object):
            stream.add(byte: 6)
            for field in object.fields {
                stream.add(field.key.utf8)
                stream.add(byte: 0)
                field.value.fingerprint(into: &stream)
            }
            stream.add(byte: 7)
        }
    }
}

extension TemplateValue {
    /// A list of objects, each converted by hand.
    static func list(_ items: [some TemplateConvertible]) -> TemplateValue { .list(items.map { .object($0.templateContext) }) }
    /// A list of strings.
    static func texts(_ items: [String]) -> TemplateValue { .list(items.map { .text($0) }) }
    /// An optional string, left out of its object when nil.
    static func text(_ text: String?) -> TemplateValue? { text.map { .text($0) } }
}
