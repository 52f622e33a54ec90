import WorkflowModel

/// The app's four tables, named as SQLModel names them; each layout spells tables and columns its own way, and this
/// is the one place that says how (reading, detection, import, the demo and the tests all ask here).
public enum AppTable: String, CaseIterable, Sendable {
    case user, workflow, integration, workflowRun = "workflowrun"

    /// The table as a layout names it: SQLModel's lowercase class names, or Prisma's model names.
    public func name(in layout: DatabaseLayout) -> String {
        switch (layout, self) {
        case (.sqlmodel, _): return rawValue
        case (.prisma, .workflowRun): return "WorkflowRun"
        case (.prisma, _): return rawValue.prefix(1).uppercased() + rawValue.dropFirst()
        }
    }
}

extension DatabaseLayout {
    /// A column as this layout names it, from its snake_case (SQLModel's) name: `owner_id` or Prisma's `ownerId`.
    public func columnName(_ snake: String) -> String {
        switch self {
        case .sqlmodel: return snake
        case .prisma:
            let parts = snake.split(separator: "_")
            return (parts.first.map(String.init) ?? "") + parts.dropFirst().map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
        }
    }
}
