import Testing
@testable import WorkflowModel

@Suite struct CronScheduleTests {
    static func at(_ text: String) -> Timestamp { Timestamp(text: text)! }

    @Test func fieldsAliasesNamesAndSteps() throws {
        let weekdays = try CronSchedule("0 9 * * MON-FRI")
        #expect(weekdays.runs(atOrBefore: Self.at("2026-11-29T12:00:00Z"), count: 2) == [Self.at("2026-11-27T09:00:00Z"), Self.at("2026-11-26T09:00:00Z")])  // Sunday -> Fri, Thu
        let quarters = try CronSchedule("*/15 * * * *")
        #expect(quarters.nextRun(after: Self.at("2026-11-25T10:07:00Z")) == Self.at("2026-11-25T10:15:00Z"))
        #expect(try CronSchedule("@daily").runs(atOrBefore: Self.at("2026-11-25T00:00:00Z"), count: 1) == [Self.at("2026-11-25T00:00:00Z")])
        #expect(try CronSchedule("@hourly").nextRun(after: Self.at("2026-11-25T10:00:00Z")) == Self.at("2026-11-25T11:00:00Z"))
        #expect(try CronSchedule("0 0 1 jan *").nextRun(after: Self.at("2026-11-25T00:00:00Z")) == Self.at("2027-01-01T00:00:00Z"))
        // Sunday as 7 and as 0.
        #expect(try CronSchedule("0 6 * * 7").nextRun(after: Self.at("2026-11-25T00:00:00Z")) == Self.at("2026-11-29T06:00:00Z"))
        // Both day fields restricted: either matches (the 13th, or a Friday).
        #expect(try CronSchedule("0 0 13 * 5").nextRun(after: Self.at("2026-11-25T00:00:00Z")) == Self.at("2026-11-27T00:00:00Z"))
        #expect(try CronSchedule("0 0 13 * 5").nextRun(after: Self.at("2026-12-11T00:00:00Z")) == Self.at("2026-12-13T00:00:00Z"))
    }

    @Test(arguments: ["", "* * * *", "60 * * * *", "* 24 * * *", "* * 0 * *", "* * * 13 *", "* * * * 8", "5-1 * * * *", "*/0 * * * *", "@often", "a b c d e"])
    func badExpressionsAreErrors(_ expression: String) {
        #expect(throws: CronSchedule.ParseError.self) { try CronSchedule(expression) }
    }

    @Test func anUnknownTimeZoneIsAnError() {
        #expect(throws: CronSchedule.ParseError(message: "unknown time zone 'Mars/Olympus'")) { try CronSchedule("0 9 * * *", timeZone: "Mars/Olympus") }
    }

    /// 09:00 in Berlin is 07:00 UTC in summer and 08:00 UTC in winter.
    @Test func wallClockTimesFollowTheZone() throws {
        let schedule = try CronSchedule("0 9 * * *", timeZone: "Europe/Berlin")
        #expect(schedule.nextRun(after: Self.at("2026-07-01T00:00:00Z")) == Self.at("2026-07-01T07:00:00Z"))
        #expect(schedule.nextRun(after: Self.at("2026-12-01T00:00:00Z")) == Self.at("2026-12-01T08:00:00Z"))
    }

    /// Berlin springs forward at 02:00 on 2026-03-29 (02:00-03:00 does not exist) and falls back at 03:00 on
    /// 2026-10-25 (02:00-03:00 happens twice).
    @Test func daylightSavingGapsAndRepeats() throws {
        let schedule = try CronSchedule("30 2 * * *", timeZone: "Europe/Berlin")
        // The skipped 02:30 runs at 03:00 CEST = 01:00 UTC.
        #expect(schedule.nextRun(after: Self.at("2026-03-28T12:00:00Z")) == Self.at("2026-03-29T01:00:00Z"))
        // The repeated 02:30 runs once, at its first occurrence (02:30 CEST = 00:30 UTC).
        #expect(schedule.runs(atOrBefore: Self.at("2026-10-25T12:00:00Z"), count: 2) == [Self.at("2026-10-25T00:30:00Z"), Self.at("2026-10-24T00:30:00Z")])
        // New York: 2026-03-08 02:00 EST -> 03:00 EDT.
        let newYork = try CronSchedule("0 12 * * *", timeZone: "America/New_York")
        #expect(newYork.runs(atOrBefore: Self.at("2026-03-09T00:00:00Z"), count: 2) == [Self.at("2026-03-08T16:00:00Z"), Self.at("2026-03-07T17:00:00Z")])
    }
}

