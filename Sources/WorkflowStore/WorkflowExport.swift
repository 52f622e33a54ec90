import GRDB
import WorkflowModel

extension SQLiteWorkflowStore {
    /// A stored workflow as a document, or why it cannot be one.
    public struct ExportedWorkflow: Sendable {
        public var id: Int64
        public var name: String
        public var document: WorkflowDocument?
        public var problem: String?
    }

    /// Every workflow (optionally one owner's) as a document with canonical keys, read in one transaction without
    /// touching the run table.
    public func exportWorkflows(owner: String?) throws(StoreError) -> [ExportedWorkflow] {
        let queue = try openReadOnly()
        do {
            return try queue.read { db in
                var reader = SnapshotReader(db: db, sourceName: location.fileName, file: location.path)
                let catalog = try reader.readCatalog()
                let usernames = Dictionary(catalog.users.map { ($0.id, $0.username) }, uniquingKeysWith: { first, _ in first })
                if let owner, !catalog.users.contains(where: { $0.username == owner }) {
                    throw StoreError(.invalidInput("--owner '\(owner)' is not a user"), file: location.path)
                }
                return catalog.workflows.compactMap { workflow -> ExportedWorkflow? in
                    let ownerName = workflow.ownerID.flatMap { usernames[$0] }
                    if let owner, ownerName != owner { return nil }
                    guard let raw = workflow.structuredDefinition.value, let definition = WorkflowDefinition.canonical(raw) else {
                        return ExportedWorkflow(id: workflow.id, name: workflow.name, document: nil, problem: "its stored definition is not a JSON object")
                    }
                    let document = WorkflowDocument(
                        id: workflow.id, name: workflow.name, owner: ownerName, description: workflow.description,
                        definition: definition, body: WorkflowDocument.normalizedBody(workflow.naturalLanguageDescription))
                    return ExportedWorkflow(id: workflow.id, name: workflow.name, document: document, problem: nil)
                }
            }
        } catch {
            throw StoreError.from(error, file: location.path)
        }
    }
}
