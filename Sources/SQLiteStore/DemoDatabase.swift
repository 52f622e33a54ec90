import Foundation
import GRDB
import WorkflowModel
import WorkflowStore

/// Writes a realistic, deterministic workflow database in one layout's exact on-disk form, for demos, tests
/// and benchmarks. Same seed, size, layout and `now` give byte-identical files.
public struct DemoDatabase: Sendable {
    public enum Size: String, Sendable, CaseIterable {
        case small, medium, large

        var users: Int { [.small: 4, .medium: 100, .large: 1_000][self]! }
        var workflows: Int { [.small: 12, .medium: 800, .large: 10_000][self]! }
        var integrations: Int { [.small: 8, .medium: 300, .large: 3_000][self]! }
        /// About how many runs in all.
        var runs: Int { [.small: 2_500, .medium: 250_000, .large: 5_000_000][self]! }
        var days: Int { self == .large ? 365 : 90 }
    }

    public var layout: DatabaseLayout
    public var size: Size
    public var seed: UInt64
    /// Runs end just before this moment.
    public var now: Timestamp

    public init(layout: DatabaseLayout, size: Size, seed: UInt64, now: Timestamp) {
        self.layout = layout
        self.size = size
        self.seed = seed
        self.now = now
    }

    public struct Summary: Sendable {
        public var users = 0, workflows = 0, integrations = 0, runs = 0
    }

    /// Writes to a temporary file beside `path`, then renames it over `path`, so a failure leaves no half database.
    @discardableResult
    /// Writes the database to a new file beside `path` and renames it into place. An existing `path` is refused
    /// unless `replacing`, and even then only a regular file that is a SQLite database is replaced, together with its
    /// `-wal`, `-shm` and `-journal` (an old WAL beside a new file would corrupt it): never a folder, a link or
    /// another kind of file.
    public func write(to path: String, replacing: Bool = false) throws(StoreError) -> Summary {
        try Self.checkReplaceable(path, replacing: replacing)
        let temporary = path + ".flowsite-\(String(UInt64.random(in: .min ... .max), radix: 16))"
        do {
            var configuration = Configuration()
            configuration.journalMode = .default
            let queue = try DatabaseQueue(path: temporary, configuration: configuration)
            // A fresh private file: no journal or fsync needed until it is renamed into place.
            try queue.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA foreign_keys = OFF")
            }
            try queue.inTransaction { db in
                var generator = Generator(demo: self, encoding: LayoutEncoding(layout: layout))
                try db.execute(sql: generator.encoding.schemaSQL)
                try generator.insertAll(db)
                return .commit
            }
            try queue.close()
            let counts = try DatabaseQueue(path: temporary).read { db in
                let encoding = LayoutEncoding(layout: layout)
                func count(_ table: AppTable) throws -> Int { try Int.fetchOne(db, sql: "SELECT count(*) FROM \(quoted(encoding.table(table)))") ?? 0 }
                return Summary(users: try count(.user), workflows: try count(.workflow), integrations: try count(.integration), runs: try count(.workflowRun))
            }
            for suffix in ["-wal", "-shm", "-journal"] { unlink(path + suffix) }
            guard rename(temporary, path) == 0 else { throw StoreError(.sqlite(String(cString: strerror(errno))), file: path) }
            return counts
        } catch {
            try? FileManager.default.removeItem(atPath: temporary)
            throw StoreError.from(error, file: path)
        }
    }
}

extension DemoDatabase {
    static func checkReplaceable(_ path: String, replacing: Bool) throws(StoreError) {
        var info = stat()
        guard lstat(path, &info) == 0 else { return }
        guard replacing else {
            throw StoreError(.invalidInput("already exists; demo never replaces a file unless --force (and then only a SQLite database)"), file: path)
        }
        guard info.st_mode & S_IFMT == S_IFREG else {
            throw StoreError(.invalidInput("is not a regular file; demo --force replaces only a SQLite database file"), file: path)
        }
        let header = FileHandle(forReadingAtPath: path).flatMap { try? $0.read(upToCount: 16) }
        guard header == Data("SQLite format 3\0".utf8) else {
            throw StoreError(.invalidInput("is not a SQLite database; demo --force replaces only a SQLite database file"), file: path)
        }
    }

    /// Produces the rows; kept apart from file handling so the plan reads top to bottom.
    struct Generator {
        let demo: DemoDatabase
        let encoding: LayoutEncoding
        var random: SeededRandom

