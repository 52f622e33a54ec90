import Foundation
import Testing

/// Secrets planted in every shape a real app's database holds them (Cases/secrets/planted.sql) never reach any output:
/// every file of the rendered site (HTML, Markdown, stats.json), `inspect` and `check` in text and JSON, the job
/// summary, `import --check` and the names of exported files are searched for each.
@Suite struct SecretLeakTests {
    static let planted = Flowsite.cases.appending(path: "secrets")

    static func secrets() throws -> [String] {
        try String(contentsOf: planted.appending(path: "planted.txt"), encoding: .utf8)
            .split(separator: "\n").map(String.init).filter { !$0.hasPrefix("#") && !$0.isEmpty }
    }

    @Test func noPlantedSecretAppearsInAnyOutput() throws {
        let folder = try Flowsite.folder()
        let sql = try String(contentsOf: Self.planted.appending(path: "planted.sql"), encoding: .utf8)
        let db = try Flowsite.database(fromSQL: sql, in: folder, name: "app.db")
        let site = folder.appending(path: "site")
        let render = try Flowsite.run(["render", "--db", db.path, "--out", site.path, "--as-of", "2026-11-25T00:00:00Z"])
        #expect(render.status == 0, "\(render.stderr)")
        var outputs: [(String, String)] = [("render's stderr", render.stderr)]
        for path in try FileManager.default.subpathsOfDirectory(atPath: site.path) {
            guard let data = FileManager.default.contents(atPath: site.appending(path: path).path) else { continue }
            outputs.append((path, String(decoding: data, as: UTF8.self)))
        }
        for arguments in [["inspect", "--db", db.path], ["inspect", "--db", db.path, "--json"]] {
            let inspect = try Flowsite.run(arguments)
            #expect(inspect.status == 0, "\(inspect.stderr)")
            outputs.append((arguments.joined(separator: " "), inspect.stdout + inspect.stderr))
        }
        // Commands that print workflow names: check (text, JSON, the job summary), import --check (a folder with no
        // file for any workflow lists them all) and export's file names (names become slugs).
        let summary = folder.appending(path: "summary.md")
        for arguments in [["check", "--db", db.path, "--as-of", "2026-11-25T00:00:00Z"], ["check", "--db", db.path, "--as-of", "2026-11-25T00:00:00Z", "--json"]] {
            let check = try Flowsite.run(arguments, environment: ["GITHUB_STEP_SUMMARY": summary.path])
            #expect(check.status == 1, "\(check.stderr)")
            #expect(check.stdout.contains("Nightly sync token=••••"), "\(check.stdout)")
            outputs.append((arguments.joined(separator: " "), check.stdout + check.stderr))
        }
        outputs.append(("the job summary", try String(contentsOf: summary, encoding: .utf8)))
        let empty = folder.appending(path: "no-files")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        let drift = try Flowsite.run(["import", "--db", db.path, "--check", empty.path])
        #expect(drift.status == 1, "\(drift.stdout)\(drift.stderr)")
        outputs.append(("import --check", drift.stdout + drift.stderr))
        let exported = folder.appending(path: "exported")
        let export = try Flowsite.run(["export", "--db", db.path, "--out", exported.path])
        #expect(export.status == 0, "\(export.stderr)")
        let fileNames = try FileManager.default.contentsOfDirectory(atPath: exported.path)
        #expect(fileNames.contains("nightly-sync-token.md"), "\(fileNames)")
        outputs.append(("export's output and file names", export.stdout + export.stderr + fileNames.joined(separator: "\n")))
        let secrets = try Self.secrets()
        #expect(secrets.count >= 36)
        for (name, text) in outputs {
            for secret in secrets where text.contains(secret) {
                Issue.record("\(name) shows \(secret)")
            }
            #expect(!text.contains("PLANT"), "\(name) shows part of a planted secret")
        }
        // Masked text keeps its shape, so a reader still sees what happened.
        let page = try String(contentsOf: site.appending(path: "workflows/1-webhook-with-a-secret.html"), encoding: .utf8)
        #expect(page.contains("access_token=••••&amp;limit=5"))
        #expect(page.contains("headers[&#39;Authorization&#39;] == &#39;Bearer ••••&#39;"))
        let dashboard = try String(contentsOf: site.appending(path: "index.md"), encoding: .utf8)
        #expect(dashboard.contains("Authorization: Bearer ••••"))
        #expect(dashboard.contains("upstream rejected key •••• (&lt;n&gt;)"))  // its signature: the number is a placeholder
    }
}
