import Configuration
import Foundation
import Redaction
import WorkflowModel
import WorkflowStore

/// `flowsite check`: the gates over one snapshot, with the same insights the pages show.
public enum CheckPipeline {
    /// Refuses (throws) an override in `flowsite.yml` that names no workflow: a typo would loosen nothing.
    public static func run(source: any WorkflowSource, settings: FlowsiteConfig, asOf: Timestamp) throws -> CheckReport {
        let raw = try source.readSnapshot(asOf: asOf)
        if let override = settings.gates.unmatchedOverrides(in: raw.workflows).first {
            throw CheckError(message: GateOverrideMismatch.message(override))
        }
        let snapshot = RedactedSnapshot(raw, extraSecretKeys: settings.secretKeys).snapshot
        let insights = Insights(snapshot, gates: settings.gates)
        let results = Gates.evaluate(snapshot, punctuality: insights.punctuality, servers: insights.servers, settings: settings.gates)
        var report = CheckReport(results: results, source: snapshot.sourceName, asOf: snapshot.statistics.asOf)
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
