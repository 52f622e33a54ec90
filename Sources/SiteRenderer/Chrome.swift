/// What every page's frame shows: the navigation, the site title, and where the data came from.
struct Chrome: Sendable {
    var siteTitle: String
    var asOf: String
    var sourceName: String
    var layout: String
    var baseURL: String?
    var mermaid: RenderOptions.MermaidSource

    static let navigation: [(PageKind, String, String)] = [
        (.dashboard, "Dashboard", "index"), (.workflows, "Workflows", "workflows/index"), (.signatures, "Errors", "errors/index"),
        (.integrations, "Integrations", "integrations/index"), (.schema, "Schema", "schema"), (.quality, "Data quality", "quality"),
    ]
}
