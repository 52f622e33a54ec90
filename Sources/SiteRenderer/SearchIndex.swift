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
        let integrations: [JSONValue] = builder.snapshot.integrations.map { integration in
            .array([
                .integer(words.position(integration.serverName)),
                .string(builder.integrationLink(integration).file),
                .integer(words.position(builder.ownerName(integration.ownerID))),
            ])
        }
        let errors: [JSONValue] = builder.snapshot.statistics.errors.prefix(errorsKept).map { tally in
            // An error leads to the first workflow it hit that has a page, else to the dashboard's error list.
            let page = tally.workflowIDs.lazy.map(builder.workflowLink).first(where: \.exists).map { "workflows/\($0.file).html" }
            return .array([.string(Formatting.excerpt(tally.message, limit: 200)), .string(page ?? "index.html#most-frequent-errors"), .integer(Int64(tally.count))])
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
