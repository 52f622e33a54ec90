import ArgumentParser
import Foundation
import SiteWriter
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
            var exportable: [(document: WorkflowDocument, path: String)] = []
            for workflow in workflows {
                guard let document = workflow.document else {
                    FileHandle.standardError.write(Data("flowsite: warning: workflow \(workflow.id) not exported: \(workflow.problem ?? "unreadable")\n".utf8))
                    continue
                }
                exportable.append((document, (out as NSString).appendingPathComponent(names[workflow.id]!)))
            }
            let skipped = workflows.count - exportable.count
            let (written, unchanged) = try Self.write(exportable)
            print("exported \(exportable.count) workflow(s) to \(out): written \(written), unchanged \(unchanged)\(skipped > 0 ? ", skipped \(skipped)" : "")")
        }
    }

    /// Serialises and writes on every core: files are independent, and YAML emitting is most of the work left once
    /// the files are written without fsync. Stops at the first failure and rethrows it.
    private static func write(_ files: [(document: WorkflowDocument, path: String)]) throws -> (written: Int, unchanged: Int) {
        let writer = WorkflowFileWriter()
        let tally = ExportTally()
        let workers = max(1, ProcessInfo.processInfo.activeProcessorCount)
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            for index in stride(from: worker, to: files.count, by: workers) where !tally.failed {
                do {
                    let text = try writer.write(files[index].document)
                    tally.record(wrote: try AtomicFile.writeIfChanged(Data(text.utf8), to: files[index].path))
                } catch {
                    tally.fail(error)
                }
            }
        }
        if let error = tally.firstError { throw error }
        return (tally.written, tally.unchanged)
    }
}

/// Counts shared by the export workers.
private final class ExportTally: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var written = 0
    private(set) var unchanged = 0
    private(set) var firstError: (any Error)?

    var failed: Bool { lock.withLock { firstError != nil } }

    func record(wrote: Bool) {
        lock.withLock { if wrote { written += 1 } else { unchanged += 1 } }
    }

    func fail(_ error: any Error) {
        lock.withLock { if firstError == nil { firstError = error } }
    }
}
