import WorkflowModel

/// A database that workflow files can be imported into: a SQLite file (`SQLiteWorkflowImporter`) or a PostgreSQL
/// server (`PostgresWorkflowImporter`). Both plan with `ImportPlan` inside the transaction that applies it.
public protocol WorkflowDestination: Sendable {
    /// Plans every candidate against the database and applies the plan in one transaction when nothing in it, nor
    /// in `fileProblems` (what parsing the files found), is an error. Every problem of every file is reported in the
    /// same run: an unknown owner in one file and a YAML error in another come out together.
    func run(_ candidates: [ImportCandidate], fileProblems: [WorkflowFileIssue], options: ImportOptions) throws(StoreError) -> ImportReport
}

public struct ImportOptions: Sendable {
    public var defaultOwner: String?
    public var strict: Bool
    public var dryRun: Bool
    public var now: Timestamp

    public init(defaultOwner: String? = nil, strict: Bool = false, dryRun: Bool = false, now: Timestamp) {
        self.defaultOwner = defaultOwner
        self.strict = strict
        self.dryRun = dryRun
        self.now = now
    }
}
