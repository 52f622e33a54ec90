import ArgumentParser
import Foundation
import WorkflowMarkdown
import WorkflowModel
import WorkflowStore

/// `flowsite export`: one canonical Markdown file per workflow.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export workflows as Markdown files (<slug>.md) that import reads back unchanged."
    )

    @OptionGroup var database: DatabaseOptions

    @Option(help: ArgumentHelp("The folder to write into (created if missing). Files that did not change are not rewritten.", valueName: "DIR"))
    var out: String

    @Option(help: ArgumentHelp("Only this user's workflows.", valueName: "USERNAME"))
    var owner: String?

    func run() throws {
        try reportingFailures {
            let workflows = try database.store().exportWorkflows(owner: owner)
            try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
            let names = WorkflowFolder.fileNames(for: workflows.map { ($0.id, $0.name) })
            let writer = WorkflowFileWriter()
            var written = 0, unchanged = 0, skipped = 0
            for workflow in workflows {
                guard let document = workflow.document else {
                    FileHandle.standardError.write(Data("flowsite: warning: workflow \(workflow.id) not exported: \(workflow.problem ?? "unreadable")\n".utf8))
                    skipped += 1
                    continue
                }
                let path = (out as NSString).appendingPathComponent(names[workflow.id]!)
                if try WorkflowFolder.writeIfChanged(try writer.write(document), to: path) { written += 1 } else { unchanged += 1 }
            }
            print("exported \(workflows.count - skipped) workflow(s) to \(out): written \(written), unchanged \(unchanged)\(skipped > 0 ? ", skipped \(skipped)" : "")")
        }
    }
}
