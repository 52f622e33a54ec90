import WorkflowModel

/// A stored workflow as a document for a Markdown file.
public struct ExportedWorkflow: Sendable {
    public var id: Int64
    public var name: String
    public var document: WorkflowDocument
}

/// Every workflow of one export, and the rows that cannot be exported because nothing can name them.
public struct WorkflowExportList: Sendable {
    public var workflows: [ExportedWorkflow]
    /// Workflow rows whose id is not an integer, described as stored (`TEXT 'abc' (named 'Nightly')`).
    public var unidentified: [String]
}

extension WorkflowExportList {
    /// Every workflow of a catalog (optionally one owner's) as a document; the definition is handed over as stored
    /// and the file writer decides how to write it.
    package init(_ catalog: StoreCatalog, owner: String?, source: String) throws(StoreError) {
        let usernames = Dictionary(catalog.users.map { ($0.id, $0.username) }, uniquingKeysWith: { first, _ in first })
        if let owner, !catalog.users.contains(where: { $0.username == owner }) {
            throw StoreError(.invalidInput("--owner '\(owner)' is not a user"), file: source)
        }
        workflows = catalog.workflows.compactMap { workflow -> ExportedWorkflow? in
            let ownerName = workflow.ownerID.flatMap { usernames[$0] }
            if let owner, ownerName != owner { return nil }
            let document = WorkflowDocument(
                id: workflow.id, name: workflow.name, owner: ownerName, description: workflow.description,
                definition: workflow.structuredDefinition, body: WorkflowDocument.normalizedBody(workflow.naturalLanguageDescription))
            return ExportedWorkflow(id: workflow.id, name: workflow.name, document: document)
        }
        unidentified = owner == nil ? catalog.unidentifiedWorkflows : []
    }
}
