import Foundation

struct MarkdownFormat: OutputFormat {
    let templates: TemplateLibrary
    var fileExtension: String { "md" }

    func render(_ page: Page, context: TemplateValue, chrome: Chrome) throws(RenderError) -> RenderedFile {
        let content = try templates.render(context, template: "\(page.kind.rawValue).md")
        let layout = LayoutContext(page: page, chrome: chrome, content: String(decoding: content, as: UTF8.self), fileExtension: fileExtension)
        return RenderedFile(path: page.path + ".md", contents: Data(try templates.render(.object(layout.templateContext), template: "layout.md")))
    }
}
