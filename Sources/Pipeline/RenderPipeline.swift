import Configuration
import Foundation
import SiteRenderer
import SiteWriter
import WorkflowModel
import WorkflowStore

/// What `flowsite render` was asked to do, every option already resolved (flags over `flowsite.yml`).
public struct RenderRequest {
    public var source: any WorkflowSource
    public var output: URL
    public var options: RenderOptions
    public var asOf: Timestamp
    public var settings: FlowsiteConfig
    /// Where the fold is saved for the next render and read from this one (nil: every run is folded, none saved).
    public var foldState: FoldStateFile?
    /// Fold every run even when a saved fold checks out (`--full`); the fold is still saved.
    public var fullFold = false

    public init(source: any WorkflowSource, output: URL, options: RenderOptions, asOf: Timestamp, settings: FlowsiteConfig,
                foldState: FoldStateFile? = nil, fullFold: Bool = false) {
        self.source = source
        self.output = output
        self.options = options
        self.asOf = asOf
        self.settings = settings
        self.foldState = foldState
        self.fullFold = fullFold
    }
}

/// What a render did, for the one-line summary and the warnings after it.
public struct RenderResult: Sendable {
    public var pageCount: Int
    public var fileCount: Int
    public var written: SiteWriter.Summary
    /// Warnings, each on its own line: overrides that match no workflow, files left alone.
    public var warnings: [String]
    /// How runs were folded: from a saved fold, or all of them and why.
    public var fold: FoldKind
    /// Seconds each step took, in order (`--timings`); the steps that read and fold runs are apart from the pages.
    public var stepSeconds: [(step: RenderPipeline.Step, seconds: Double)]

    /// Seconds the database step took (reading, folding, saving the fold), apart from the pages.
    public var readSeconds: Double { stepSeconds.first { $0.step == .readDatabase }?.seconds ?? 0 }
}

/// Wall-clock seconds per step, each measured from the end of the one before.
struct StepClock {
    private var last = DispatchTime.now().uptimeNanoseconds
    private(set) var laps: [(step: RenderPipeline.Step, seconds: Double)] = []

    mutating func lap(_ step: RenderPipeline.Step) {
        let now = DispatchTime.now().uptimeNanoseconds
        laps.append((step, Double(now - last) / 1e9))
        last = now
    }
}

/// The render, as a list of named steps (Publish's shape): each is a small function, and the order is here.
public enum RenderPipeline {
    public enum Step: String, CaseIterable, Sendable {
        /// Refuse a folder flowsite does not own, or that `export` owns, before reading anything; read the last
        /// render's `stats.json` (what is new since).
        case checkOutputFolder = "check the output folder"
        /// One consistent snapshot of the database: every run folded once, or the runs after the saved fold's
        /// boundary when it checks out against the database.
        case readDatabase = "read the database"
        /// The trigger data, output data and full error text of the runs that get a page, by id, a chunk at a time:
        /// once while preparing (to learn their secrets), once per batch of run pages while rendering.
        case readRunDetails = "read the runs that get a page"
        /// Mask secrets, derive the insights, plan every page.
        case preparePages = "prepare the pages"
        /// Render the pages whose inputs changed and write what differs, under the folder's lock.
        case renderAndWrite = "render and write"
    }

    /// Runs every step; `progress` hears about pages rendered so far (for a terminal's status line).
    public static func run(_ request: RenderRequest, progress: @escaping @Sendable (_ done: Int, _ total: Int) -> Void = { _, _ in }) throws -> RenderResult {
        var clock = StepClock()
        let writer = SiteWriter(folder: request.output, kind: .site)
        let previousStats = try writer.checkOwnership(previous: "stats.json")                  // Step.checkOutputFolder
        let renderer = try SiteRenderer(options: request.options)
        clock.lap(.checkOutputFolder)
        let (snapshot, fold, foldNotes) = try FoldStateFile.readSnapshot(                      // Step.readDatabase
            request.source, asOf: request.asOf, state: request.foldState, full: request.fullFold)
        clock.lap(.readDatabase)
        let source = request.source                                                            // Step.readRunDetails, in chunks:
        let runDetails = RunDetailReader(ids: SiteRenderer.runPageIDs(snapshot, options: request.options)) { try source.readRunDetails(ids: $0) }
        let warnings = request.settings.gates.unmatchedOverrides(in: snapshot.workflows).map(GateOverrideMismatch.message)
        let job = try renderer.prepare(consume snapshot, previousStats: previousStats, runDetails: runDetails)  // Step.preparePages (masked in place)
        clock.lap(.preparePages)
        let paths = try job.outputPaths()
        var session = try writer.begin(paths: paths)                                          // Step.renderAndWrite
        let previous = PageFingerprints(serialized: session.previousState())
        let fingerprints: PageFingerprints
        do {
            let pagesOnDisk = session  // a copy that only answers whether a page is intact, from the render threads
            fingerprints = try job.run(previous: previous, exist: { pagesOnDisk.isIntact($0) }, progress: progress) { output in
                switch output {
                case .file(let file): try session.write(file.contents, to: file.path)
                case .unchanged(let path): try session.keep(path)
                }
            }
        } catch {
            session.abandon()
            throw error
        }
        let summary = try session.finish(state: fingerprints.serialized)
        clock.lap(.renderAndWrite)
        return RenderResult(pageCount: job.pageCount, fileCount: paths.count, written: summary, warnings: warnings + summary.leftAlone + foldNotes, fold: fold,
                            stepSeconds: clock.laps)
    }
}

/// An override in `flowsite.yml` for a workflow the database does not have: probably a typo, which would loosen
/// nothing. `check` refuses it; `render` warns.
public enum GateOverrideMismatch {
    public static func message(_ override: GateSettings.WorkflowOverride) -> String {
        let target = switch override.match {
        case .id(let id): "id \(id)"
        case .name(let name): "name '\(name)'"
        }
        return "\(override.location ?? FlowsiteConfig.fileName): the gate override for \(target) matches no workflow of the database"
    }
}