@Suite struct PunctualityTests {
    static let asOf = Timestamp(text: "2026-11-25T12:00:00Z")!

    static func trigger(_ type: String, _ details: [String: String]) -> WorkflowDefinition.Trigger {
        let members = [JSONValue.Member("type", .string(type))] + details.sorted { $0.key < $1.key }.map { JSONValue.Member($0.key, .string($0.value)) }
        return WorkflowDefinition(.object([.init("trigger", .object(members)), .init("actions", .array([]))])).trigger!
    }

    @Test func aDailyWorkflowThatStoppedThreeWeeksAgoIsLate() throws {
        let daily = Self.trigger("schedule", ["cron": "0 2 * * *"])
        let stopped = try #require(Punctuality.evaluate(trigger: daily, runTimes: [Self.asOf.adding(days: -21)], createdAt: nil, asOf: Self.asOf))
        #expect(stopped.state == .late)
        #expect(stopped.overdueSince == Timestamp(text: "2026-11-25T02:00:00Z"))  // today's 02:00 is past its grace (2.4 h)
        #expect(stopped.missedRuns == 21)
        #expect(stopped.reason == "no run since 2026-11-04 12:00 UTC; 21 runs missed (0 2 * * *), the last due 2026-11-25 02:00 UTC")
        let fine = try #require(Punctuality.evaluate(trigger: daily, runTimes: [Timestamp(text: "2026-11-25T02:00:04Z")!], createdAt: nil, asOf: Self.asOf))
        #expect(fine.state == .onTime)
        #expect(fine.expectedNext == Timestamp(text: "2026-11-26T02:00:00Z"))
        // Yesterday's run is enough while today's is within its grace; at 06:15 today's missing run is late.
        let yesterday = [Timestamp(text: "2026-11-24T02:01:00Z")!]
        #expect(Punctuality.evaluate(trigger: daily, runTimes: yesterday, createdAt: nil, asOf: Timestamp(text: "2026-11-25T03:30:00Z")!)?.state == .onTime)
        let morning = try #require(Punctuality.evaluate(trigger: daily, runTimes: yesterday, createdAt: nil, asOf: Timestamp(text: "2026-11-25T06:15:00Z")!))
        #expect(morning.state == .late && morning.missedRuns == 1 && morning.reason.hasPrefix("no run since 2026-11-24 02:01 UTC; 1 run missed"))
        let brandNew = try #require(Punctuality.evaluate(trigger: daily, runTimes: [], createdAt: Self.asOf.adding(hours: -3), asOf: Self.asOf))
        #expect(brandNew.state == .onTime)
        let never = try #require(Punctuality.evaluate(trigger: daily, runTimes: [], createdAt: Self.asOf.adding(days: -10), asOf: Self.asOf))
        #expect(never.state == .late && never.reason.hasPrefix("never run; 10 runs missed"))
    }

