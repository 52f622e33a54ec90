import Foundation
import PackagePlugin

/// Embeds the package's `Templates/` and `Public/` folders into the target that uses this plugin,
/// so the `flowsite` binary works from any directory without a resource bundle beside it.
@main
struct EmbedAssets: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let folders = ["Templates", "Public"].map { context.package.directoryURL.appending(path: $0) }
        let inputs = folders.flatMap(Self.files(under:))
        let output = context.pluginWorkDirectoryURL.appending(path: "EmbeddedAssets.swift")
        return [
            .buildCommand(
                displayName: "Embedding Templates/ and Public/",
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
