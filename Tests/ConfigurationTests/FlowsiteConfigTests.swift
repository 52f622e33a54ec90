import Configuration
import Foundation
import Testing
import WorkflowModel

@Suite struct FlowsiteConfigTests {
    @Test func aFullFileSetsEveryValue() throws {
        let config = try FlowsiteConfig.parse("""
            render:
              title: Team workflows
              base_url: https://ops.example.com/flows/
              formats: [html]
              mermaid: cdn
            redaction:
              keys: [internal_ref, tenant-pin]
            thresholds:
              flaky_flip_rate: 0.3
              unreliable_failure_rate: 0.25
              late_grace: 1h30m
            gates:
              max_failure_streak: 5
              max_unreadable_schedules: 3
              min_success_rate: { rate: 0.9, window_days: 14, min_runs: 20 }
              max_late_workflows: 2
              max_stuck_runs: 1
              max_unreliable_servers: 0
              workflows:
                - { name: Nightly export, max_failure_streak: 10, late_grace: 45m }
                - { id: 12, skip: true }
            """, path: "flowsite.yml")
        #expect(config.title == "Team workflows")
        #expect(config.baseURL == "https://ops.example.com/flows/")
        #expect(config.formats == ["html"])
        #expect(config.mermaid == "cdn")
        #expect(config.secretKeys == ["internal_ref", "tenant-pin"])
        #expect(config.gates.maxFailureStreak == 5)
        #expect(config.gates.minSuccessRate == 0.9)
        #expect(config.gates.successWindowDays == 14)
        #expect(config.gates.minRuns == 20)
        #expect(config.gates.maxLateWorkflows == 2)
        #expect(config.gates.maxStuckRuns == 1)
        #expect(config.gates.flakyFlipRate == 0.3)
        #expect(config.gates.unreliableFailureRate == 0.25)
        #expect(config.gates.overrides.count == 2)
        #expect(config.gates.overrides[0].match == .name("Nightly export"))
        #expect(config.gates.overrides[0].maxFailureStreak == 10)
        #expect(config.gates.lateGraceSeconds == 5_400 && config.gates.overrides[0].lateGraceSeconds == 2_700)
        #expect(config.gates.maxUnreadableSchedules == 3)
        #expect(config.gates.overrides[0].location == "flowsite.yml:20:7")
        #expect(config.gates.overrides[1].match == .id(12))
        #expect(config.gates.overrides[1].skip)
    }

    @Test func anEmptyFileIsTheDefaults() throws {
        #expect(try FlowsiteConfig.parse("", path: "flowsite.yml").gates == GateSettings())
        #expect(try FlowsiteConfig.parse("gates:\n  min_success_rate: off\n", path: "f.yml").gates.minSuccessRate == nil)
    }

    /// Every mistake names the file, line and column of the value at fault.
    @Test(arguments: [
        ("gates:\n  max_failure_streek: 3\n", "f.yml:2:3: unknown key 'max_failure_streek'"),
        ("render:\n  title: x\ngate:\n  a: 1\n", "f.yml:3:1: unknown key 'gate'"),
        ("gates:\n  max_failure_streak: three\n", "f.yml:2:23: expected a whole number ≥ 0, not 'three'"),
        ("gates:\n  min_success_rate: { rate: 1.5 }\n", "f.yml:2:29: expected a fraction from 0 to 1, not '1.5'"),
        ("render:\n  formats: [html, pdf]\n", "f.yml:2:12: formats are html and md, not 'pdf'"),
        ("gates:\n  workflows:\n    - { max_failure_streak: 1 }\n", "f.yml:3:7: a workflow override needs 'id' or 'name'"),
        ("gates: [1, 2]\n", "f.yml:1:8: expected a mapping of"),
        ("thresholds:\n  late_grace: soon\n", "f.yml:2:15: expected a duration like 30m, 2h or 90s, not 'soon'"),
        ("thresholds:\n  late_grace: 1h30\n", "f.yml:2:15: expected a duration like 30m, 2h or 90s, not '1h30' (a number needs a unit"),
        ("render:\n  title: [unclosed\n", "f.yml:"),
    ])
    func mistakesAreErrorsWithTheirPosition(_ pair: (String, String)) {
        do {
            _ = try FlowsiteConfig.parse(pair.0, path: "f.yml")
            Issue.record("accepted \(pair.0)")
        } catch {
            #expect(error.description.hasPrefix(pair.1), "\(error.description)")
        }
    }

    @Test func aMissingDefaultFileIsTheDefaultsButAMissingExplicitOneIsAnError() throws {
        let folder = FileManager.default.temporaryDirectory.appending(path: "flowsite-config-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        #expect(try FlowsiteConfig.load(explicit: nil, folder: folder.path).path == nil)
        #expect(throws: FlowsiteConfig.ConfigError.self) { try FlowsiteConfig.load(explicit: folder.appending(path: "nope.yml").path) }
        try "gates: { max_stuck_runs: 4 }\n".write(to: folder.appending(path: "flowsite.yml"), atomically: true, encoding: .utf8)
        #expect(try FlowsiteConfig.load(explicit: nil, folder: folder.path).gates.maxStuckRuns == 4)
    }
}
