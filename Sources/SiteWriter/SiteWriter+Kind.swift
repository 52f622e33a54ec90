import Foundation

extension SiteWriter {
    /// Refuses a folder whose manifest says (or, for an older manifest, whose files show) that the other command
    /// wrote it: a site is never cleaned up by an export, nor workflow files by a render.
    func checkKind(of manifest: Manifest) throws(OutputError) {
        guard let kind, let owner = manifest.owner, owner != kind else { return }
        throw OutputError(.ownedByOther(owner: owner, wanted: kind), path: folder.path)
    }
}

extension SiteWriter {
    /// Which command wrote `folder`, by its manifest (recorded, or for an older one judged by what it lists); nil
    /// when the folder has no flowsite manifest. For readers of a folder (import) that must not take a site's
    /// Markdown pages for workflow files.
    public static func owner(of folder: URL) -> FolderKind? {
        guard let data = try? OwnedFolder(root: folder.standardizedFileURL, create: false).read(manifestName),
              let text = String(data: data, encoding: .utf8), let manifest = Manifest(text: text)
        else { return nil }
        return manifest.owner
    }
}
