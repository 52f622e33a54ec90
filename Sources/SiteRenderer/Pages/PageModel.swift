/// A page kind's view model: display-ready text that its two templates (`<kind>.html.mustache`,
/// `<kind>.md.mustache`) place and nothing more; every decision (what to show, in which order, how to format) is
/// made in `SiteBuilder`. Its fields, documented on each model, are the contract a `--templates` override is
/// written against, and its hand-written `templateContext` is what templates see, so the compiler checks both.
/// Every page model has `root`, the relative path from the page to the site root (`""` or `"../"`), so links work
/// from `file://`, a subfolder or any host.
protocol PageModel: TemplateConvertible, Sendable {
    /// The kind whose templates render this model.
    static var kind: PageKind { get }
}