    @Test func theGraceIsATenthOfTheIntervalBetweenFiveMinutesAndThreeHours() throws {
        #expect(Punctuality.grace(forIntervalSeconds: 600) == 300)
        #expect(Punctuality.grace(forIntervalSeconds: 3_600) == 360)
        #expect(Punctuality.grace(forIntervalSeconds: 86_400) == 8_640)
        #expect(Punctuality.grace(forIntervalSeconds: 7 * 86_400) == 10_800)
        let frequent = Self.trigger("schedule", ["cron": "*/10 * * * *"])
        let late = try #require(Punctuality.evaluate(trigger: frequent, runTimes: [Self.asOf.adding(hours: -2)], createdAt: nil, asOf: Self.asOf))
        #expect(late.state == .late && late.allowanceSeconds == 300 && late.missedRuns == 11)
        let fine = try #require(Punctuality.evaluate(trigger: frequent, runTimes: [Self.asOf.adding(seconds: -8 * 60)], createdAt: nil, asOf: Self.asOf))
        #expect(fine.state == .onTime)
        // flowsite.yml's grace wins: six hours let this morning's missing run wait.
        let daily = Self.trigger("schedule", ["cron": "0 2 * * *"])
        let loose = try #require(Punctuality.evaluate(trigger: daily, runTimes: [Timestamp(text: "2026-11-24T02:00:00Z")!], createdAt: nil,
                                                      asOf: Timestamp(text: "2026-11-25T06:15:00Z")!, graceSeconds: 6 * 3_600))
        #expect(loose.state == .onTime && loose.allowanceSeconds == 21_600)
    }

    @Test func aZoneUnderAnotherKeyIsNotSilentlyUTC() throws {
        let misspelt = try #require(Punctuality.evaluate(trigger: Self.trigger("schedule", ["cron": "0 9 * * *", "tz": "Europe/Berlin"]), runTimes: [], createdAt: nil, asOf: Self.asOf))
        #expect(misspelt.state == .unreadableSchedule && misspelt.reason == "its time zone is under 'tz'; the key is 'timezone'")
        let utc = try #require(Punctuality.evaluate(trigger: Self.trigger("schedule", ["cron": "0 2 * * *", "timezone": "UTC"]), runTimes: [], createdAt: Self.asOf.adding(days: -2), asOf: Self.asOf))
        #expect(!utc.reason.contains("GMT") && !utc.reason.contains(" in UTC"), "\(utc.reason)")
    }

    @Test func aWebhookSilentForThreeTimesItsUsualGapIsQuiet() throws {
        let webhook = Self.trigger("webhook", [:])
        let hourlyUntilYesterday = (1...40).map { Self.asOf.adding(hours: -24 - Int64($0)) }
        let quiet = try #require(Punctuality.evaluate(trigger: webhook, runTimes: hourlyUntilYesterday, createdAt: nil, asOf: Self.asOf))
        #expect(quiet.state == .quiet)
        let busy = (0...40).map { Self.asOf.adding(hours: -Int64($0)) }
        #expect(Punctuality.evaluate(trigger: webhook, runTimes: busy, createdAt: nil, asOf: Self.asOf)?.state == .onTime)
        #expect(Punctuality.evaluate(trigger: webhook, runTimes: [Self.asOf.adding(days: -30)], createdAt: nil, asOf: Self.asOf) == nil)  // too few gaps to judge
        #expect(Punctuality.evaluate(trigger: Self.trigger("manual", [:]), runTimes: [], createdAt: nil, asOf: Self.asOf) == nil)
    }

    @Test func anUnreadableScheduleSaysWhy() throws {
        let broken = try #require(Punctuality.evaluate(trigger: Self.trigger("schedule", ["cron": "every day"]), runTimes: [], createdAt: nil, asOf: Self.asOf))
        #expect(broken.state == .unreadableSchedule)
        #expect(broken.reason.contains("five fields"))
    }
}

