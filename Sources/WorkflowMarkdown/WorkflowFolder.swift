import Foundation
import SiteWriter
import WorkflowModel

/// Workflow files on disk: finding them for import, writing them for export.
public enum WorkflowFolder {
    /// Every `.md` file named or found under the named folders (recursively, skipping hidden folders), in a stable
    /// order. A symlink that leads outside the folder it was found in is refused: importing must not read
    /// files the repository does not hold.
    public static func collect(_ paths: [String]) -> (files: [String], problems: [WorkflowFileIssue]) {
        var files: [String] = []
        var problems: [WorkflowFileIssue] = []
        let manager = FileManager.default
        for path in paths {
            var isFolder: ObjCBool = false
            guard manager.fileExists(atPath: path, isDirectory: &isFolder) else {
                problems.append(WorkflowFileIssue(path: path, line: 1, column: 1, message: "no such file or folder"))
                continue
            }
            guard isFolder.boolValue else {
                files.append(path)
                continue
            }
            if SiteWriter.owner(of: URL(fileURLWithPath: path)) == .site {
                // Its Markdown pages are reports, not workflow files: one line instead of an error per page.
                problems.append(WorkflowFileIssue(path: path, line: 1, column: 1, message: "holds a site written by 'flowsite render', not workflow files; import reads a folder 'flowsite export' wrote or one of your own"))
                continue
            }
            let root = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
            guard let walker = manager.enumerator(atPath: path) else { continue }
            var found: [String] = []
            while let relative = walker.nextObject() as? String {
                let name = (relative as NSString).lastPathComponent
                let full = (path as NSString).appendingPathComponent(relative)
                let type = (walker.fileAttributes?[.type] as? FileAttributeType)
                if name.hasPrefix(".") {
                    if type == .typeDirectory { walker.skipDescendants() }
                    continue
                }
                guard name.lowercased().hasSuffix(".md") else { continue }
                if type == .typeSymbolicLink {
                    let target = URL(fileURLWithPath: full).resolvingSymlinksInPath().path
                    guard target.hasPrefix(root + "/") else {
                        problems.append(WorkflowFileIssue(path: full, line: 1, column: 1, message: "symlink points outside \(path) (to \(target)); refusing to read it"))
                        continue
                    }
                }
                found.append(full)
            }
            files += found.sorted()
        }
        return (files, problems)
    }

    /// Reads and parses every file; a file over the size limit is refused before it is read. Returns each workflow a
    /// file names (even when the file has errors, so the importer can check it against the database in the same run)
    /// and every problem of every file.
    public static func parse(_ files: [String]) -> (candidates: [ImportCandidate], problems: [WorkflowFileIssue]) {
        var candidates: [ImportCandidate] = []
        var problems: [WorkflowFileIssue] = []
        let parser = WorkflowFileParser()
        for file in files {
            let size = (try? FileManager.default.attributesOfItem(atPath: file)[.size] as? NSNumber)?.intValue ?? 0
            if size > WorkflowFileParser.maximumSize {
                problems.append(WorkflowFileIssue(path: file, line: 1, column: 1, message: "file is \(size) bytes; workflow files are limited to \(WorkflowFileParser.maximumSize) bytes (1 MiB)"))
                continue
            }
            guard let data = FileManager.default.contents(atPath: file) else {
                problems.append(WorkflowFileIssue(path: file, line: 1, column: 1, message: "cannot read the file"))
                continue
            }
            let parsed = parser.parse(data, path: file)
            if let candidate = parsed.candidate { candidates.append(candidate) }
            problems += parsed.issues
        }
        return (candidates, problems)
    }

    /// File names for exported workflows, unique by construction: `<slug>.md`; when a slug is taken (by a namesake
    /// or by another workflow's `-<id>` name), the lowest id keeps it and the others get `-<id>`, then `-<id>-2`,
    /// `-<id>-3`… until free. Names are compared case-insensitively, so they stay distinct on macOS and Windows
    /// checkouts too. Existing files keep their names when a namesake with a higher id is added.
    public static func fileNames(for workflows: [(id: Int64, name: String)]) -> [Int64: String] {
        var names: [Int64: String] = [:]
        var taken = Set<String>()
        for workflow in workflows.sorted(by: { $0.id < $1.id }) {
            let slug = WorkflowFileWriter.slug(workflow.name)
            var name = slug + ".md"
            var attempt = 1
            while !taken.insert(name.lowercased()).inserted {
                name = attempt == 1 ? "\(slug)-\(workflow.id).md" : "\(slug)-\(workflow.id)-\(attempt).md"
                attempt += 1
            }
            names[workflow.id] = name
        }
        return names
    }

