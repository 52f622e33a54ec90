import Testing
import WorkflowModel
import WorkflowStore
@testable import Pipeline

/// What `import` and `import --check` print, as exact values.
@Suite struct ImportReportTests {
    static func report() -> ImportReport {
        var report = ImportReport(changes: [
            PlannedChange(path: "a.md", workflowName: "A", workflowID: 1, action: .unchanged),
            PlannedChange(path: "b.md", workflowName: "B", workflowID: 2, action: .update(["name", "definition"])),
            PlannedChange(path: "c.md", workflowName: "deploy token=s3cr3t-v4lue", workflowID: nil, action: .create),
        ], problems: [], applied: false)
        report.workflowsWithoutFile = [(id: 9, name: "Orphan password=hunter2")]
        report.maskSecretsInNames()
        return report
    }

    @Test func thePlanHasALinePerFileAndASummary() {
        let report = Self.report()
        #expect(report.changes.map(ImportReport.line) == ["unchanged  a.md", "update     b.md (name, definition)", "create     c.md"])
        #expect(report.summary == "created 1, updated 1, unchanged 1")
    }

    @Test func driftNamesEachDifferenceWithSecretsMasked() {
        let drift = DriftReport(Self.report())
        #expect(!drift.inSync)
        #expect(drift.lines() == [
            "changed     b.md (#2): name, definition differ",
            "not in db   c.md: no workflow 'deploy token=••••' in the database",
            "no file     #9 'Orphan password=••••'",
            "drift: 2 file(s) differ, 1 workflow(s) have no file",
        ])
        #expect(JSONWriter.compact.write(drift.json()).contains(#""not_in_database":[{"path":"c.md","name":"deploy token=••••"}]"#))
    }

    /// A warning reads the same in `import --json` and `import --check --json`: one parser for both.
    @Test func warningsHaveOneShapeInBothReports() {
        var report = Self.report()
        report.problems = [WorkflowFileIssue(path: "b.md", line: 3, column: 1, message: "unknown key 'tirgger'", severity: .warning)]
        let shape = #"{"path":"b.md","line":3,"column":1,"severity":"warning","message":"unknown key 'tirgger'"}"#
        #expect(JSONWriter.compact.write(report.json(dryRun: true)).contains(#""problems":["# + shape + "]"))
        #expect(JSONWriter.compact.write(DriftReport(report).json()).contains(#""warnings":["# + shape + "]"))
    }
}
