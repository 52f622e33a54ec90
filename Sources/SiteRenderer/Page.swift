import WorkflowModel

/// One page of the site, format-independent: the HTML and Markdown formats both render it. The model is built
/// when the page is rendered, so a site of 10,000 workflows never holds 10,000 page models at once.
public struct Page: Sendable {
    /// Path from the site root without extension: `index`, `workflows/12-triage`.
    public var path: String
    public var kind: PageKind
    public var title: String
    /// The runs whose details (trigger data, output data, full error) the model shows: read and masked for the
    /// page's batch just before it is rendered, dropped after (`RenderJob.run`). Empty but for run pages.
    let runIDs: [Int64]
    /// Builds the page's view model, of the type its kind names (`DashboardPage` for `.dashboard`, …), from the
    /// masked details of its `runIDs`.
    let makeModel: @Sendable (_ details: [Int64: RunDetail]) -> any PageModel

    /// The kind comes from the model's type, so a page cannot pair one kind's templates with another kind's model.
    init<Model: PageModel>(path: String, title: String, makeModel: @escaping @Sendable () -> Model) {
        self.path = path
        self.title = title
        kind = Model.kind
        runIDs = []
        self.makeModel = { _ in makeModel() }
    }

    /// A page that shows these runs' details.
    init<Model: PageModel>(path: String, title: String, runIDs: [Int64], makeModel: @escaping @Sendable (_ details: [Int64: RunDetail]) -> Model) {
        self.path = path
        self.title = title
        kind = Model.kind
        self.runIDs = runIDs
        self.makeModel = makeModel
    }

    /// `""` for top-level pages, `"../"` one folder down.
    var root: String { String(repeating: "../", count: path.split(separator: "/").count - 1) }
}
