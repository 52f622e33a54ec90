import Foundation
import GRDB
import Testing

/// The real binary, as a nightly job runs it: a render continued from the saved fold writes exactly the tree a
/// `--full` render writes, and a fold that history moved away from (deleted runs, another database behind the same
/// path, a damaged file) is not continued: the summary line says why, and the output is again the `--full` one.
@Suite struct SavedFoldRenderTests {
    /// The demo's workflows with 3,000 runs over 400 days, the latest few still running, and run 8 left `running` a
    /// year before (the saved fold holds it, watched); messages with secrets.
    static func history(in folder: URL, name: String = "app.db", stride: Int = 7919) throws -> URL {
        let db = try Flowsite.demo(in: folder, name: name)
        try DatabaseQueue(path: db.path).write { db in
            try db.execute(sql: """
                DELETE FROM workflowrun;
                WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000)
                INSERT INTO workflowrun (id, triggered_at, status, error_message, workflow_id)
                SELECT i, strftime('%Y-%m-%d %H:%M:%f', julianday('2026-11-20') - 400 + i * 400.0 / 3000),
                       CASE WHEN i = 8 OR (i > 2990 AND i % 2 = 0) THEN 'running' WHEN i % 7 = 0 THEN 'failed' WHEN i % 13 = 0 THEN 'cancelled' ELSE 'completed' END,
                       CASE WHEN i % 7 = 0 THEN 'HTTP 500: token sk-live-4f9a8b7c6d5e4f3a2b1c0d9e' || (i % 5) ELSE NULL END,
                       1 + (i * \(stride)) % 12
                FROM n;
                """)
        }
        return db
    }

    /// `count` runs after the history's 3,000, spread over the days after 2026-11-20; every `failingEvery`th failed.
    static func appendRuns(to db: URL, count: Int, overDays days: Int, failingEvery: Int) throws {
        try DatabaseQueue(path: db.path).write { db in
            try db.execute(sql: """
                WITH RECURSIVE n(i) AS (SELECT 3001 UNION ALL SELECT i + 1 FROM n WHERE i < \(3000 + count))
                INSERT INTO workflowrun (id, triggered_at, status, error_message, workflow_id)
                SELECT i, strftime('%Y-%m-%d %H:%M:%f', julianday('2026-11-20') + (i - 3000) * \(days).0 / \(count)),
                       CASE WHEN i % \(failingEvery) = 0 THEN 'failed' ELSE 'completed' END, CASE WHEN i % \(failingEvery) = 0 THEN 'timeout' END, 1 + i % 12
                FROM n;
                """)
        }
    }