    /// Writes one file per workflow into a folder export owns (the render rule: new, empty, or holding flowsite's
    /// manifest), with the schema the files name (`workflow.schema.json`), then removes the files an earlier export
    /// wrote that no workflow needs any more (a renamed workflow's old file), so import never meets two files naming
    /// one id, and adopts hand-written files the database now holds (`HandWrittenFiles`). Every name is decided
    /// before anything is written and each file has one writer; nothing changes on disk until every file has been
    /// serialised. The counts are of workflow files; the schema is not one.
    public static func export(_ documents: [WorkflowDocument], into folder: URL) throws -> ExportSummary {
        let identified = documents.compactMap { document in document.id.map { (id: $0, document: document) } }
        let names = fileNames(for: identified.map { ($0.id, $0.document.name) })
        let serialized = try serialize(identified.map(\.document))
        // A file import would refuse is not written: the round trip is the promise. Its earlier file goes with the
        // workflows that are gone, so a later import cannot bring back an old version.
        let fits = serialized.map { $0.utf8.count <= WorkflowFileParser.maximumSize }
        let tooLarge = zip(identified, serialized).filter { $0.1.utf8.count > WorkflowFileParser.maximumSize }
            .map { TooLargeWorkflow(id: $0.0.id, name: $0.0.document.name, bytes: $0.1.utf8.count) }
        let exported = zip(identified, fits).filter(\.1).map(\.0)
        let texts = zip(serialized, fits).filter(\.1).map(\.0)
        let writer = SiteWriter(folder: folder, kind: .workflows)
        let schema = Data(WorkflowFileSchema.text.utf8)
        try writer.checkOwnership()
        // The writer leaves a file with the same bytes as it is (unchanged), listed or not: count it the same way.
        let schemaPath = folder.appending(path: WorkflowFileSchema.fileName).path
        var info = stat()
        let schemaWasCurrent = lstat(schemaPath, &info) == 0 && info.st_mode & S_IFMT == S_IFREG && FileManager.default.contents(atPath: schemaPath) == schema
        let adoption = HandWrittenFiles.plan(in: folder, exported: exported.map { ($0.document, names[$0.id]!) })
        let files = zip(exported, texts).map { (path: names[$0.0.id]!, contents: Data($0.1.utf8)) }
            + [(path: WorkflowFileSchema.fileName, contents: schema)]
        var summary = ExportSummary(try writer.write(files, replacing: adoption.replaceable))
        if schemaWasCurrent { summary.unchanged -= 1 } else { summary.written -= 1 }
        summary.adopted = HandWrittenFiles.remove(adoption.adopt, in: folder)
        summary.leftAlone += adoption.notes
        summary.tooLarge = tooLarge
        return summary
    }

    /// YAML emitting is most of an export's work; files are independent, so it runs on every core.
    private static func serialize(_ documents: [WorkflowDocument]) throws -> [String] {
        let writer = WorkflowFileWriter()
        let results = SerializedTexts(count: documents.count)
        let workers = max(1, min(documents.count, ProcessInfo.processInfo.activeProcessorCount))
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            for index in stride(from: worker, to: documents.count, by: workers) {
                results.store(Result { try writer.write(documents[index]) }, at: index)
            }
        }
        return try results.values()
    }
}

/// What an export did to the folder: workflow files written, unchanged and removed (the schema beside them is not
/// counted), hand-written files adopted, and what it left alone and why.
public struct ExportSummary: Sendable, Equatable {
    public var written: Int
    public var unchanged: Int
    public var removed: Int
    public var leftAlone: [String]
    /// Hand-written files removed because the database, and now an exported file, holds exactly what they said.
    public var adopted: [HandWrittenFiles.Adoption] = []
    /// Workflows whose file would exceed what import reads (`WorkflowFileParser.maximumSize`): not written.
    public var tooLarge: [TooLargeWorkflow] = []

    init(_ files: SiteWriter.Summary) {
        written = files.written
        unchanged = files.unchanged
        removed = files.removed
        leftAlone = files.leftAlone
    }
}

/// A workflow export did not write because import would refuse its file.
public struct TooLargeWorkflow: Sendable, Equatable {
    public var id: Int64
    public var name: String
    /// The size its file would have had.
    public var bytes: Int

    /// A warning line.
    public var message: String {
        "workflow #\(id) (\(name)) not exported: its file would be \(bytes) bytes, and import reads files of at most \(WorkflowFileParser.maximumSize) bytes (1 MiB); an earlier export's file of it is removed, so import cannot restore an old version"
    }
}

/// One slot per document, each filled by exactly one worker.
private final class SerializedTexts: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [Result<String, any Error>?]

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    func store(_ result: Result<String, any Error>, at index: Int) { lock.withLock { slots[index] = result } }

    func values() throws -> [String] { try slots.map { try $0!.get() } }
}
