import Foundation
import GRDB
import Pipeline
import Testing
import WorkflowMarkdown
import WorkflowModel

/// Authoring without silent loss (issue 26): folders that know which command wrote them, typos and schedules
/// caught at import, a JSON Schema for the front matter, CLI messages that point at the mistake, a demo whose
/// first render is true, and the README's authoring loop as written.
@Suite(.serialized) struct AuthoringTests {
    // MARK: Folders know their owner

    @Test func exportRefusesASiteAndRenderRefusesAnExportFolderTouchingNothing() throws {
        let folder = try Flowsite.folder()
        let db = try Flowsite.demo(in: folder)
        let site = folder.appending(path: "site"), workflows = folder.appending(path: "workflows")
        #expect(try Flowsite.run(["render", "--db", db.path, "--out", site.path, "--as-of", "2026-11-25T00:00:00Z"]).status == 0)
        #expect(try Flowsite.run(["export", "--db", db.path, "--out", workflows.path]).status == 0)
        #expect(try String(contentsOf: site.appending(path: ".flowsite-manifest"), encoding: .utf8).contains("\n# kind: site\n"))
        #expect(try String(contentsOf: workflows.appending(path: ".flowsite-manifest"), encoding: .utf8).contains("\n# kind: workflows\n"))

        for older in [false, true] {
            if older {
                // A manifest written before the kind was recorded: its files say which command wrote it.
                for manifest in [site, workflows].map({ $0.appending(path: ".flowsite-manifest") }) {
                    let text = try String(contentsOf: manifest, encoding: .utf8)
                    try Data(text.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.hasPrefix("# kind:") }.joined(separator: "\n").utf8).write(to: manifest)
                }
            }
            let siteBefore = try BadInputTests.tree(site), workflowsBefore = try BadInputTests.tree(workflows)
            #expect(siteBefore.count > 40 && workflowsBefore.count == 14, "12 workflow files, the schema and the manifest")

            let export = try Flowsite.run(["export", "--db", db.path, "--out", site.path])
            #expect(export.status == 2, "\(export.stderr)")
            #expect(export.stderr == "flowsite: error: \(site.path) holds a site written by 'flowsite render' (see its .flowsite-manifest); 'flowsite export' writes workflow files only into a folder of its own, so nothing was touched. Choose another folder.\n")
            let render = try Flowsite.run(["render", "--db", db.path, "--out", workflows.path])
            #expect(render.status == 2, "\(render.stderr)")
            #expect(render.stderr == "flowsite: error: \(workflows.path) holds workflow files written by 'flowsite export' (see its .flowsite-manifest); 'flowsite render' writes a site only into a folder of its own, so nothing was touched. Choose another folder.\n")
            #expect(try BadInputTests.tree(site) == siteBefore, "older manifest: \(older)")
            #expect(try BadInputTests.tree(workflows) == workflowsBefore, "older manifest: \(older)")
        }
        // Import does not take a site's Markdown pages for workflow files: one line, not an error per page.
        let dbBefore = try Data(contentsOf: db)
        let imported = try Flowsite.run(["import", "--db", db.path, site.path])
        #expect(imported.status == 1)
        #expect(imported.stderr == "\(site.path):1:1: holds a site written by 'flowsite render', not workflow files; import reads a folder 'flowsite export' wrote or one of your own\nflowsite: 1 error(s) in 0 file(s); nothing was written\n", "\(imported.stderr)")
        #expect(try Data(contentsOf: db) == dbBefore)
        // Each command still uses its own folder, and records the kind again.
        #expect(try Flowsite.run(["export", "--db", db.path, "--out", workflows.path]).status == 0)
        #expect(try String(contentsOf: workflows.appending(path: ".flowsite-manifest"), encoding: .utf8).contains("\n# kind: workflows\n"))
    }

    // MARK: Typos caught

    @Test func aTypoIsAWarningNamingBothKeysAndAnErrorWithStrict() throws {
        let folder = try Flowsite.folder()
        let db = try Flowsite.demo(in: folder)
        let before = try Data(contentsOf: db)
        let file = Flowsite.cases.appending(path: "markdown/typo-conditions.md").path
        let warning = "typo-conditions.md:5:1: warning: 'conditons' is not a key; did you mean 'conditions'?"

        let dryRun = try Flowsite.run(["import", "--db", db.path, file, "--dry-run"])
        #expect(dryRun.status == 0, "\(dryRun.stderr)")
        #expect(dryRun.stderr.contains(warning), "\(dryRun.stderr)")
        #expect(dryRun.stdout.contains("dry run, nothing written: created 1"), "\(dryRun.stdout)")

        // `import --check` (CI) shows it too: not drift, but worth seeing where the check runs.
        let check = try Flowsite.run(["import", "--check", "--db", db.path, file])
        #expect(check.status == 1 && check.stderr.contains(warning), "\(check.stderr)")

        let strict = try Flowsite.run(["import", "--db", db.path, file, "--strict"])
        #expect(strict.status == 1, "\(strict.stderr)")
        #expect(strict.stderr.contains("typo-conditions.md:5:1: 'conditons' is not a key; did you mean 'conditions'?"), "\(strict.stderr)")
        #expect(strict.stderr.contains("nothing was written"))
        #expect(try Data(contentsOf: db) == before)

        // A deliberate extra key, close to no key of the format, is kept as before and says nothing.
        let extra = folder.appending(path: "extra.md")
        try Data("---\nname: Extra\nowner: alice\nteam: platform\ntrigger: {type: manual, channel: ops}\nactions:\n  - {integration: github.com/acme/github-mcp, tool: ping, retries: 2}\n---\n".utf8).write(to: extra)
        let kept = try Flowsite.run(["import", "--db", db.path, extra.path, "--strict"])
        #expect(kept.status == 0 && kept.stderr.isEmpty, "\(kept.stderr)")
        let stored = try DatabaseQueue(path: db.path).read { try String.fetchOne($0, sql: "SELECT structured_definition FROM workflow WHERE name = 'Extra'") }
        #expect(stored?.contains("\"team\": \"platform\"") == true, "\(stored ?? "")")
    }

    @Test func cronAndTimeZoneAreCheckedAtImportWithTheirPlace() throws {
        let folder = try Flowsite.folder()
        let db = try Flowsite.demo(in: folder)
        let before = try Data(contentsOf: db)
        let cases: [(trigger: String, message: String)] = [
            ("{type: schedule, cron: '0 25 * * *'}", "w.md:4:33: cron '0 25 * * *': hour '25' is not in 0-23"),
            ("{type: schedule, cron: '*/0 * * * *'}", "w.md:4:33: cron '*/0 * * * *': minute step '0' is not a positive number"),
            ("{type: schedule, cron: '0 9 * *'}", "w.md:4:33: cron '0 9 * *': cron needs five fields (minute hour day month weekday), not 4"),
            ("{type: schedule, cron: '@dayly'}", "w.md:4:33: cron '@dayly': unknown cron alias '@dayly'; did you mean '@daily'?"),
            ("{type: schedule, cron: '0 9 * * MON', timezone: Europe/Berln}", "w.md:4:58: unknown time zone 'Europe/Berln'; did you mean 'Europe/Berlin'?"),
            ("{type: schedule, cron: '0 9 * * MON', timezone: Mars/Olympus}", "w.md:4:58: unknown time zone 'Mars/Olympus' (an IANA name such as Europe/Berlin, or UTC)"),
            ("{type: schedule, cron: 5}", "w.md:4:33: 'cron' must be text such as \"0 9 * * 1-5\" (found number)"),
            ("{type: schedule, cron: '0 9 * * *', timezone: [Europe/Berlin]}", "w.md:4:56: 'timezone' must be an IANA time zone name such as Europe/Berlin (found array)"),
        ]
        for (trigger, message) in cases {
            let file = folder.appending(path: "w.md")
            try Data("---\nname: Scheduled\nowner: alice\ntrigger: \(trigger)\nactions:\n  - {integration: github.com/acme/github-mcp, tool: ping}\n---\n".utf8).write(to: file)
            let outcome = try Flowsite.run(["import", "--db", db.path, file.path])
            #expect(outcome.status == 1, "\(trigger): \(outcome.stderr)")
            #expect(outcome.stderr.hasPrefix(file.deletingLastPathComponent().path + "/" + message + "\n"), "\(trigger): \(outcome.stderr)")
            #expect(try Data(contentsOf: db) == before)
        }
    }

    // MARK: CLI manners

    @Test func anUnknownCommandSuggestsTheClosest() throws {
        let rendr = try Flowsite.run(["rendr", "--db", "x"])
        #expect(rendr.status == 64)
        #expect(rendr.stderr == "flowsite: error: unknown command 'rendr'; did you mean 'render'? (flowsite --help lists them)\n")
        let exprot = try Flowsite.run(["exprot"])
        #expect(exprot.stderr.contains("did you mean 'export'?"), "\(exprot.stderr)")
        let nonsense = try Flowsite.run(["publish"])
        #expect(nonsense.status == 64)
        #expect(nonsense.stderr.contains("unknown command 'publish'; the commands are render, check, import, export, inspect, demo"), "\(nonsense.stderr)")
    }

    /// What a bug report or a CI log pins: the release, the same one the `.deb` is named after.
    @Test func versionPrintsTheRelease() throws {
        let outcome = try Flowsite.run(["--version"])
        #expect(outcome.status == 0)
        #expect(outcome.stdout == FlowsiteVersion.current + "\n")
        #expect(outcome.stdout.split(separator: ".").count == 3, "\(outcome.stdout)")
    }

    @Test func aCommandWithoutADatabasePrintsItsOwnUsage() throws {
        let outcome = try Flowsite.run(["inspect"], environment: ["FLOWSITE_DB": "", "DATABASE_URL": ""])
        #expect(outcome.status == 64)
        #expect(outcome.stderr.contains("no database given: pass --db PATH-or-URL or set FLOWSITE_DB (or DATABASE_URL)"), "\(outcome.stderr)")
        #expect(outcome.stderr.contains("Usage: flowsite inspect [--db <DB>]"), "\(outcome.stderr)")
    }

    @Test func outputFoldersThatCannotBeMadeAreExplainedInWords() throws {
        let folder = try Flowsite.folder()
        let db = try Flowsite.demo(in: folder)
        let proc = try Flowsite.run(["render", "--db", db.path, "--out", "/proc/flowsite-site"])
        #expect(proc.status == 2)
        #expect(proc.stderr == "flowsite: error: cannot create the folder /proc/flowsite-site: /proc does not accept new folders (a virtual file system such as /proc or /sys?)\n", "\(proc.stderr)")

        let link = folder.appending(path: "site")
        try FileManager.default.createSymbolicLink(atPath: link.path, withDestinationPath: folder.appending(path: "gone/site").path)
        for command in ["render", "export"] {
            let dangling = try Flowsite.run([command, "--db", db.path, "--out", link.path])
            #expect(dangling.status == 2)
            #expect(dangling.stderr == "flowsite: error: \(link.path) is a symbolic link to \(folder.path)/gone/site, which does not exist; create that folder or choose another\n", "\(dangling.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: folder.appending(path: "gone").path))
    }

    // MARK: The authoring loop in README

    /// README's loop, step by step: export, write a new file by hand, import it, export again. One file per
    /// workflow remains and `import --check` is clean.
    @Test func theReadmeAuthoringLoopLeavesOneFilePerWorkflow() throws {
        let folder = try Flowsite.folder()
        let db = try Flowsite.demo(in: folder)
        let workflows = folder.appending(path: "workflows")
        #expect(try Flowsite.run(["export", "--db", db.path, "--out", workflows.path]).status == 0)
        let handWritten = "---\nname: Nightly report\nowner: alice\ntrigger:\n  type: schedule\n  cron: 0 6 * * *\n  timezone: Europe/Berlin\nactions:\n  - integration: github.com/acme/slack-mcp\n    tool: post_message\n    arguments: {channel: '#ops', text: Nightly report}\n---\n# Nightly report\n\nPost the nightly report to #ops.\n"
        try Data(handWritten.utf8).write(to: workflows.appending(path: "new.md"))
        let dryRun = try Flowsite.run(["import", "--db", db.path, workflows.path, "--dry-run"])
        #expect(dryRun.status == 0 && dryRun.stdout.contains("create     \(workflows.path)/new.md"), "\(dryRun.stdout)\(dryRun.stderr)")
        #expect(try Flowsite.run(["import", "--db", db.path, workflows.path]).status == 0)
        let export = try Flowsite.run(["export", "--db", db.path, "--out", workflows.path])
        #expect(export.status == 0, "\(export.stderr)")
        #expect(export.stdout.contains("adopted \(workflows.path)/new.md: workflow #13 is in the database and in nightly-report.md; removed the hand-written copy"), "\(export.stdout)")
        #expect(export.stdout.contains("exported 13 workflow(s) to \(workflows.path): written 1, unchanged 12, removed 0, adopted 1"), "\(export.stdout)")
        let files = try FileManager.default.contentsOfDirectory(atPath: workflows.path).filter { $0.hasSuffix(".md") }
        #expect(files.count == 13 && !files.contains("new.md") && files.contains("nightly-report.md"), "\(files.sorted())")
        let check = try Flowsite.run(["import", "--check", "--db", db.path, workflows.path])
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
        #expect(check.stdout.contains("in sync: 13 file(s) match the database"))
    }

    /// The hand-written file already has the name export would give it: export replaces it with the file that has
    /// the id. A hand-written file that says something else than the database is left in place with a warning.
    @Test func exportAdoptsInPlaceAndLeavesAFileThatDiffers() throws {
        let folder = try Flowsite.folder()
        let db = try Flowsite.demo(in: folder)
        let workflows = folder.appending(path: "workflows")
        #expect(try Flowsite.run(["export", "--db", db.path, "--out", workflows.path]).status == 0)
        let file = { (name: String, text: String) in "---\nname: \(name)\nowner: alice\ntrigger: {type: manual}\nactions:\n  - {integration: github.com/acme/github-mcp, tool: ping}\n---\n\(text)\n" }
        try Data(file("Ping", "Ping the server.").utf8).write(to: workflows.appending(path: "ping.md"))
        try Data(file("Pong", "Pong the server.").utf8).write(to: workflows.appending(path: "pong-draft.md"))
        #expect(try Flowsite.run(["import", "--db", db.path, workflows.path]).status == 0)
        // Edited after the import: what it says is not in the database.
        try Data(file("Pong", "Pong the server twice.").utf8).write(to: workflows.appending(path: "pong-draft.md"))
        let export = try Flowsite.run(["export", "--db", db.path, "--out", workflows.path])
        #expect(export.status == 0, "\(export.stderr)")
        #expect(export.stdout.contains("adopted \(workflows.path)/ping.md: workflow #13 is in the database; the file now has its id"), "\(export.stdout)")
        #expect(export.stderr.contains("flowsite: warning: pong-draft.md: names workflow #14 'Pong' without 'id:' but its body differ from the database; left in place"), "\(export.stderr)")
        #expect(try String(contentsOf: workflows.appending(path: "ping.md"), encoding: .utf8).contains("\nid: 13\n"))
        #expect(FileManager.default.fileExists(atPath: workflows.appending(path: "pong-draft.md").path))
        #expect(FileManager.default.fileExists(atPath: workflows.appending(path: "pong.md").path))
    }

    // MARK: A first impression that is true

    /// A fresh demo rendered at its own `--now`, and two hours later (a slow first build), shows what it plants
    /// on purpose and nothing else: "Daily stand-up digest" stopped nine days ago (late), one run stuck in
    /// `running` for three days, "Webhook echo" failing, and no data-quality findings (`cancelled` is a status the
    /// app writes). Medium (800 workflows) plants the same handful; it showed 62 late or quiet workflows before.
    @Test(arguments: [("sqlmodel", "small"), ("prisma", "small"), ("sqlmodel", "medium")])
    func aFreshDemoShowsOnlyWhatItPlants(_ layout: String, _ size: String) throws {
        let folder = try Flowsite.folder()
        let db = folder.appending(path: "demo.db")
        let now = "2026-11-25T14:37:12Z"
        #expect(try Flowsite.run(["demo", "--db", db.path, "--layout", layout, "--size", size, "--now", now]).status == 0)
        let cancelled = try DatabaseQueue(path: db.path).read { db in
            try Int.fetchOne(db, sql: layout == "prisma" ? "SELECT count(*) FROM \"WorkflowRun\" WHERE status = 'cancelled'" : "SELECT count(*) FROM workflowrun WHERE status = 'cancelled'") ?? 0
        }
        #expect(cancelled > 0, "the demo writes cancelled runs")
        for asOf in size == "small" ? [now, "2026-11-25T16:37:12Z"] : [now] {
            let site = folder.appending(path: "site-\(asOf.prefix(13))")
            #expect(try Flowsite.run(["render", "--db", db.path, "--out", site.path, "--as-of", asOf]).status == 0)
            try Self.expectOnlyThePlantedProblems(site, "\(layout) \(size) as of \(asOf)")
        }
        let inspect = try Flowsite.run(["inspect", "--db", db.path])
        #expect(inspect.stdout.contains("data quality: no findings"), "\(inspect.stdout)")
    }

    /// `make demo` as it runs: no `--now`, no `--as-of`; the history ends when the demo is written.
    @Test func aDemoWithoutNowEndsItsHistoryNow() throws {
        let folder = try Flowsite.folder()
        let db = folder.appending(path: "demo.db")
        #expect(try Flowsite.run(["demo", "--db", db.path]).status == 0)
        // The demo's stuck run, its last row, started exactly three days before the demo's now.
        let stuck = try DatabaseQueue(path: db.path).read { try String.fetchOne($0, sql: "SELECT triggered_at FROM workflowrun ORDER BY id DESC LIMIT 1") }
        let demoNow = try #require(stuck.flatMap { Timestamp(text: $0) }).adding(days: 3)
        let age = Date().timeIntervalSince1970 - Double(demoNow.microseconds) / 1_000_000
        #expect(age >= 0 && age < 120, "the demo's now is \(age) s before the test's")
        let site = folder.appending(path: "site")
        #expect(try Flowsite.run(["render", "--db", db.path, "--out", site.path]).status == 0)
        try Self.expectOnlyThePlantedProblems(site, "make demo")
    }

    static func expectOnlyThePlantedProblems(_ site: URL, _ label: String) throws {
        let stats = try JSONParser.parse(String(contentsOf: site.appending(path: "stats.json"), encoding: .utf8))
        let workflows = stats["workflows"]?.arrayValue ?? []
        let late = workflows.filter { ["late", "quiet", "unreadable_schedule"].contains($0["punctuality"]?["state"]?.stringValue ?? "") }
        #expect(late.map { $0["name"]?.stringValue ?? "" } == ["Daily stand-up digest"], "\(label): \(late)")
        #expect(stats["data_quality"]?.arrayValue?.isEmpty == true, "\(label): \(stats["data_quality"] ?? .null)")
        let stuck = workflows.map { workflow -> Int64 in if case .integer(let count)? = workflow["stuck_runs"] { count } else { 0 } }.reduce(0, +)
        #expect(stuck == 1, "\(label)")
        let streaks = workflows.filter { workflow in if case .integer(let streak)? = workflow["failure_streak"] { streak > 3 } else { false } }
        #expect(streaks.map { $0["name"]?.stringValue ?? "" } == ["Webhook echo"], "\(label)")
    }
}
