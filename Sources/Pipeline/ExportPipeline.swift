import Foundation
import SiteWriter
import WorkflowMarkdown
import WorkflowStore

/// `flowsite export`: one Markdown file per workflow into a folder export owns.
public enum ExportPipeline {
    public struct Result: Sendable {
        public var exported: Int
        /// Rows whose id is not an integer: no file can name them.
        public var unidentified: [String]
        public var written: ExportSummary
        /// The folder as the user wrote it, for messages.
        public var folderName: String

        /// Warnings, each on its own line.
        public var warnings: [String] {
            unidentified.map { "workflow row not exported: its id is \($0), not an integer, so no file could name it" } + written.tooLarge.map(\.message) + written.leftAlone
        }

        /// What happened to each hand-written file export adopted, then the summary line.
        public var lines: [String] {
            written.adopted.map { adoption in
                let path = (folderName as NSString).appendingPathComponent(adoption.path)
                return adoption.inPlace
                    ? "adopted \(path): workflow #\(adoption.workflowID) is in the database; the file now has its id"
                    : "adopted \(path): workflow #\(adoption.workflowID) is in the database and in \(adoption.exportedAs); removed the hand-written copy"
            } + [summary]
        }

        var summary: String {
            let skippedCount = unidentified.count + written.tooLarge.count
            let skipped = skippedCount == 0 ? "" : ", skipped \(skippedCount)"
            let adopted = written.adopted.isEmpty ? "" : ", adopted \(written.adopted.count)"
            return "exported \(exported) workflow(s) to \(folderName): written \(written.written), unchanged \(written.unchanged), removed \(written.removed)\(adopted)\(skipped)"
        }
    }

    /// Refuses a folder that is not export's (a rendered site, someone's files) before reading anything.
    public static func run(from source: any WorkflowSource, owner: String?, into folderName: String) throws -> Result {
        let folder = URL(fileURLWithPath: folderName)
        try SiteWriter(folder: folder, kind: .workflows).checkOwnership()
        let export = try source.exportWorkflows(owner: owner)
        let written = try WorkflowFolder.export(export.workflows.map(\.document), into: folder)
        return Result(exported: export.workflows.count - written.tooLarge.count, unidentified: export.unidentified.map { "\($0)" }, written: written, folderName: folderName)
    }
}
