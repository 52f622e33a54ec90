import Foundation

/// The static files every HTML site needs: the bundled `Public/` folder, and Mermaid unless it comes from a URL.
enum SiteAssets {
    static let mermaidClassicPath = "assets/mermaid/mermaid.min.js"
    static let mermaidModulePath = "assets/mermaid/index.js"
    /// Where the build embeds the pinned Mermaid (scripts/fetch-mermaid.py puts it there).
    static let bundledMermaid = "Vendor/mermaid/mermaid.min.js"

    static func files(mermaid: RenderOptions.MermaidSource) throws(RenderError) -> [RenderedFile] {
        var files = EmbeddedFiles.all(under: "Public/").map { RenderedFile(path: "assets/" + $0.0, contents: $0.1) }
        switch mermaid {
        case .cdn:
            break
        case .bundled:
            guard let data = EmbeddedFiles.file(bundledMermaid) else {
                throw RenderError(.mermaid("this flowsite was built without its Mermaid; pass --mermaid cdn, a URL or a mermaid.min.js"), file: bundledMermaid)
            }
            files.append(RenderedFile(path: mermaidClassicPath, contents: data))
        case .classicScript(let path):
            guard let data = FileManager.default.contents(atPath: path) else {
                throw RenderError(.mermaid("cannot read the Mermaid script"), file: path)
            }
            files.append(RenderedFile(path: mermaidClassicPath, contents: data))
        case .moduleFolder(let path):
            let folder = URL(fileURLWithPath: path).standardizedFileURL
            guard FileManager.default.fileExists(atPath: folder.appending(path: "index.js").path),
                  let walker = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.isRegularFileKey])
            else {
                throw RenderError(.mermaid("no index.js: --mermaid takes a mermaid.min.js file or a folder with an ES-module build (index.js exporting mermaid)"), file: path)
            }
            var copied: [RenderedFile] = []
            for case let file as URL in walker where (try? file.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true {
                let relative = String(file.standardizedFileURL.path.dropFirst(folder.path.count + 1))
                guard ["js", "mjs", "css", "json", "map"].contains(file.pathExtension), let data = FileManager.default.contents(atPath: file.path) else { continue }
                copied.append(RenderedFile(path: "assets/mermaid/" + relative, contents: data))
            }
            files += copied.sorted { $0.path < $1.path }
        }
        return files
    }
}