    /// Every file of a rendered folder by path; the manifest without its modification times.
    static func tree(_ folder: URL) throws -> [String: Data] {
        var files: [String: Data] = [:]
        let enumerator = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.isRegularFileKey])!
        for case let url as URL in enumerator where (try url.resourceValues(forKeys: [.isRegularFileKey])).isRegularFile == true {
            let path = String(url.path.dropFirst(folder.path.count))
            var data = try Data(contentsOf: url)
            if path.hasSuffix(".flowsite-manifest") {
                let lines = String(decoding: data, as: UTF8.self).split(separator: "\n").map { line in
                    line.split(separator: " ", omittingEmptySubsequences: false).enumerated().filter { $0.offset != 1 }.map(\.element).joined(separator: " ")
                }
                data = Data(lines.joined(separator: "\n").utf8)
            }
            files[path] = data
        }
        return files
    }

    static func render(_ db: String, _ site: URL, state: URL, asOf: String, full: Bool = false) throws -> Flowsite.Outcome {
        let outcome = try Flowsite.run(["render", "--db", db, "--out", site.path, "--as-of", asOf, "--state", state.path] + (full ? ["--full"] : []))
        #expect(outcome.status == 0, "\(outcome.stderr)")
        return outcome
    }

    /// The same as a `--full` render of `db` at `asOf` into a fresh folder, fold file included.
    static func expectSameAsFull(_ site: URL, _ state: URL, db: String, asOf: String, in folder: URL) throws {
        let fullSite = folder.appending(path: "full-\(UUID().uuidString)"), fullState = folder.appending(path: "full-\(UUID().uuidString).fold")
        let full = try render(db, fullSite, state: fullState, asOf: asOf, full: true)
        #expect(full.stderr.contains("every run folded (--full)"), "\(full.stderr)")
        let (mine, theirs) = (try tree(site), try tree(fullSite))
        #expect(mine.keys.sorted() == theirs.keys.sorted())
        for (path, data) in mine where theirs[path] != data {
            Issue.record("\(path) differs from the --full render's")
        }
        #expect(FileManager.default.contents(atPath: state.path) == FileManager.default.contents(atPath: fullState.path), "the saved folds differ")
    }

    /// A first render at 2026-11-20 saves the fold; `addRuns` adds the next days; the render at 2026-11-25 continues
    /// the fold, reads only the recent runs, and writes what a `--full` render writes. Any database behind `db`.
    /// Answers the fold file, saved by the continued render.
    @discardableResult
    static func expectContinuedLikeFull(_ db: String, in folder: URL, addRuns: () throws -> Void) throws -> URL {
        let state = folder.appending(path: "continued.fold")
        let first = try render(db, folder.appending(path: "first"), state: state, asOf: "2026-11-20T00:00:00Z")
        #expect(first.stderr.contains("every run folded (no saved fold yet)"), "\(first.stderr)")
        try addRuns()
        let site = folder.appending(path: "nightly")
        let continued = try render(db, site, state: state, asOf: "2026-11-25T00:00:00Z")
        let read = try #require(continued.stderr.firstMatch(of: /; (\d+) runs read after the saved fold/), "\(continued.stderr)")
        // The 200 new runs and the few that were running; not the 91 days of finished runs before them.
        #expect(Int(read.1)! >= 200 && Int(read.1)! < 220, "only the new runs and those that were running: \(continued.stderr)")
        try expectSameAsFull(site, state, db: db, asOf: "2026-11-25T00:00:00Z", in: folder)
        return state
    }

    @Test func aContinuedRenderWritesTheFullRendersTree() throws {
        let folder = try Flowsite.folder()
        let db = try Self.history(in: folder)
        // Five days of new runs; the runs that were running finish.
        try Self.expectContinuedLikeFull(db.path, in: folder) {
            try Self.appendRuns(to: db, count: 200, overDays: 5, failingEvery: 5)
            try DatabaseQueue(path: db.path).write { try $0.execute(sql: "UPDATE workflowrun SET status = 'failed', error_message = 'killed' WHERE status = 'running' AND id > 2900") }
        }
    }

    /// A nightly job renders, then gates with `check`: given the render's fold, the check reads only the new runs
    /// and gives exactly the verdicts of a check that folds every run.
    @Test func aCheckContinuesTheRendersFold() throws {
        let folder = try Flowsite.folder()
        let db = try Self.history(in: folder)
        let state = folder.appending(path: "nightly.fold")
        try Self.render(db.path, folder.appending(path: "site"), state: state, asOf: "2026-11-20T00:00:00Z")
        try Self.appendRuns(to: db, count: 100, overDays: 2, failingEvery: 3)
        let check = ["check", "--db", db.path, "--as-of", "2026-11-22T00:00:00Z", "--json"]
        let everyRun = try Flowsite.run(check)
        #expect(everyRun.status == 0 || everyRun.status == 1, "\(everyRun.stderr)")
        #expect(!everyRun.stderr.contains("fold"), "without --state a check says nothing about folds: \(everyRun.stderr)")
        // From the render's fold: the 100 new runs and the few running; from the check's own: those running only.
        for (night, reads) in [("the render's fold", 100..<110), ("the check's own fold", 1..<10)] {
            let continued = try Flowsite.run(check + ["--state", state.path])
            #expect(continued.status == everyRun.status, "\(night): \(continued.stderr)")
            #expect(continued.stdout == everyRun.stdout, "\(night): the verdicts differ from a check that folds every run")
            let read = try #require(continued.stderr.firstMatch(of: /flowsite: (\d+) runs read after the saved fold/), "\(night): \(continued.stderr)")
            #expect(reads.contains(Int(read.1)!), "\(night): only the new runs and those that were running: \(continued.stderr)")
        }
        let full = try Flowsite.run(check + ["--state", state.path, "--full"])
        #expect(full.stdout == everyRun.stdout && full.stderr.contains("every run folded (--full)"), "\(full.stderr)")
        let refused = try Flowsite.run(check + ["--full"])
        #expect(refused.status != 0 && refused.stderr.contains("--full needs --state"), "\(refused.stderr)")
    }

    @Test func deletedRunsADamagedFoldAFinishedOldRunAndAnotherDatabaseEachFallBackToAFullFold() throws {
        let folder = try Flowsite.folder()
        let db = try Self.history(in: folder)
        let state = folder.appending(path: "nightly.fold")
        _ = try Self.render(db.path, folder.appending(path: "first"), state: state, asOf: "2026-11-20T00:00:00Z")
        let saved = try #require(FileManager.default.contents(atPath: state.path))

        try DatabaseQueue(path: db.path).write { try $0.execute(sql: "DELETE FROM workflowrun WHERE id IN (10, 11, 12)") }
        let afterDelete = folder.appending(path: "after-delete")
        let deleted = try Self.render(db.path, afterDelete, state: state, asOf: "2026-11-21T00:00:00Z")
        #expect(deleted.stderr.contains("every run folded (") && deleted.stderr.contains("runs deleted or added"), "\(deleted.stderr)")
        try Self.expectSameAsFull(afterDelete, state, db: db.path, asOf: "2026-11-21T00:00:00Z", in: folder)

        var damaged = saved
        damaged[damaged.count / 2] ^= 0x20
        try damaged.write(to: state)
        let afterDamage = folder.appending(path: "after-damage")
        let corrupt = try Self.render(db.path, afterDamage, state: state, asOf: "2026-11-21T00:00:00Z")
        #expect(corrupt.stderr.contains("is damaged"), "\(corrupt.stderr)")
        try Self.expectSameAsFull(afterDamage, state, db: db.path, asOf: "2026-11-21T00:00:00Z", in: folder)

        // Run 8, left running a year ago and held by the fold as it was, finishes at last.
        _ = try Self.render(db.path, folder.appending(path: "before-reaping"), state: state, asOf: "2026-11-21T00:00:00Z")
        try DatabaseQueue(path: db.path).write { try $0.execute(sql: "UPDATE workflowrun SET status = 'cancelled' WHERE id = 8") }
        let afterReaping = folder.appending(path: "after-reaping")
        let reaped = try Self.render(db.path, afterReaping, state: state, asOf: "2026-11-21T00:00:00Z")
        #expect(reaped.stderr.contains("every run folded (run 8, in progress since long ago"), "\(reaped.stderr)")
        try Self.expectSameAsFull(afterReaping, state, db: db.path, asOf: "2026-11-21T00:00:00Z", in: folder)

        // Another database copied over the same path: same --db, other runs.
        _ = try Self.render(db.path, folder.appending(path: "again"), state: state, asOf: "2026-11-21T00:00:00Z")
        let other = try Self.history(in: folder, name: "other.db", stride: 104_729)
        try FileManager.default.removeItem(at: db)
        try FileManager.default.copyItem(at: other, to: db)
        let afterSwap = folder.appending(path: "after-swap")
        let swapped = try Self.render(db.path, afterSwap, state: state, asOf: "2026-11-21T00:00:00Z")
        #expect(swapped.stderr.contains("every run folded (") && swapped.stderr.contains("changed"), "\(swapped.stderr)")
        try Self.expectSameAsFull(afterSwap, state, db: db.path, asOf: "2026-11-21T00:00:00Z", in: folder)
    }

    /// `--state` naming the database by mistake leaves it alone; naming a path inside the site is refused before
    /// anything is read, since the fold holds what the site masks.
    @Test func aFoldNeverReplacesAnotherFileNorLandsInTheSite() throws {
        let folder = try Flowsite.folder()
        let db = try Flowsite.demo(in: folder)
        let before = try Data(contentsOf: db)
        let mistaken = try Flowsite.run(["render", "--db", db.path, "--out", folder.appending(path: "site").path, "--state", db.path])
        #expect(mistaken.status == 0 && mistaken.stderr.contains("exists and is not a saved fold; flowsite leaves it alone"), "\(mistaken.stderr)")
        #expect(try Data(contentsOf: db) == before)
        let inside = try Flowsite.run(["render", "--db", db.path, "--out", folder.appending(path: "site").path, "--state", folder.appending(path: "site/nightly.fold").path])
        #expect(inside.status != 0 && inside.stderr.contains("is inside the output folder"), "\(inside.stderr)")
        #expect(!FileManager.default.fileExists(atPath: folder.appending(path: "site/nightly.fold").path))
    }

    /// By default folds go to the user's cache, one per output folder; a job rendering into a new folder each time
    /// leaves at most `cacheKept` of them, and nothing else there is touched.
    @Test func theCacheKeepsTheNewestFoldsOnly() throws {
        let folder = try Flowsite.folder()
        let db = try Flowsite.demo(in: folder)
        let cache = folder.appending(path: "cache")
        let folds = cache.appending(path: "flowsite/folds")
        try FileManager.default.createDirectory(at: folds, withIntermediateDirectories: true)
        try Data("mine".utf8).write(to: folds.appending(path: "notes.txt"))
        for night in 1...18 {
            let outcome = try Flowsite.run(["render", "--db", db.path, "--out", folder.appending(path: "site-\(night)").path, "--format", "md", "--run-pages", "0"],
                                           environment: ["XDG_CACHE_HOME": cache.path])
            #expect(outcome.status == 0, "\(outcome.stderr)")
        }
        let names = try FileManager.default.contentsOfDirectory(atPath: folds.path)
        #expect(names.filter { $0.hasSuffix(".fold") }.count == 16, "\(names)")
        #expect(names.contains("notes.txt") && names.contains { $0.hasPrefix("site-18-") })
    }

    /// A night without new runs moves as-of: every page measured from it changes, but a run page is a record of runs
    /// (its frame leaves as-of out, ages are the reader's script's), so none is rewritten and a deploy uploads none.
    @Test func aNightWithoutNewRunsRewritesNoRunPage() throws {
        let folder = try Flowsite.folder()
        let db = try Self.history(in: folder)
        let site = folder.appending(path: "site"), state = folder.appending(path: "app.fold")
        _ = try Self.render(db.path, site, state: state, asOf: "2026-11-21T00:00:00Z")
        func runPages() throws -> [String: (Data, Date)] {
            let runs = site.appending(path: "runs")
            return try Dictionary(uniqueKeysWithValues: FileManager.default.contentsOfDirectory(atPath: runs.path).map { name in
                let url = runs.appending(path: name)
                return (name, (try Data(contentsOf: url), try FileManager.default.attributesOfItem(atPath: url.path)[.modificationDate] as! Date))
            })
        }
        let before = try runPages()
        let workflowPage = try Data(contentsOf: site.appending(path: "workflows/index.html"))
        Thread.sleep(forTimeInterval: 0.05)  // a rewritten page would carry a later modification time
        let night = try Self.render(db.path, site, state: state, asOf: "2026-11-22T00:00:00Z")
        let after = try runPages()
        #expect(before.count == 24 && Set(before.keys) == Set(after.keys), "\(before.keys.sorted())")
        for (name, (data, modified)) in before {
            #expect(after[name]?.0 == data && after[name]?.1 == modified, "\(name) was rewritten")
        }
        #expect(try Data(contentsOf: site.appending(path: "workflows/index.html")) != workflowPage, "pages measured from as-of change")
        #expect(night.stderr.contains("runs read after the saved fold"), "the night continues the saved fold: \(night.stderr)")
    }
}
