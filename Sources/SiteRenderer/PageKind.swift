/// The page kinds; each names its templates (`<kind>.html.mustache`, `<kind>.md.mustache`) and nav section.
public enum PageKind: String, Sendable, CaseIterable {
    case dashboard, attention, workflows, workflow, run, signatures, signature, integrations, server, schema, table, quality

    /// Whether the page shows anything measured from as-of (windows, counts, ages) and so its frame says as of when.
    /// A run page is a record of runs: it changes only when its runs do, so a nightly render leaves the run pages of
    /// quiet workflows as they were (nothing rewritten, nothing for a deploy to upload).
    var showsAsOf: Bool { self != .run }

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
