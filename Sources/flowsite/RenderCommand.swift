import ArgumentParser

/// `flowsite render`: placeholder until the renderer lands (issue 3).
struct RenderCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "render", abstract: "Render the HTML dashboard site and Markdown reports.")
    func run() throws { throw ValidationError("render is not built yet") }
}
