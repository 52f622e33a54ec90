/// One page of the site, format-independent: the HTML and Markdown formats both render it. The model is built
/// when the page is rendered, so a site of 10,000 workflows never holds 10,000 page models at once.
public struct Page: Sendable {
    /// Path from the site root without extension: `index`, `workflows/12-triage`.
    public var path: String
    public var kind: PageKind
    public var title: String
    /// Builds the page's view model, of the type its kind names (`DashboardPage` for `.dashboard`, …).
    let makeModel: @Sendable () -> any PageModel

    /// The kind comes from the model's type, so a page cannot pair one kind's templates with another kind's model.
    init<Model: PageModel>(path: String, title: String, makeModel: @escaping @Sendable () -> Model) {
        self.path = path
        self.title = title
        kind = Model.kind
        self.makeModel = makeModel
    }

    /// `""` for top-level pages, `"../"` one folder down.
    var root: String { String(repeating: "../", count: path.split(separator: "/").count - 1) }
}
