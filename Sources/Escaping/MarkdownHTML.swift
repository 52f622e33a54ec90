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
        _ = registered
        let options = CMARK_OPT_DEFAULT | CMARK_OPT_STRIKETHROUGH_DOUBLE_TILDE
        guard let parser = cmark_parser_new(options) else { return "" }
        defer { cmark_parser_free(parser) }
        for name in extensionNames {
            if let syntaxExtension = cmark_find_syntax_extension(name) {
                cmark_parser_attach_syntax_extension(parser, syntaxExtension)
            }
        }
        markdown.withCString { cmark_parser_feed(parser, $0, strlen($0)) }
        guard let document = cmark_parser_finish(parser) else { return "" }
        defer { cmark_node_free(document) }
        guard let html = cmark_render_html(document, options, cmark_parser_get_syntax_extensions(parser)) else { return "" }
        defer { free(html) }
        return String(cString: html)
    }
}