        init(demo: DemoDatabase, encoding: LayoutEncoding) {
            self.demo = demo
            self.encoding = encoding
            random = SeededRandom(seed: demo.seed)
        }

        static let userNames = ["alice", "józef", "zoë", "李雷", "bob", "carmen", "dmitri", "eve", "farah", "gustav"]
        static let servers = [
            "github.com/acme/github-mcp", "github.com/acme/slack-mcp", "github.com/acme/notion-mcp",
            "github.com/acme/linear-mcp", "github.com/acme/gmail-mcp", "github.com/garoth/echo-mcp",
        ]
        static let errors = [
            "Slack API: channel_not_found", "GitHub API rate limit exceeded (HTTP 403)",
            "Timeout after 30s calling github.com/acme/notion-mcp/create_page",
            "Invalid credentials for github.com/acme/gmail-mcp: token expired",
            "MCP server github.com/acme/linear-mcp not reachable: connection refused",
            "Condition error: field trigger.issue.labels is missing",
        ]

        /// Workflow blueprints: name, short description, Markdown description, definition.
        static let blueprints: [(name: String, summary: String?, body: String, definition: JSONValue)] = [
            ("Triage new bug reports", "Label and announce new bugs",
             "# Triage new bug reports\n\nWhen someone opens an issue in **acme/api** labelled `bug`, add the `triage`\nlabel and post its title to #triage so the on-call engineer sees it.\n\n- [x] label the issue\n- [ ] page on-call at night\n",
             ["trigger": ["type": "event", "integration": "github.com/acme/github-mcp", "event": "issues.opened"],
              "conditions": [["field": "trigger.issue.labels", "op": "contains", "value": "bug"]],
              "actions": [["id": "label", "integration": "github.com/acme/github-mcp", "tool": "add_labels", "arguments": ["labels": ["triage"]]],
                          ["integration": "github.com/acme/slack-mcp", "tool": "post_message", "arguments": ["channel": "#triage", "text": "New bug: {{trigger.issue.title}}"]]]]),
            ("Daily stand-up digest", "Summarise yesterday's merged PRs",
             "Every weekday at 09:00 Berlin time, collect the pull requests merged yesterday and\npost a digest to **#eng-standup**.\n\n| Day | Channel |\n|-----|---------|\n| Mon–Fri | #eng-standup |\n",
             ["trigger": ["type": "schedule", "cron": "0 9 * * 1-5", "timezone": "Europe/Berlin"],
              "actions": [["id": "collect", "integration": "github.com/acme/github-mcp", "tool": "search_pull_requests", "arguments": ["query": "is:merged merged:>=yesterday"]],
                          ["integration": "github.com/acme/slack-mcp", "tool": "post_message", "arguments": ["channel": "#eng-standup", "text": "{{actions.collect.summary}}"]]]]),
            ("Invoice → Notion", nil,
             "When an e-mail with an invoice arrives, file it in the *Finance* Notion database.\n~~Forward to accounting~~ (they read Notion now).\n",
             ["trigger": ["type": "event", "integration": "github.com/acme/gmail-mcp", "event": "message.received"],
              "conditions": [["field": "trigger.message.subject", "op": "matches", "value": "(?i)invoice"]],
              "actions": [["integration": "github.com/acme/notion-mcp", "tool": "create_page", "arguments": ["database": "Finance", "title": "{{trigger.message.subject}}"]]]]),
            ("Close stale Linear issues", "Weekly clean-up",
             "Every Monday, close Linear issues untouched for 60 days and leave a friendly comment.\nSee https://linear.app/acme for the board.\n",
             ["trigger": ["type": "schedule", "cron": "0 6 * * 1"],
              "actions": [["integration": "github.com/acme/linear-mcp", "tool": "close_stale", "arguments": ["days": 60, "comment": "Closing: no activity for 60 days."]]]]),
            ("Webhook echo", "Test integration",
             "Echo any webhook payload back, for testing the MCP plumbing.\n",
             ["trigger": ["type": "webhook", "path": "/hooks/echo"],
              "actions": [["integration": "github.com/garoth/echo-mcp", "tool": "echo", "arguments": ["message": "{{trigger.body}}"]]]]),
            ("Résumé quotidien ☕", nil,
             "Chaque matin, envoyer un résumé des tickets ouverts à l'équipe.\n",
             ["trigger": "manual", "steps": [["server": "github.com/acme/slack-mcp", "name": "post_message", "args": ["channel": "#général"]]]]),
        ]

