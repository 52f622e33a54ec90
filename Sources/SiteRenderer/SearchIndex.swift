import WorkflowModel

/// The site's search index, `assets/search-index.js`: every workflow (name, owner, trigger, integrations, tools and
/// the start of its description), every integration and the most frequent error messages. It is a script that sets
/// `window.flowsiteSearch`, not JSON to fetch: a site opened from `file://` cannot fetch, but it can load a script.
/// `site.js` loads it when the search box is first used, so pages that are only read never pay for it.
///
/// Compact by design (10,000 workflows in well under 2 MB): owners, servers and tools are written once in `words`
/// and referred to by position, and paths are rebuilt from the file names the pages already use.
enum SearchIndex {
    static let path = "assets/search-index.js"
    /// Characters of description kept per workflow: enough to recognise it, and to match its first words.
    static let descriptionKept = 80
    /// Distinct error messages kept, most frequent first.
    static let errorsKept = 500

    static func file(_ builder: SiteBuilder) -> RenderedFile {
        var words = WordTable()
        let workflows: [JSONValue] = builder.snapshot.workflows.map { workflow in
            let definition = workflow.definition
            let tools = definition.actions.compactMap(\.tool)
            let text = workflow.description.flatMap { $0.isEmpty ? nil : $0 } ?? workflow.naturalLanguageDescription
            return .array([
                .string(builder.workflowLink(workflow.id).name),
                .string(builder.workflowLink(workflow.id).file),
                .integer(words.position(builder.ownerName(workflow.ownerID))),
                .string(definition.trigger?.type ?? ""),
                .array(definition.referencedServers.map { .integer(words.position($0)) }),
                .array(tools.map { .integer(words.position($0)) }),
                .string(Formatting.excerpt(text, limit: descriptionKept)),
            ])
        }
        // One entry per MCP server, however many owners configured it: its page, and who configured it.
        var servers: [String: [Integration]] = [:]
        var serverOrder: [String] = []
        for integration in builder.snapshot.integrations {
            if servers[integration.serverName] == nil { serverOrder.append(integration.serverName) }
            servers[integration.serverName, default: []].append(integration)
        }
        let integrations: [JSONValue] = serverOrder.map { server in
            let configured = servers[server]!
            let owners = configured.count == 1 ? builder.ownerName(configured[0].ownerID) : "\(configured.count) configurations"
            return .array([
                .integer(words.position(server)),
                .string(SiteBuilder.serverFile(server)),
                .integer(words.position(owners)),
            ])
        }
        // Errors by signature, each leading to its page (the most frequent have one), else to the errors index.
        let errors: [JSONValue] = builder.signatures.prefix(errorsKept).map { tally in
            let page = builder.signatureFile(of: tally.signature).map { "errors/\($0).html" } ?? "errors/index.html"
            return .array([.string(Formatting.excerpt(tally.signature, limit: 200)), .string(page), .integer(Int64(tally.count))])
        }
        let index = JSONValue.object([
            .init("words", .array(words.words.map(JSONValue.string))),
            .init("workflows", .array(workflows)),
            .init("integrations", .array(integrations)),
            .init("errors", .array(errors)),
        ])
        return RenderedFile(path: path, text: "window.flowsiteSearch = " + JSONWriter.compact.write(index) + ";\n")
    }

    /// Strings written once and referred to by position.
    private struct WordTable {
        var words: [String] = []
        private var positions: [String: Int64] = [:]

        mutating func position(_ word: String) -> Int64 {
            if let position = positions[word] { return position }
            let position = Int64(words.count)
            words.append(word)
            positions[word] = position
            return position
        }
    }
}
