import Foundation
import PackagePlugin

/// Embeds the package's `Templates/` and `Public/` folders, and the pinned Mermaid in `Vendor/`, into the target that
/// uses this plugin, so the `flowsite` binary works from any directory without a resource bundle beside it, and the
/// sites it writes draw their diagrams without asking another host for anything.
@main
struct EmbedAssets: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let mermaid = context.package.directoryURL.appending(path: "Vendor/mermaid/mermaid.min.js")
        guard FileManager.default.fileExists(atPath: mermaid.path) else {
            throw MissingMermaid()
        }
        let folders = ["Templates", "Public", "Vendor"].map { context.package.directoryURL.appending(path: $0) }
        let inputs = folders.flatMap(Self.files(under:))
        let output = context.pluginWorkDirectoryURL.appending(path: "EmbeddedAssets.swift")
        return [
            .buildCommand(
                displayName: "Embedding Templates/, Public/ and Vendor/",
                executable: try context.tool(named: "AssetEmbedder").url,
                arguments: [output.path] + folders.map(\.path),
                inputFiles: inputs,
                outputFiles: [output]
            )
        ]
    }

    private static func files(under folder: URL) -> [URL] {
        guard let walker = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.isRegularFileKey]) else {
            return []
        }
        return walker.compactMap { $0 as? URL }
            .filter { (try? $0.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true }
            .sorted { $0.path < $1.path }
    }
}

struct MissingMermaid: Error, CustomStringConvertible {
    var description: String {
        "Vendor/mermaid/mermaid.min.js is missing: run scripts/fetch-mermaid.py (make runs it), which fetches the pinned Mermaid 11 every site carries"
    }
}