@Suite struct ErrorSignatureTests {
    @Test(arguments: [
        ("timeout after 31 s on run 8812", "timeout after <duration> on run <n>"),
        ("timeout after 30s on run 9001", "timeout after <duration> on run <n>"),
        ("user 3f2a9c1e-8b7d-4e6f-a1b2-c3d4e5f60718 not found", "user <uuid> not found"),
        ("GitHub API returned 502 at 2026-11-24T03:12:44Z", "GitHub API returned 502 at <time>"),
        ("cannot open '/var/data/run-12/out.json': No such file", "cannot open <value>: No such file"),
        ("cannot open /var/data/run-12/out.json: No such file", "cannot open <path>: No such file"),
        ("GET https://api.example.com/v1/items?id=5 failed", "GET <url> failed"),
        ("commit deadbeef1234 rejected", "commit <hex> rejected"),
        ("Traceback (most recent call last):\n  File \"x.py\", line 3", "Traceback (most recent call last):"),
        ("  spaced    out  ", "spaced out"),
        ("step2 failed for v1", "step2 failed for v1"),
    ])
    func normalises(_ pair: (String, String)) {
        #expect(ErrorSignature.of(pair.0) == pair.1)
    }

    @Test func tallyingBySignatureAddsCountsAndKeepsTheSeenRange() {
        let early = Timestamp(text: "2026-11-01T00:00:00Z")!, late = Timestamp(text: "2026-11-20T00:00:00Z")!
        let grouped = SignatureTally.group([
            ErrorTally(message: "timeout after 31 s", count: 5, workflowIDs: [3, 9], firstSeen: late, lastSeen: late),
            ErrorTally(message: "timeout after 30 s", count: 4, workflowIDs: [1], firstSeen: early, lastSeen: early),
            ErrorTally(message: "quota exceeded", count: 6, workflowIDs: [2]),
        ])
        #expect(grouped.map(\.signature) == ["timeout after <duration>", "quota exceeded"])
        #expect(grouped[0].count == 9)
        #expect(grouped[0].messages == 2)
        #expect(grouped[0].workflowIDs == [1, 3, 9])
        #expect(grouped[0].firstSeen == early && grouped[0].lastSeen == late)
    }
}

@Suite struct ReliabilityAndGateTests {
    static let asOf = Timestamp(text: "2026-11-25T00:00:00Z")!

    static func runs(_ outcomes: String) -> WorkflowRunStatistics {
        // Oldest first in the string; one run per hour ending an hour before as-of.
        var accumulator = RunStatisticsAccumulator(asOf: asOf, workflowIDs: [1])
        for (index, letter) in outcomes.enumerated() {
            let status = letter == "f" ? "failed" : letter == "c" ? "cancelled" : "completed"
            let hoursAgo = Int64(outcomes.count - index)
            accumulator.add(RunSummary(id: Int64(index + 1), triggeredAt: .time(asOf.adding(hours: -hoursAgo)), status: RunStatus(status), errorMessage: letter == "f" ? "boom" : nil), workflowID: 1)
        }
        return accumulator.finish().workflow(1)
    }

    @Test func flappingIsFlakyAndRecoveriesAreTimed() {
        let flapping = Reliability(Self.runs("ofofofofofofofofofof"), asOf: Self.asOf)
        #expect(flapping.flipRate == 1)
        #expect(flapping.isFlaky())
        #expect(flapping.recoveries == 9)
        #expect(flapping.meanRecoverySeconds == 3_600)
        let steady = Reliability(Self.runs("oooooooooooooooooooo"), asOf: Self.asOf)
        #expect(steady.flipRate == 0)
        #expect(!steady.isFlaky())
        let streak = Reliability(Self.runs("ooofffffo"), asOf: Self.asOf)
        #expect(streak.maxRecoverySeconds == Int64(18_000))
        // A cancelled run is no recovery: the streak goes on to the success (4 h from the first failure).
        let cancelled = Reliability(Self.runs("offcfo"), asOf: Self.asOf)
        #expect(cancelled.recoveries == 1 && cancelled.maxRecoverySeconds == 14_400)
        #expect(cancelled.flipRate == 0.5)  // o f f f o: two changes over four steps; the cancelled run is not a step
        #expect(Reliability(Self.runs("offc"), asOf: Self.asOf).failureStreak == 2)
    }
}
