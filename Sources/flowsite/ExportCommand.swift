import ArgumentParser
import Foundation
import SiteWriter
import WorkflowMarkdown
import WorkflowModel
import WorkflowStore

/// `flowsite export`: one Markdown file per workflow, into a folder export owns.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export workflows as Markdown files (<slug>.md) that import reads back unchanged.",
        discussion: """
        The folder must be new, empty, or one an earlier export wrote (it holds .flowsite-manifest); a rendered site is \
        refused. Files that did not change are not rewritten; the file of a workflow that was renamed or deleted is \
        removed. A hand-written file without id: that says exactly what the database holds (after import) is adopted: \
        the exported file replaces it. workflow.schema.json, the JSON Schema every file names, is written beside them.
        """
    )

    @OptionGroup var database: DatabaseOptions

    @Option(help: ArgumentHelp("The folder to write into (created if missing).", valueName: "DIR"))
    var out: String

    @Option(help: ArgumentHelp("Only this user's workflows.", valueName: "USERNAME"))
    var owner: String?

    func run() throws {
        try reportingFailures {
            // Refuse a folder that is not export's (a rendered site, someone's files) before reading anything.
            try SiteWriter(folder: URL(fileURLWithPath: out), kind: .workflows).checkOwnership()
            let export = try database.store().exportWorkflows(owner: owner)
            for row in export.unidentified {
                Console.error("flowsite: warning: workflow row not exported: its id is \(row), not an integer, so no file could name it")
            }
            let summary = try WorkflowFolder.export(export.workflows.map(\.document), into: URL(fileURLWithPath: out))
            for note in summary.leftAlone { Console.error("flowsite: warning: \(note)") }
            for adoption in summary.adopted {
                Console.out(adoption.inPlace
                    ? "adopted \((out as NSString).appendingPathComponent(adoption.path)): workflow #\(adoption.workflowID) is in the database; the file now has its id"
                    : "adopted \((out as NSString).appendingPathComponent(adoption.path)): workflow #\(adoption.workflowID) is in the database and in \(adoption.exportedAs); removed the hand-written copy")
            }
            let skipped = export.unidentified.isEmpty ? "" : ", skipped \(export.unidentified.count)"
            let adopted = summary.adopted.isEmpty ? "" : ", adopted \(summary.adopted.count)"
            Console.out("exported \(export.workflows.count) workflow(s) to \(out): written \(summary.written), unchanged \(summary.unchanged), removed \(summary.removed)\(adopted)\(skipped)")
        }
    }
}
