import WorkflowModel

/// Anything that can hand the renderer a consistent snapshot of a workflow database. SQLite is the one source
/// today; a PostgreSQL source (the design's scale-out path) would conform without touching rendering.
public protocol WorkflowSource: Sendable {
    /// Reads everything in one read transaction. `asOf` fixes "now" for every time window.
    func readSnapshot(asOf: Timestamp) throws(StoreError) -> WorkflowDatabaseSnapshot
}
