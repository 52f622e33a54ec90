import WorkflowModel

/// What import will do, or did, with one file.
public struct PlannedChange: Sendable, Equatable {
    public enum Action: Sendable, Equatable {
        case create
        /// The fields that differ, by their names in the file (`name`, `description`, `body`, `definition`).
        case update([String])
        case unchanged
    }

    public var path: String
    public var workflowName: String
    /// The workflow it updates, or the id it was given when created (nil in a dry run's create).
    public var workflowID: Int64?
    public var action: Action

    public init(path: String, workflowName: String, workflowID: Int64?, action: Action) {
        self.path = path
        self.workflowName = workflowName
        self.workflowID = workflowID
        self.action = action
    }
}

extension PlannedChange.Action {
    package init(changes: [String]) { self = changes.isEmpty ? .unchanged : .update(changes) }
}
