import Foundation
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

    /// Reads and parses files; a file over the size limit is refused before it is read.
    public static func parse(_ files: [String]) -> (parsed: [WorkflowFileParser.Parsed], problems: [WorkflowFileIssue]) {
        var parsed: [WorkflowFileParser.Parsed] = []
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
            switch parser.parse(data, path: file) {
            case .parsed(let result):
                parsed.append(result)
                problems += result.warnings
            case .failed(let issues):
                problems += issues
            }
        }
        return (parsed, problems)
    }

    /// File names for exported workflows: `<slug>.md`; when several share a slug, the lowest id keeps it and the
    /// others get `-<id>`, so existing files keep their names when a namesake is added.
    public static func fileNames(for workflows: [(id: Int64, name: String)]) -> [Int64: String] {
        var names: [Int64: String] = [:]
        var taken = Set<String>()
        for workflow in workflows.sorted(by: { $0.id < $1.id }) {
            let slug = WorkflowFileWriter.slug(workflow.name)
            let name = taken.insert(slug).inserted ? slug + ".md" : "\(slug)-\(workflow.id).md"
            names[workflow.id] = name
        }
        return names
    }
}
