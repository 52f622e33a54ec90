import WorkflowModel

/// Where a page of the site lives, for anything outside the render that links into it (`flowsite check`'s morning
/// summary): the same names `SiteBuilder` gives its pages.
public enum SitePaths {
    /// `workflows/12-triage.html`.
    public static func workflow(id: Int64, name: String) -> String {
        "workflows/\(id)-\(Formatting.slug(name, fallback: "workflow")).html"
    }

    /// `errors/<slug>-<hash>.html`; the page exists for the `RunPageSelection.signaturePagesMax` most frequent.
    public static func signature(_ signature: String) -> String {
        "errors/\(SiteBuilder.signatureFile(signature)).html"
    }

    /// A page's address under `--base-url`.
    public static func url(_ base: String, _ path: String) -> String { HTMLFormat.joined(base, path) }
}
