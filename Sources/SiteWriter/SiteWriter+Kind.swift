import Foundation

extension SiteWriter {
    /// Refuses a folder whose manifest says (or, for an older manifest, whose files show) that the other command
    /// wrote it: a site is never cleaned up by an export, nor workflow files by a render.
    func checkKind(of manifest: Manifest) throws(OutputError) {
        guard let kind, let owner = manifest.owner, owner != kind else { return }
        throw OutputError(.ownedByOther(owner: owner, wanted: kind), path: folder.path)
    }
}
