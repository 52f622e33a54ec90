import Foundation
import WorkflowModel

/// What a user chose on the command line that changes the output.
public struct RenderOptions: Sendable {
    public enum Format: String, Sendable, CaseIterable {
        case html, md
    }

    /// Where Mermaid comes from in the HTML pages.
    public enum MermaidSource: Sendable, Equatable {
        /// The pinned Mermaid 11 embedded in the binary (`Vendor/mermaid/`), copied into the site: no page asks
        /// another host for anything, and a site opened from `file://` draws its diagrams.
        case bundled
        /// A Mermaid 11 ES module from a URL (a CDN): an outside request from every page, by choice.
        case cdn(URL: String)
        /// A local `mermaid.min.js` (classic script) copied into the site.
        case classicScript(path: String)
        /// A local folder with an ES-module build (`index.js` exporting `mermaid`) copied into the site.
        case moduleFolder(path: String)

        /// Reads `--mermaid`: `bundled`, `cdn` (the pinned CDN build), an http(s) URL, a `.js` file, or a folder.
        public init(argument text: String) {
            if text == "bundled" { self = .bundled; return }
            if text == "cdn" { self = .pinnedCDN; return }
            if text.hasPrefix("https://") || text.hasPrefix("http://") { self = .cdn(URL: text); return }
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: text, isDirectory: &isFolder), isFolder.boolValue { self = .moduleFolder(path: text); return }
            self = .classicScript(path: text)
        }

        public static let pinnedCDN = MermaidSource.cdn(URL: "https://cdn.jsdelivr.net/npm/mermaid@11.16.1/dist/mermaid.esm.min.mjs")
    }

    public var formats: [Format]
    public var title: String
    public var baseURL: String?
    public var showEmails: Bool
    public var mermaid: MermaidSource
    /// A folder whose `*.mustache` files replace the bundled templates of the same name.
    public var templateOverrides: String?
    /// Key names that hold secrets besides the ones flowsite knows (`redaction.keys` in `flowsite.yml`).
    public var secretKeys: [String]
    /// Flip rate from which a workflow is flaky, and failure rate from which an MCP server is unreliable.
    public var flakyFlipRate = Reliability.flakyFlipRate
    public var unreliableFailureRate = ServerHealth.unreliableFailureRate
    /// `flowsite.yml`'s gate settings: the pages use their late grace (global and per workflow).
    public var gates = GateSettings()
    /// Each workflow's latest runs that get a page (`runs/<id>`), besides its current failure streak and each error
    /// signature's example runs; 0 writes no run pages at all.
    public var latestRunPages = RunPageSelection.defaultLatest
    /// Failures in a row from which a streak gets a feed entry (`thresholds.feed_min_streak`); a first failure after a
    /// week of successes gets one whatever this says.
    public var feedMinimumStreak = 2

    public init(formats: [Format] = [.html, .md], title: String = "Workflows", baseURL: String? = nil, showEmails: Bool = false,
                mermaid: MermaidSource = .bundled, templateOverrides: String? = nil, secretKeys: [String] = [])
    {
        self.secretKeys = secretKeys
        self.formats = formats
        self.title = title
        self.baseURL = baseURL
        self.showEmails = showEmails
        self.mermaid = mermaid
        self.templateOverrides = templateOverrides
    }
}
