import WorkflowModel

/// The outcome of an import: the plan and every problem. Nothing was written when `problems` holds an error.
public struct ImportReport: Sendable {
    public var changes: [PlannedChange]
    public var problems: [WorkflowFileIssue]
    public var applied: Bool
    /// Workflows of the database no file names (by id, or by owner and name), by id: drift the other way.
    public var workflowsWithoutFile: [(id: Int64, name: String)] = []

    public init(changes: [PlannedChange], problems: [WorkflowFileIssue], applied: Bool) {
        self.changes = changes
        self.problems = problems
        self.applied = applied
    }

    public var hasErrors: Bool { problems.contains { $0.severity == .error } }

    public func count(_ kind: (PlannedChange.Action) -> Bool) -> Int { changes.filter { kind($0.action) }.count }
}
