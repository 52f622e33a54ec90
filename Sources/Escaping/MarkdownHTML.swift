import CMarkGFM
import Foundation

/// Renders a workflow's natural-language description with Debian's cmark-gfm: tables, strikethrough, autolinks
/// and task lists on; raw HTML never passes through (`CMARK_OPT_SAFE` is the default: HTML is replaced by a
/// comment and `javascript:` links are dropped).
/// cmark-gfm is not thread-safe with extensions: inline parsing adds their characters to a process-wide table and
/// removes them afterwards (github/cmark-gfm#221), so two threads at once can lose `~~strikethrough~~`. Every call
/// holds one lock; descriptions are short, so the cost is small.
public enum MarkdownHTML {
    private static let lock = NSLock()

    private static let extensionNames = ["table", "strikethrough", "autolink", "tasklist"]

    private static let registered: Bool = {
        cmark_gfm_core_extensions_ensure_registered()
        return true
    }()

    public static func render(_ markdown: String) -> String {
        lock.lock()
        defer { lock.unlock() }
        let html = parse(markdown) { document, parser in
            cmark_render_html(document, options, cmark_parser_get_syntax_extensions(parser))
        } ?? ""
        return html.contains("<input type=\"checkbox\"") ? labellingTaskBoxes(html) : html
    }

    /// cmark-gfm draws a task list item's box as a bare disabled checkbox; a screen reader then announces an
    /// unlabelled form control. The label says what the box shows.
    static func labellingTaskBoxes(_ html: String) -> String {
        html.replacingOccurrences(of: "<input type=\"checkbox\" checked=\"\" disabled=\"\" />", with: "<input type=\"checkbox\" checked=\"\" disabled=\"\" aria-label=\"done\" />")
            .replacingOccurrences(of: "<input type=\"checkbox\" disabled=\"\" />", with: "<input type=\"checkbox\" disabled=\"\" aria-label=\"not done\" />")
    }

    /// The description as Markdown for the `.md` reports, which wikis and other renderers show with raw HTML on:
    /// every raw HTML element (`<script>`, `<img onerror=…>`, a comment) becomes text, escaped by cmark-gfm's own
    /// CommonMark writer, so it reads as written and does nothing. A description without raw HTML is returned as
    /// it is, byte for byte.
    public static func inertMarkdown(_ markdown: String) -> String {
        guard markdown.contains("<") else { return markdown }
        lock.lock()
        defer { lock.unlock() }
        return parse(markdown) { document, _ in
            var html: [OpaquePointer] = []
            let iterator = cmark_iter_new(document)
            defer { cmark_iter_free(iterator) }
            while cmark_iter_next(iterator) != CMARK_EVENT_DONE {
                let node = cmark_iter_get_node(iterator)!
                let type = cmark_node_get_type(node)
                if type == CMARK_NODE_HTML_INLINE || type == CMARK_NODE_HTML_BLOCK { html.append(node) }
            }
            guard !html.isEmpty else { return strdup(markdown) }
            for node in html {
                let text = cmark_node_new(CMARK_NODE_TEXT)!
                var literal = cmark_node_get_literal(node).map { String(cString: $0) } ?? ""
                while literal.hasSuffix("\n") { literal.removeLast() }  // a block's own line end, not content
                cmark_node_set_literal(text, literal)
                if cmark_node_get_type(node) == CMARK_NODE_HTML_BLOCK {
                    let paragraph = cmark_node_new(CMARK_NODE_PARAGRAPH)!
                    cmark_node_append_child(paragraph, text)
                    cmark_node_replace(node, paragraph)
                } else {
                    cmark_node_replace(node, text)
                }
                cmark_node_free(node)
            }
            return cmark_render_commonmark(document, options, 0)
        } ?? ""
    }

    private static let options = CMARK_OPT_DEFAULT | CMARK_OPT_STRIKETHROUGH_DOUBLE_TILDE

    /// Parses with the GFM extensions and hands the document to `output`, whose malloc'ed C string is returned.
    private static func parse(_ markdown: String, _ output: (OpaquePointer, OpaquePointer) -> UnsafeMutablePointer<CChar>?) -> String? {
        _ = registered
        guard let parser = cmark_parser_new(options) else { return nil }
        defer { cmark_parser_free(parser) }
        for name in extensionNames {
            if let syntaxExtension = cmark_find_syntax_extension(name) {
                cmark_parser_attach_syntax_extension(parser, syntaxExtension)
            }
        }
        markdown.withCString { cmark_parser_feed(parser, $0, strlen($0)) }
        guard let document = cmark_parser_finish(parser) else { return nil }
        defer { cmark_node_free(document) }
        guard let text = output(document, parser) else { return nil }
        defer { free(text) }
        return String(cString: text)
    }
}
