import ArgumentParser
import Foundation
import Pipeline
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
            let result = try ExportPipeline.run(from: try database.store(), owner: owner, into: out)
            for warning in result.warnings { Console.error("flowsite: warning: \(warning)") }
            result.lines.forEach(Console.out)
        }
    }
}