        mutating func insertAll(_ db: Database) throws {
            let size = demo.size
            let start = demo.now.adding(days: -Int64(size.days))

            let users = try db.makeStatement(sql: "INSERT INTO \(quoted(encoding.table(.user))) (\(["id", "username", "hashed_password", "email", "created_at"].map { quoted(encoding.column($0)) }.joined(separator: ", "))) VALUES (?, ?, ?, ?, ?)")
            for index in 0..<size.users {
                let base = Self.userNames[index % Self.userNames.count]
                let name = index < Self.userNames.count ? base : "\(base)\(index)"
                let email: String? = index % 5 == 3 ? nil : "\(name)@example.com"
                let created = start.adding(days: -30 + Int64(index % 20))
                // Prisma rows created through the column default carry SQLite's CURRENT_TIMESTAMP text.
                let createdValue = demo.layout == .prisma && index % 2 == 1 ? String(created.sqlModelText.prefix(19)).databaseValue : encoding.time(created).databaseValue
                try users.execute(arguments: [Int64(index + 1), name, "$2b$12$demoHASHdemoHASHdemoHASHdemoHASH\(index)", email, createdValue])
            }

            var serversByOwner: [Int: [String]] = [:]
            let integrations = try db.makeStatement(sql: "INSERT INTO \(quoted(encoding.table(.integration))) (\(["id", "server_name", "config", "created_at", "owner_id"].map { quoted(encoding.column($0)) }.joined(separator: ", "))) VALUES (?, ?, ?, ?, ?)")
            for index in 0..<size.integrations {
                let owner = index % size.users
                let server = Self.servers[(index / size.users) % Self.servers.count]
                serversByOwner[owner, default: []].append(server)
                let config: JSONValue = [
                    "workspace": .string("acme-\(owner)"),
                    "token": .string("tok_demo_\(random.next() % 1_000_000)"),
                    "options": ["retries": 3, "oauth": ["client_id": .string("client-\(index)"), "client_secret": .string("shh-\(index)")]],
                    "headers": [["name": "Authorization", "value": "Bearer demo"], ["name": "X-Trace", "value": "on"]],
                ]
                try integrations.execute(arguments: [Int64(index + 1), server, encoding.json(config), encoding.time(start.adding(days: -20 + Int64(index % 15))), Int64(owner + 1)])
            }

            let workflows = try db.makeStatement(sql: "INSERT INTO \(quoted(encoding.table(.workflow))) (\(["id", "name", "description", "natural_language_description", "structured_definition", "created_at", "updated_at", "owner_id"].map { quoted(encoding.column($0)) }.joined(separator: ", "))) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
            for index in 0..<size.workflows {
                let blueprint = Self.blueprints[index % Self.blueprints.count]
                let name = index < Self.blueprints.count ? blueprint.name : "\(blueprint.name) #\(index / Self.blueprints.count + 1)"
                let created = start.adding(days: -10 + Int64(index % 7))
                let updated = created.adding(hours: Int64(index % 48))
                try workflows.execute(arguments: [Int64(index + 1), name, blueprint.summary, blueprint.body, encoding.json(blueprint.definition), encoding.time(created), encoding.time(updated), Int64(index % size.users + 1)])
            }

            try insertRuns(db, start: start)
        }

        /// The problems the demo plants on purpose, so a first render shows these and nothing else: "Daily stand-up
        /// digest" stopped nine days ago (late by its own cron), "Webhook echo" fails nine runs in ten (a failure
        /// streak, and its server unreliable), the last copy of "Résumé quotidien ☕" (manual) never ran, one run is stuck in
        /// `running` for three days, and the last few runs are still going. The same handful at every size, except
        /// `large`, whose shape (every 11th workflow stopped, every 9th failing) the benchmark figures in
        /// `bench/results.md` were measured on and which is kept as it was.
        private func plantsStop(_ workflow: Int) -> Bool {
            workflow % 11 == 1 && (demo.size == .large || workflow < Size.small.workflows)
        }

        private func plantsFailure(_ workflow: Int) -> Bool {
            workflow % 9 == 4 && (demo.size == .large || workflow < Size.small.workflows)
        }

        /// The workflow that never runs: the last one in `large` (as measured), else the last manual one (the
        /// sixth blueprint), which nothing expects to run, so it is not "late" on the dashboard.
        private var neverRuns: Int {
            let last = demo.size.workflows - 1
            guard demo.size != .large else { return last }
            return stride(from: last, through: 0, by: -1).first { $0 % Self.blueprints.count == 5 } ?? last
        }

        /// Runs day by day in time order (ids rise with time, as the app writes them). Each workflow has its own
        /// rate and failure probability, apart from the planted problems (`plantsStop`, `plantsFailure`,
        /// `neverRuns`); one run is stuck.
        private mutating func insertRuns(_ db: Database, start: Timestamp) throws {
            let size = demo.size
            let runs = try db.makeStatement(sql: "INSERT INTO \(quoted(encoding.table(.workflowRun))) (\(["id", "triggered_at", "status", "trigger_data", "output_data", "error_message", "workflow_id"].map { quoted(encoding.column($0)) }.joined(separator: ", "))) VALUES (?, ?, ?, ?, ?, ?, ?)")
            let perDay = Double(size.runs) / Double(size.days) / Double(size.workflows - 1)
            var rates: [Double] = []
            var failureChance: [Double] = []
            let silent = neverRuns
            for index in 0..<size.workflows {
                rates.append(index == silent ? 0 : perDay * (0.25 + 1.5 * random.fraction()))
                failureChance.append(plantsFailure(index) ? 0.9 : 0.02 + 0.15 * random.fraction())
            }
            // Scheduled workflows run when their cron says, a few seconds late, as a scheduler runs them; at random
            // times of day they would look late to a grace of a tenth of their interval. (`large` keeps the shape
            // its benchmark figures were measured on.)
            let schedules: [CronSchedule?] = (0..<size.workflows).map { index in
                guard size != .large, let trigger = WorkflowDefinition(Self.blueprints[index % Self.blueprints.count].definition).trigger,
                      trigger.type == "schedule", let cron = trigger.details.first(where: { $0.key == "cron" })?.value.stringValue
                else { return nil }
                return try? CronSchedule(cron, timeZone: trigger.details.first { $0.key == "timezone" }?.value.stringValue)
            }
            var nextID: Int64 = 1
            var day: [(offset: Int64, workflow: Int)] = []
            for dayIndex in 0..<Int64(size.days) {
                day.removeAll(keepingCapacity: true)
                let dayStart = start.adding(days: dayIndex)
                for workflow in 0..<size.workflows {
                    if plantsStop(workflow), dayIndex >= Int64(size.days) - 9 { continue }
                    if let schedule = schedules[workflow] {
                        var due = schedule.nextRun(after: Timestamp(microseconds: dayStart.microseconds - 1))
                        while let instant = due, instant < dayStart.adding(days: 1) {
                            let lateBy = Int64((workflow * 7_919 + Int(dayIndex) * 104_729) % 20) * 1_000_000
                            day.append((instant.microseconds - dayStart.microseconds + lateBy, workflow))
                            due = schedule.nextRun(after: instant)
                        }
                        continue
                    }
                    var expected = rates[workflow]
                    while expected > 0 {
                        if expected >= 1 || random.fraction() < expected {
                            day.append((Int64(random.below(86_400_000_000)), workflow))
                        }
                        expected -= 1
                    }
                }
                day.sort { ($0.offset, $0.workflow) < ($1.offset, $1.workflow) }
                let isLastDay = dayIndex == Int64(size.days) - 1
                for (position, entry) in day.enumerated() {
                    let at = Timestamp(microseconds: dayStart.microseconds + entry.offset)
                    let failing = random.fraction() < failureChance[entry.workflow]
                    // The last day ends with a few runs still going, and the workflow the design says fails
                    // constantly keeps failing on its final runs.
                    var status = failing ? "failed" : "completed"
                    if isLastDay && position >= day.count - 3 { status = "running" }
                    if demo.size != .large && plantsFailure(entry.workflow) && dayIndex >= Int64(size.days) - 3 && status != "running" { status = "failed" }
                    if status == "completed" && random.below(40) == 0 { status = "cancelled" }
                    let error: String? = status == "failed" ? Self.errors[(entry.workflow + random.below(2)) % Self.errors.count] : nil
                    let trigger: JSONValue? = entry.workflow % 2 == 0 ? ["source": "demo", "sequence": .integer(nextID)] : nil
                    let output: JSONValue? = status == "completed" ? ["ok": true] : nil
                    try runs.execute(arguments: [nextID, encoding.time(at), status, encoding.json(trigger), encoding.json(output), error, Int64(entry.workflow + 1)])
                    nextID += 1
                }
            }
            // One run stuck in `running` since three days before now.
            try runs.execute(arguments: [nextID, encoding.time(demo.now.adding(days: -3)), "running", encoding.json(nil), encoding.json(nil), nil, Int64(1)])
        }
    }
}
