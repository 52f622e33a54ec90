/// What a nightly job says about a snapshot beyond its counts, derived once and shared by everything that shows it:
/// the pages, `stats.json`, the feed and `flowsite check` read the same values, so they cannot disagree.
public struct Insights: Sendable {
    /// Every workflow whose trigger sets a cadence, by id.
    public let punctuality: [Int64: Punctuality]
    /// Error messages grouped, most runs first.
    public let signatures: [SignatureTally]
    /// Per MCP server name, sorted by name.
    public let servers: [ServerHealth]
    /// The signature of each tracked message, made once (a signature is a scan of its message).
    private let signatureOfMessage: [String: String]

    public init(_ snapshot: WorkflowDatabaseSnapshot, gates: GateSettings = GateSettings()) {
        punctuality = Punctuality.evaluateAll(snapshot) { gates.lateGraceSeconds(for: $0) }
        let signatureOfMessage = Dictionary(snapshot.statistics.errors.map { ($0.message, ErrorSignature.of($0.message)) }, uniquingKeysWith: { first, _ in first })
        self.signatureOfMessage = signatureOfMessage
        signatures = SignatureTally.group(snapshot.statistics.errors) { signatureOfMessage[$0] ?? ErrorSignature.of($0) }
        servers = ServerHealth.all(snapshot, signatures: signatures)
    }

    /// A message's signature, from the table made once when the message is a tracked one.
    public func signature(of message: String) -> String { signatureOfMessage[message] ?? ErrorSignature.of(message) }
}
