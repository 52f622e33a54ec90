/// Everything one command needs from a workflow database, read inside one transaction so it is consistent.
public struct WorkflowDatabaseSnapshot: Sendable {
    /// The database's file name (or other source label), for messages and page footers.
    public var sourceName: String
    public var layout: DatabaseLayout
    /// Row counts of every table in the file, by table name, ascending.
    public var tableCounts: [TableCount]
    public var users: [User]
    public var workflows: [Workflow]
    public var integrations: [Integration]
    public var schema: DatabaseSchema
    public var statistics: RunStatistics
    public var findings: [DataQualityFinding]

    public init(
        sourceName: String, layout: DatabaseLayout, tableCounts: [TableCount], users: [User], workflows: [Workflow],
        integrations: [Integration], schema: DatabaseSchema, statistics: RunStatistics, findings: [DataQualityFinding]
    ) {
        self.sourceName = sourceName
        self.layout = layout
        self.tableCounts = tableCounts
        self.users = users
        self.workflows = workflows
        self.integrations = integrations
        self.schema = schema
        self.statistics = statistics
        self.findings = findings
    }

    public struct TableCount: Sendable, Hashable {
        public var table: String
        public var rows: Int
        public init(table: String, rows: Int) {
            self.table = table
            self.rows = rows
        }
    }
}
