import Foundation
import WorkflowModel

/// The authoring loop's last step: a person writes `new.md` without `id:`, imports it, and exports. The export
/// writes the workflow as `<slug>.md` with its `id:`, so `new.md` would be a second file naming the same workflow
/// and the next import (or `import --check`) would stop on it. Export therefore adopts such a file: when a
/// hand-written file (no `id:`, no problems) names an exported workflow by owner and name and says exactly what the
/// database holds (definition, description, body: what `import --check` compares), the exported file takes its
/// place and it is removed (replaced, when it already has the exported name). Nothing is lost: what it said is in
/// the database and in the exported file. A file that differs is left in place with a note saying what to do.
public enum HandWrittenFiles {
    /// A hand-written file an export took over.
    public struct Adoption: Sendable, Equatable {
        /// The hand-written file, relative to the export folder.
        public var path: String
        public var workflowID: Int64
        /// The exported file's name in the folder.
        public var exportedAs: String
        /// Whether the hand-written file already had the exported name (replaced, not removed).
        public var inPlace: Bool
    }

    /// What to adopt and what to mention, decided before anything is written.
    public struct Plan: Sendable {
        public var adopt: [Adoption] = []
        public var notes: [String] = []
        /// Exported names held by an adopted hand-written file, which the export may replace.
        public var replaceable: Set<String> { Set(adopt.filter(\.inPlace).map(\.exportedAs)) }
    }

    /// Reads the folder's `.md` files without `id:` (recursively, as import finds them) and decides, for each that
    /// names one of the `exported` workflows, whether to adopt it or leave it with a note.
    public static func plan(in folder: URL, exported: [(document: WorkflowDocument, fileName: String)]) -> Plan {
        var plan = Plan()
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isFolder), isFolder.boolValue else { return plan }
        let parser = WorkflowFileParser()
        let root = folder.standardizedFileURL.path
        for file in WorkflowFolder.collect([root]).files {
            var info = stat()
            guard lstat(file, &info) == 0, info.st_mode & S_IFMT == S_IFREG, info.st_size <= WorkflowFileParser.maximumSize,
                  let data = FileManager.default.contents(atPath: file), !Self.namesAnID(data)
            else { continue }
            let parsed = parser.parse(data, path: file)
            guard parsed.errors.isEmpty, let written = parsed.candidate?.document, written.id == nil else { continue }
            let namesakes = exported.filter { $0.document.name == written.name && (written.owner == nil || $0.document.owner == written.owner) }
            guard namesakes.count == 1, let match = namesakes.first, let id = match.document.id else { continue }
            let relative = String(file.dropFirst(root.count + 1))
            let differing = differences(match.document, written)
            if differing.isEmpty {
                plan.adopt.append(Adoption(path: relative, workflowID: id, exportedAs: match.fileName, inPlace: relative == match.fileName))
            } else {
                plan.notes.append("\(relative): names workflow #\(id) '\(match.document.name)' without 'id:' but its \(differing.joined(separator: ", ")) differ from the database; left in place (import it, then export again; or remove it), or import will find two files for one workflow")
            }
        }
        return plan
    }

    /// Whether the front matter has a top-level `id:` line: every exported file does, and none of them can be
    /// adopted, so an export over thousands of its own files skips parsing them (a YAML parse each).
    static func namesAnID(_ data: Data) -> Bool {
        var lines = data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).makeIterator()
        guard let first = lines.next(), first.starts(with: Array("---".utf8)) else { return false }
        while let line = lines.next() {
            if line.starts(with: Array("---".utf8)) { return false }
            if line.starts(with: Array("id:".utf8)) { return true }
        }
        return false
    }

    /// The fields `import --check` would report as changed.
    static func differences(_ stored: WorkflowDocument, _ file: WorkflowDocument) -> [String] {
        var fields: [String] = []
        if stored.description != file.description { fields.append("description") }
        if !WorkflowDocument.isSameDefinition(stored.definition, file.definition) { fields.append("definition") }
        if !WorkflowDocument.isSameBody(stored.body, file.body) { fields.append("body") }
        return fields
    }

    /// Removes adopted files that the export did not replace in place (only regular files; a link is never followed)
    /// and returns every adoption that took effect.
    static func remove(_ adoptions: [Adoption], in folder: URL) -> [Adoption] {
        adoptions.filter { adoption in
            if adoption.inPlace { return true }
            let path = folder.standardizedFileURL.appending(path: adoption.path).path
            var info = stat()
            guard lstat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return false }
            return unlink(path) == 0
        }
    }
}
