/// Which command a flowsite folder belongs to. A site and a folder of workflow files are both "flowsite's", but
/// one command must never clean up the other's: `export --out site/` used to remove every page as "no longer
/// generated", and `render --out workflows/` every workflow file. The manifest records the kind; each command
/// refuses a folder of the other kind before touching anything.
public enum FolderKind: String, Sendable, Equatable, CaseIterable {
    /// Pages, assets and `stats.json` written by `flowsite render`.
    case site
    /// Workflow Markdown files written by `flowsite export`.
    case workflows

    /// The command that writes this kind of folder, as a person would type it.
    public var command: String {
        switch self {
        case .site: return "flowsite render"
        case .workflows: return "flowsite export"
        }
    }

    /// What the folder holds, in words.
    public var contents: String {
        switch self {
        case .site: return "a site"
        case .workflows: return "workflow files"
        }
    }

    /// The kind of a folder whose manifest predates the kind line, judged by what it lists: a site has pages in
    /// sub-folders, HTML or `stats.json`; an export has only `.md` files (and its schema) at the top. Nil when the
    /// manifest lists nothing (a first run that failed), which either command may take over.
    static func inferred(fromPaths paths: some Collection<String>) -> FolderKind? {
        guard !paths.isEmpty else { return nil }
        if paths.contains(where: { $0.contains("/") || $0.hasSuffix(".html") || $0 == "stats.json" }) { return .site }
        if paths.allSatisfy({ $0.hasSuffix(".md") || $0.hasSuffix(".json") }) { return .workflows }
        return nil
    }
}
