import Configuration
import Foundation
import Redaction
import WorkflowModel
import WorkflowStore

/// `flowsite check`: the gates over one snapshot, with the same insights the pages show.
public enum CheckPipeline {
    /// Refuses (throws) an override in `flowsite.yml` that names no workflow: a typo would loosen nothing.
    /// With `foldState`, the runs are folded as `render` folds them: continuing the fold saved there (a render's,
    /// when both are given the same file), and saving it for next time.
    public static func run(source: any WorkflowSource, settings: FlowsiteConfig, asOf: Timestamp, foldState: FoldStateFile? = nil, fullFold: Bool = false) throws -> CheckReport {
        let started = ContinuousClock.now
        let (raw, fold, foldNotes) = try FoldStateFile.readSnapshot(source, asOf: asOf, state: foldState, full: fullFold)
        let readSeconds = (ContinuousClock.now - started) / .seconds(1)
        if let override = settings.gates.unmatchedOverrides(in: raw.workflows).first {
            throw CheckError(message: GateOverrideMismatch.message(override))
        }
        let snapshot = RedactedSnapshot(raw, extraSecretKeys: settings.secretKeys).snapshot
        let insights = Insights(snapshot, gates: settings.gates)
        let results = Gates.evaluate(snapshot, punctuality: insights.punctuality, servers: insights.servers, settings: settings.gates)
        var report = CheckReport(results: results, source: snapshot.sourceName, asOf: snapshot.statistics.asOf)
        report.fold = foldState.map { _ in (fold, readSeconds) }
        report.foldNotes = foldNotes
        report.summary = MorningSummary(report: report, snapshot: snapshot, insights: insights, unreliableFailureRate: settings.gates.unreliableFailureRate)
        return report
    }
}

/// A check that cannot give a verdict (exit 2), with its message.
public struct CheckError: LocalizedError, Equatable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
    public var errorDescription: String? { message }
}
