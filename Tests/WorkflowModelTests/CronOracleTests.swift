import Foundation
import Testing
@testable import WorkflowModel

/// `CronSchedule` against an oracle written from the definition: every UTC minute around the as-of is turned into
/// the zone's wall time and matched against the fields (expanded here by the test's own code, with Vixie's
/// AND/OR day rule), a repeated wall time fires at its first occurrence, and a wall time the clocks skip fires at
/// the first instant after the gap. Random expressions × zones whose clocks change at midnight (Santiago, Asuncion,
/// Havana, Beirut), at 02:00, by 30 minutes (Lord_Howe), at +5:45 and +12:45, with as-of times around transitions.
@Suite struct CronOracleTests {
    static let zones = ["America/Santiago", "America/Asuncion", "America/Havana", "Asia/Beirut", "Europe/Berlin", "America/New_York",
                        "Australia/Lord_Howe", "Asia/Kathmandu", "Pacific/Chatham", "UTC"]

    /// Field values as the oracle reads them: numbers, `*`, `a-b`, `*/n`, `a-b/n`, lists.
    static func expand(_ field: String, _ range: ClosedRange<Int>) -> Set<Int> {
        var values = Set<Int>()
        for part in field.split(separator: ",") {
            let pieces = part.split(separator: "/")
            let step = pieces.count == 2 ? Int(pieces[1])! : 1
            let bounds: ClosedRange<Int>
            if pieces[0] == "*" {
                bounds = range
            } else if pieces[0].contains("-") {
                let ends = pieces[0].split(separator: "-").map { Int($0)! }
                bounds = ends[0]...ends[1]
            } else {
                let value = Int(pieces[0])!
                bounds = pieces.count == 2 ? value...range.upperBound : value...value
            }
            values.formUnion(stride(from: bounds.lowerBound, through: bounds.upperBound, by: step))
        }
        return values
    }

    struct Oracle {
        let minutes, hours, days, months, weekdays: Set<Int>
        let dayStar, weekdayStar: Bool
        let zone: TimeZone

        init(_ expression: String, zone: TimeZone) {
            let fields = expression.split(separator: " ").map(String.init)
            minutes = CronOracleTests.expand(fields[0], 0...59)
            hours = CronOracleTests.expand(fields[1], 0...23)
            days = CronOracleTests.expand(fields[2], 1...31)
            months = CronOracleTests.expand(fields[3], 1...12)
            weekdays = Set(CronOracleTests.expand(fields[4], 0...7).map { $0 % 7 })
            dayStar = fields[2].hasPrefix("*")
            weekdayStar = fields[4].hasPrefix("*")
            self.zone = zone
        }

        /// Whether a wall time (seconds on the zone's clock since 1970-01-01) matches, by the calendar of the test.
        func matches(wall: Int64) -> Bool {
            var utc = Calendar(identifier: .gregorian)
            utc.timeZone = TimeZone(identifier: "UTC")!
            let parts = utc.dateComponents([.month, .day, .hour, .minute, .weekday], from: Date(timeIntervalSince1970: Double(wall)))
            guard minutes.contains(parts.minute!), hours.contains(parts.hour!), months.contains(parts.month!) else { return false }
            let byDay = days.contains(parts.day!), byWeekday = weekdays.contains(parts.weekday! - 1)
            return dayStar || weekdayStar ? byDay && byWeekday : byDay || byWeekday
        }

