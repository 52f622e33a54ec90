import WorkflowModel

/// Anything that can hand the renderer a consistent snapshot of a workflow database: a SQLite file
/// (`SQLiteWorkflowStore`) or a PostgreSQL server (`PostgresWorkflowStore`). Everything above this seam is shared.
public protocol WorkflowSource: Sendable {
    /// Reads everything in one read-only transaction. `asOf` fixes "now" for every time window. With a saved fold
    /// that checks out against the database, only the runs after its boundary are read; the answer carries the fold
    /// to save for next time and how this one was made.
    func readSnapshot(asOf: Timestamp, resuming saved: FoldState?) throws(StoreError) -> FoldedSnapshot
    /// Every workflow (optionally one owner's) as a document, read in one transaction without touching the run table.
    func exportWorkflows(owner: String?) throws(StoreError) -> WorkflowExportList
    /// The trigger data, output data and full error text of the given runs, looked up by id (a requirement with a
    /// default, so a call through `any WorkflowSource` reaches each driver's own answer).
    func readRunDetails(ids: [Int64]) throws(StoreError) -> [RunDetail]
}

extension WorkflowSource {
    /// Every run folded, nothing kept for next time: `inspect` and `check`.
    public func readSnapshot(asOf: Timestamp) throws(StoreError) -> WorkflowDatabaseSnapshot {
        try readSnapshot(asOf: asOf, resuming: nil).snapshot
    }

    /// The details of the runs that get a page (`RunPageSelection`), by id, read after the snapshot. A source that
    /// cannot look runs up answers none, and run pages then show what the snapshot holds.
    public func readRunDetails(ids: [Int64]) throws(StoreError) -> [RunDetail] { [] }
}
