/// Which of a workflow's MCP servers a failed run's error names: the server itself (`github.com/acme/notion-mcp`),
/// its short name as a word (`notion` for `…/notion-mcp`, `Slack API: …` for `…/slack-mcp`), or the tool of one of
/// its steps (`create_page`). A failure naming none is unattributed: it may be a condition, the app, or a step the
/// message does not name, and blaming every server the workflow uses made a healthy Slack server look unreliable
/// because a GitHub step failed.
public struct FailureAttribution: Sendable {
    private struct Server {
        var name: String
        var lowered: String
        var shortName: String?
        var tools: [String]
    }

    private let servers: [Server]

    public init(_ definition: WorkflowDefinition) {
        var tools: [String: [String]] = [:]
        for action in definition.actions {
            if let server = action.integration, let tool = action.tool?.lowercased(), tool.count >= 3 { tools[server, default: []].append(tool) }
        }
        servers = definition.referencedServers.map { name in
            Server(name: name, lowered: name.lowercased(), shortName: Self.shortName(of: name), tools: tools[name] ?? [])
        }
    }

    /// `github.com/acme/slack-mcp` -> `slack`; nil when too short to be a telling word.
    static func shortName(of server: String) -> String? {
        var last = server.lowercased().split(separator: "/").last.map(String.init) ?? ""
        for suffix in ["-mcp-server", "-mcp", "_mcp", "-server"] where last.hasSuffix(suffix) { last.removeLast(suffix.count) }
        for prefix in ["mcp-server-", "mcp-", "server-"] where last.hasPrefix(prefix) { last.removeFirst(prefix.count) }
        return last.count >= 3 ? last : nil
    }

    /// The servers (of this workflow) the message names, in the workflow's order.
    public func servers(namedIn message: String) -> [String] {
        var text = message.lowercased()
        var named: [String] = []
        // Full names first, and taken out, so `github.com/acme/notion-mcp` does not also name the GitHub server.
        for server in servers where text.contains(server.lowered) {
            named.append(server.name)
            text = text.replacingOccurrences(of: server.lowered, with: " ")
        }
        for server in servers where !named.contains(server.name) {
            let words = ([server.shortName].compactMap { $0 } + server.tools)
            if words.contains(where: { Self.containsWord($0, in: text) }) { named.append(server.name) }
        }
        return servers.map(\.name).filter(named.contains)
    }

    /// `word` in `text` with no letter, digit or `_` on either side.
    static func containsWord(_ word: String, in text: String) -> Bool {
        var searchRange = text.startIndex..<text.endIndex
        while let found = text.range(of: word, range: searchRange) {
            let before = found.lowerBound == text.startIndex ? nil : text[text.index(before: found.lowerBound)]
            let after = found.upperBound == text.endIndex ? nil : text[found.upperBound]
            let isWordCharacter = { (character: Character?) in character.map { $0.isLetter || $0.isNumber || $0 == "_" } ?? false }
            if !isWordCharacter(before), !isWordCharacter(after) { return true }
            searchRange = found.upperBound..<text.endIndex
        }
        return false
    }
}