        func offset(_ instant: Int64) -> Int64 { Int64(zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(instant)))) }

        /// Every firing instant in [from, to], ascending, by a scan of every minute.
        func firings(from: Int64, to: Int64) -> [Int64] {
            var result: [Int64] = []
            var instant = from - from % 60
            while instant <= to {
                let offset = self.offset(instant), wall = instant + offset
                let previousOffset = self.offset(instant - 60)
                var fires = false
                if matches(wall: wall) {
                    // First occurrence: no earlier instant (at an offset in force up to two hours before) shows the
                    // same wall time.
                    fires = ![previousOffset, self.offset(instant - 7200)].contains { older in
                        older > offset && wall - older < instant && self.offset(wall - older) == older
                    }
                }
                if !fires, offset > previousOffset {
                    // The clocks jumped forward at this instant: wall times in the gap run now.
                    fires = stride(from: instant + previousOffset, to: wall, by: 60).contains { matches(wall: $0) }
                }
                if fires { result.append(instant) }
                instant += 60
            }
            return result
        }
    }

    static func randomExpression(_ random: inout SeededRandom) -> String {
        let minute = ["*", "*/15", "0", "30", "5-10", "0,30", "45"].randomElement(using: &random)!
        let hour = ["*", "2", "0-3", "*/6", "1,2,3", "23", "0", "0,12", "22-23"].randomElement(using: &random)!
        let day = ["*", "*", "*/2", "1-15", "8", "1,15", "2-30/3"].randomElement(using: &random)!
        let month = ["*", "*", "*", "3-11"].randomElement(using: &random)!
        let weekday = ["*", "*", "1-5", "0", "6", "*/2", "1,3,5"].randomElement(using: &random)!
        return "\(minute) \(hour) \(day) \(month) \(weekday)"
    }

    /// As-of instants near every transition of 2024 and 2025 in the zone, and a few ordinary days.
    static func asOfTimes(_ zone: TimeZone, _ random: inout SeededRandom) -> [Int64] {
        var times: [Int64] = [1_718_000_000, 1_736_000_000]
        var cursor = Date(timeIntervalSince1970: 1_704_067_200)  // 2024-01-01
        while let next = zone.nextDaylightSavingTimeTransition(after: cursor), next.timeIntervalSince1970 < 1_767_225_600 {
            times.append(Int64(next.timeIntervalSince1970) + Int64.random(in: -30 * 3600 ... 30 * 3600, using: &random) / 60 * 60)
            cursor = next
        }
        return times
    }

    @Test(arguments: zones)
    func agreesWithAMinuteByMinuteScan(_ zoneName: String) throws {
        var random = SeededRandom(seed: zoneName.utf8.reduce(UInt64(0)) { $0 &* 31 &+ UInt64($1) })
        let zone = TimeZone(identifier: zoneName)!
        let window: Int64 = 3 * 86_400
        for asOf in Self.asOfTimes(zone, &random) {
            for _ in 0..<3 {
                let expression = Self.randomExpression(&random)
                let schedule = try CronSchedule(expression, timeZone: zoneName)
                let oracle = Oracle(expression, zone: zone)
                let stamp = Timestamp(microseconds: asOf * 1_000_000)
                let before = oracle.firings(from: asOf - window, to: asOf).reversed().prefix(3).map { Timestamp(microseconds: $0 * 1_000_000) }
                let found = schedule.runs(atOrBefore: stamp, count: 3)
                let context = "\(expression) in \(zoneName) as of \(stamp)"
                if before.count == 3 {
                    #expect(found == Array(before), "\(context)")
                } else {
                    #expect(found.filter { $0.microseconds >= (asOf - window) * 1_000_000 } == Array(before), "\(context)")
                }
                if let next = oracle.firings(from: asOf + 60 - asOf % 60, to: asOf + window).first {
                    #expect(schedule.nextRun(after: stamp) == Timestamp(microseconds: next * 1_000_000), "next: \(context)")
                }
            }
        }
    }

    /// Vixie's rule: a day field starting with `*` only chooses AND over OR; its values still apply.
    @Test func aStarredStepInADayFieldStillApplies() throws {
        let oddDays = try CronSchedule("0 12 */2 * *")
        #expect(oddDays.nextRun(after: Timestamp(text: "2026-11-02T13:00:00Z")!) == Timestamp(text: "2026-11-03T12:00:00Z"))
        let oddMondays = try CronSchedule("0 12 */2 * 1")
        #expect(oddMondays.nextRun(after: Timestamp(text: "2026-11-01T00:00:00Z")!) == Timestamp(text: "2026-11-09T12:00:00Z"))
        let firstOrMonday = try CronSchedule("0 12 1 * 1")
        #expect(firstOrMonday.nextRun(after: Timestamp(text: "2026-11-01T13:00:00Z")!) == Timestamp(text: "2026-11-02T12:00:00Z"))
    }

    /// 2024-09-08 in Santiago has no midnight (00:00 -> 01:00): noon is still noon.
    @Test func aDayWithoutMidnightKeepsItsTimes() throws {
        let noon = try CronSchedule("0 12 * * *", timeZone: "America/Santiago")
        #expect(noon.nextRun(after: Timestamp(text: "2024-09-08T00:00:00Z")!) == Timestamp(text: "2024-09-08T15:00:00Z"))
        let midnight = try CronSchedule("0 0 * * *", timeZone: "America/Santiago")
        #expect(midnight.nextRun(after: Timestamp(text: "2024-09-08T00:00:00Z")!) == Timestamp(text: "2024-09-08T04:00:00Z"))
    }
}

/// A day the clocks change costs about what an ordinary day costs (it was 80 × when every wall time went through
/// the calendar and every skipped minute was probed). Ratio of the best of three, not a time.
@Suite struct CronDaylightSavingCostTests {
    @Test func aDaylightSavingDayIsNotSlower() throws {
        let schedule = try CronSchedule("*/5 * * * *", timeZone: "Europe/Berlin")
        func best(_ asOf: String) -> Double {
            let instant = Timestamp(text: asOf)!
            return (0..<3).map { _ in
                let start = DispatchTime.now().uptimeNanoseconds
                for _ in 0..<200 {
                    _ = schedule.runs(atOrBefore: instant, count: 2)
                    _ = schedule.nextRun(after: instant)
                }
                return Double(DispatchTime.now().uptimeNanoseconds - start)
            }.min()!
        }
        let ratio = best("2026-03-29T01:30:00Z") / best("2026-03-25T12:00:00Z")
        #expect(ratio < 3, "a DST day took \(String(format: "%.1f", ratio)) × an ordinary day")
    }
}
