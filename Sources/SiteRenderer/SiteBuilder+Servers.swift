import WorkflowModel

/// One page per MCP server, across every owner who configured it (`servers/`), and the servers' table on the
/// integrations index: a server configured by a hundred owners is one row, not a hundred.
extension SiteBuilder {
    /// `notion-mcp-1a2b3c4d5e`: the server's name made readable, and a hash so two names that slug alike differ.
    static func serverFile(_ server: String) -> String {
        let hash = String(PageFingerprints.hash(server), radix: 16)
        let padded = String(repeating: "0", count: max(0, 16 - hash.count)) + hash
        return Formatting.slug(String(server.split(separator: "/").last ?? Substring(server)), fallback: "server") + "-" + padded.prefix(10)
    }

    /// Every configured server name, in the order integrations list them (by id), once each.
    var serverNames: [String] {
        var seen = Set<String>()
        return snapshot.integrations.map(\.serverName).filter { seen.insert($0).inserted }
    }

    func usingWorkflow(_ workflow: Workflow) -> ServerPage.UsingWorkflow {
        let runs = statistics.workflow(workflow.id)
        return .init(link: workflowLink(workflow.id), successRate30d: Formatting.percent(runs.last30Days.successRate),
                     lastRunStatus: runs.lastRun?.status.name, lastRunStatusClass: Self.statusClass(runs.lastRun?.status),
                     failureStreak: runs.failureStreak)
    }

    func serverRows() -> [IntegrationsPage.ServerRow] {
        var configured: [String: Int] = [:]
        for integration in snapshot.integrations { configured[integration.serverName, default: 0] += 1 }
        return serverNames.map { server in
            let health = servers.first { $0.server == server }
            return .init(serverName: server, file: Self.serverFile(server), configurations: configured[server] ?? 0,
                         workflows: health?.workflowIDs.count ?? 0, failureRate30d: Formatting.percent(health?.failureRate30Days),
                         unreliable: health?.isUnreliable(threshold: options.unreliableFailureRate) == true)
        }
    }

    func serverPage(_ server: String, root: String) -> ServerPage {
        let configurations = snapshot.integrations.filter { $0.serverName == server }
        let using = snapshot.workflows.filter { $0.definition.referencedServers.contains(server) }
        let runs30 = using.reduce(0) { $0 + statistics.workflow($1.id).last30Days.total }
        return ServerPage(
            root: root, serverName: server,
            figures: [
                Figure(label: "Configurations", value: String(configurations.count)),
                Figure(label: "Workflows using it", value: String(using.count)),
                Figure(label: "Their runs, 30 days", value: Formatting.count(runs30)),
            ],
            health: health(server), usedBy: using.map(usingWorkflow),
            configurations: configurations.map { integration in
                var configJSON = integration.config.value.map { JSONWriter.pretty.write($0) } ?? ""
                var problem: String?
                if case .malformed(let raw) = integration.config {
                    problem = "The stored config is not valid JSON; shown as stored, with secrets masked."
                    configJSON = raw
                }
                return .init(link: integrationLink(integration), owner: ownerName(integration.ownerID), createdAt: Stamp(integration.createdAt),
                             configJSON: configJSON, configProblem: problem)
            }
        )
    }
}
