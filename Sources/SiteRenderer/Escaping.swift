/// The escaping functions, public for the fuzzer: they are where hostile text meets a grammar.
public enum Escaping {
    /// Text for a quoted Mermaid label.
    public static func mermaidLabel(_ text: String) -> String { MermaidText.label(text, limit: 10_000) }
    /// Text for a place Mermaid allows a bare word only.
    public static func mermaidWord(_ text: String) -> String { MermaidText.word(text, fallback: "x") }
    /// A description rendered by cmark-gfm, raw HTML dropped.
    public static func markdownToHTML(_ text: String) -> String { MarkdownHTML.render(text) }
}
