import ArgumentParser
import Configuration
import Foundation
import Pipeline
import SiteRenderer
import WorkflowModel
import WorkflowStore

extension RenderOptions.Format: ExpressibleByArgument {}

/// `flowsite render`: the nightly job. Read a snapshot, render pages, write only what changed.
struct RenderCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "render",
        abstract: "Render the HTML dashboard site and Markdown reports of a workflow database."
    )

    @OptionGroup var database: DatabaseOptions

    @Option(help: ArgumentHelp("The output folder; flowsite owns it through a manifest and refuses a non-empty folder it did not write.", valueName: "DIR"))
    var out: String

    @Option(help: ArgumentHelp("Comma-separated: html, md (default: both, or flowsite.yml's render.formats).", valueName: "FORMATS"))
    var format: String?

    @Option(name: .customLong("as-of"), help: ArgumentHelp("Fix \"now\" (UTC) for every time window; the same database and --as-of give byte-identical output.", valueName: "ISO-8601"))
    var asOf: String?

    @Option(help: "The site title (default: flowsite.yml's render.title, else Workflows).")
    var title: String?

    @Option(help: ArgumentHelp("The config file (default: flowsite.yml in the working folder, when there is one); flags override it.", valueName: "FILE"))
    var config: String?

    @Option(name: .customLong("base-url"), help: ArgumentHelp("Where the site will be served; adds canonical links and sitemap.xml.", valueName: "URL"))
    var baseURL: String?

    @Option(help: ArgumentHelp("A folder of *.mustache files that replace bundled templates of the same name.", valueName: "DIR"))
    var templates: String?

    @Option(help: ArgumentHelp("Mermaid for the HTML pages: bundled (default: the pinned Mermaid 11 inside flowsite, copied into the site; no outside requests), cdn (a pinned build from jsDelivr), a URL, a local mermaid.min.js, or a folder with an ES-module build.", valueName: "bundled|cdn|URL|PATH"))
    var mermaid: String?

    @Flag(name: .customLong("show-emails"), help: "Show owners' e-mail addresses (hidden by default).")
    var showEmails = false

    @Option(name: .customLong("run-pages"), help: ArgumentHelp("Each workflow's latest runs that get a page of their own, besides its current failure streak and each error signature's latest runs (default 20; 0: no run pages).", valueName: "N"))
    var runPages: Int?

    @Option(help: ArgumentHelp("Where the saved fold is kept between renders, so a render reads only the runs after it (default: a file per output folder under $XDG_CACHE_HOME/flowsite/folds, else ~/.cache/flowsite/folds). It holds error messages as stored: keep it out of a published site.", valueName: "PATH"))
    var state: String?

    @Flag(help: "Fold every run, even when the saved fold checks out against the database (it is saved again).")
    var full = false

    @Flag(help: "After the summary, print how many seconds each step took (for a nightly job's log, or to see where time goes).")
    var timings = false

    @Flag(name: .customLong("no-state"), help: "Neither read nor save a fold: every run is folded and nothing is kept between renders.")
    var noState = false

    func validate() throws {
        if let format {
            for name in format.split(separator: ",") where RenderOptions.Format(rawValue: name.trimmedWhitespace) == nil {
                throw ValidationError("unknown format '\(name)'; use html, md or html,md")
            }
            guard format.split(separator: ",").contains(where: { !$0.trimmedWhitespace.isEmpty }) else {
                throw ValidationError("--format names no format; use html, md or html,md")
            }
        }
        if let templates {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: templates, isDirectory: &isFolder), isFolder.boolValue else {
                throw ValidationError("--templates \(templates): no such folder")
            }
        }
        if let asOf { _ = try parseInstant(asOf) }
        if noState, state != nil { throw ValidationError("--no-state and --state name opposite things; give one") }
        if let state {
            let (fold, site) = (URL(fileURLWithPath: state).standardizedFileURL.path, URL(fileURLWithPath: out).standardizedFileURL.path)
            if fold == site || fold.hasPrefix(site.hasSuffix("/") ? site : site + "/") {
                throw ValidationError("--state \(state) is inside the output folder: the saved fold holds error messages as stored, secrets included, and must not be published with the site; keep it elsewhere")
            }
        }
    }

    func run() throws {
        try reportingFailures {
            let started = Date()
            let settings = try FlowsiteConfig.load(explicit: config)
            let progress = ProgressLine()
            defer { progress.finish() }
            let output = URL(fileURLWithPath: out)
            let stateURL = noState ? nil : state.map { URL(fileURLWithPath: $0) } ?? FoldStateFile.defaultURL(forOutput: output)
            let result = try RenderPipeline.run(
                RenderRequest(source: try database.store(readsEmails: showEmails), output: output, options: options(settings),
                              asOf: try asOf.map(parseInstant) ?? .now(), settings: settings,
                              foldState: try stateURL.map { url in
                                  var file = FoldStateFile(url: url, database: try database.text)
                                  file.isInCache = state == nil
                                  return file
                              }, fullFold: full),
                progress: { done, total in progress.update("pages \(done)/\(total)") })
            progress.finish()
            for warning in result.warnings { Console.error("flowsite: warning: \(warning)") }
            if result.written.debrisRemoved > 0 { Console.error("flowsite: removed \(result.written.debrisRemoved) staging file(s) an interrupted run had left") }
            let seconds = String(format: "%.2f", Date().timeIntervalSince(started))
            let fold = result.fold.described(seconds: result.readSeconds)
            Console.error("flowsite: \(result.pageCount) pages, \(result.fileCount) files in \(out): \(result.written.written) written, \(result.written.unchanged) unchanged, \(result.written.removed) removed in \(seconds) s; \(fold)")
            if timings {
                Console.error("flowsite: seconds by step: " + result.stepSeconds.map { "\($0.step.rawValue) \(String(format: "%.2f", $0.seconds))" }.joined(separator: ", "))
            }
        }
    }

    /// Flags over `flowsite.yml` over the defaults.
    func options(_ settings: FlowsiteConfig) -> RenderOptions {
        let formats = format.map { $0.split(separator: ",").map { $0.trimmedWhitespace } } ?? settings.formats ?? ["html", "md"]
        var options = RenderOptions(
            formats: formats.compactMap { RenderOptions.Format(rawValue: $0) },
            title: title ?? settings.title ?? "Workflows", baseURL: baseURL ?? settings.baseURL, showEmails: showEmails,
            mermaid: (mermaid ?? settings.mermaid).map(RenderOptions.MermaidSource.init(argument:)) ?? .bundled,
            templateOverrides: templates ?? settings.templates, secretKeys: settings.secretKeys
        )
        options.flakyFlipRate = settings.gates.flakyFlipRate
        options.unreliableFailureRate = settings.gates.unreliableFailureRate
        if let streak = settings.feedMinimumStreak { options.feedMinimumStreak = streak }
        if let runPages { options.latestRunPages = max(0, runPages) }
        options.gates = settings.gates
        return options
    }
}

/// A single self-overwriting status line on stderr, only when stderr is a terminal (cron and CI logs stay clean).
final class ProgressLine: @unchecked Sendable {
    private let enabled = isatty(STDERR_FILENO) == 1
    private var lastDraw = Date.distantPast
    private var finished = false

    func update(_ text: String) {
        guard enabled, Date().timeIntervalSince(lastDraw) > 0.1 else { return }
        lastDraw = Date()
        Console.raw("\r\u{1B}[2K\(text)")
    }

    /// Clears the line once; called before the summary is printed and again (doing nothing) on the way out.
    func finish() {
        guard enabled, !finished else { return }
        finished = true
        Console.raw("\r\u{1B}[2K")
    }
}

extension FoldKind {
    /// How the runs were folded, for a command's summary line: `4 runs read after the saved fold in 1.86 s`.
    func described(seconds: Double) -> String {
        let time = String(format: "%.2f", seconds)
        return switch self {
        case .incremental(let runs): "\(runs) runs read after the saved fold in \(time) s"
        case .full(let reason): "every run folded" + (reason.map { " (\($0))" } ?? "") + " in \(time) s"
        }
    }
}
