/// An output format turns the same pages into files. HTML and Markdown both conform.
protocol OutputFormat: Sendable {
    /// The file name extension, without the dot.
    var fileExtension: String { get }
    /// - Parameter context: the page model as a template context, made once and shared by every format.
    func render(_ page: Page, context: TemplateValue, chrome: Chrome) throws(RenderError) -> RenderedFile
}
