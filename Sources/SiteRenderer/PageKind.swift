/// The page kinds; each names its templates (`<kind>.html.mustache`, `<kind>.md.mustache`) and nav section.
public enum PageKind: String, Sendable, CaseIterable {
    case dashboard, attention, workflows, workflow, run, signatures, signature, integrations, server, schema, table, quality

    /// The top-navigation entry a page belongs to.
    var section: PageKind {
        switch self {
        case .workflow, .run: return .workflows
        case .signature: return .signatures
        case .attention: return .dashboard
        case .server: return .integrations
        case .table: return .schema
        default: return self
        }
    }
}
