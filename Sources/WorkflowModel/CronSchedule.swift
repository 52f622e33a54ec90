import Foundation

/// A five-field cron expression (`minute hour day-of-month month day-of-week`) or an `@daily`-style alias, in a time
/// zone. Fields take `*`, numbers, ranges `a-b`, steps `*/n` and `a-b/n`, lists `a,b`, and month and weekday names
/// (`JAN`, `MON`); weekday 7 is Sunday, like 0. As in Vixie cron, when both day fields are restricted a day matching
/// either runs, and when either starts with `*` a day must match both (`0 12 */2 * *` runs on odd days).
///
/// Times are found on the wall clock of the zone, so `0 9 * * *` in `Europe/Berlin` is 07:00 UTC in summer and
/// 08:00 UTC in winter. A wall-clock time the
/// spring-forward gap skips runs at the first instant after the gap (02:30 on that night runs at 03:00); a time the
/// fall-back repeats runs once, at its first occurrence.
public struct CronSchedule: Sendable, Hashable {
    public let expression: String
    public let timeZone: TimeZone
    /// The zone as written (`UTC` when none): Foundation on Linux names UTC `GMT`.
    public let zoneName: String
    let minutes: Set<Int>
    let hours: Set<Int>
    let daysOfMonth: Set<Int>
    let months: Set<Int>
    let weekdays: Set<Int>
    let dayOfMonthRestricted: Bool
    let weekdayRestricted: Bool

    public struct ParseError: Error, Equatable, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }

    static let aliases = [
        "@yearly": "0 0 1 1 *", "@annually": "0 0 1 1 *", "@monthly": "0 0 1 * *", "@weekly": "0 0 * * 0",
        "@daily": "0 0 * * *", "@midnight": "0 0 * * *", "@hourly": "0 * * * *",
    ]
    static let monthNames = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]
    static let weekdayNames = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"]

    /// - Parameter timeZone: an IANA name; nil or empty means UTC.
    public init(_ expression: String, timeZone name: String? = nil) throws(ParseError) {
        self.expression = expression
        let written = name?.trimmingCharacters(in: .whitespaces) ?? ""
        guard let zone = written.isEmpty ? TimeZone(identifier: "UTC") : TimeZone(identifier: written) else {
            throw ParseError(message: "unknown time zone '\(written)'")
        }
        timeZone = zone
        zoneName = written.isEmpty ? "UTC" : written
        let trimmed = expression.trimmingCharacters(in: .whitespaces)
        let text = Self.aliases[trimmed.lowercased()] ?? trimmed
        let fields = text.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        guard fields.count == 5 else {
            throw ParseError(message: trimmed.hasPrefix("@") ? "unknown cron alias '\(trimmed)'" : "cron needs five fields (minute hour day month weekday), not \(fields.count)")
        }
        minutes = try Self.field(fields[0], name: "minute", range: 0...59, names: [])
        hours = try Self.field(fields[1], name: "hour", range: 0...23, names: [])
        daysOfMonth = try Self.field(fields[2], name: "day of month", range: 1...31, names: [])
        months = try Self.field(fields[3], name: "month", range: 1...12, names: Self.monthNames, firstNameValue: 1)
        var days = try Self.field(fields[4], name: "day of week", range: 0...7, names: Self.weekdayNames, firstNameValue: 0)
        if days.remove(7) != nil { days.insert(0) }
        weekdays = days
        // Vixie's DOM_STAR and DOW_STAR: a field starting with `*` (also `*/2`) only chooses AND over OR.
        dayOfMonthRestricted = !fields[2].hasPrefix("*")
        weekdayRestricted = !fields[4].hasPrefix("*")
    }

    private static func field(_ text: String, name: String, range: ClosedRange<Int>, names: [String], firstNameValue: Int = 0) throws(ParseError) -> Set<Int> {
        func number(_ token: Substring) throws(ParseError) -> Int {
            if let value = Int(token), range.contains(value) { return value }
            if let position = names.firstIndex(of: token.uppercased()) { return position + firstNameValue }
            throw ParseError(message: "\(name) '\(token)' is not in \(range.lowerBound)-\(range.upperBound)")
        }
        var values = Set<Int>()
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            let pieces = part.split(separator: "/", omittingEmptySubsequences: false)
            guard pieces.count <= 2, let base = pieces.first, !base.isEmpty else { throw ParseError(message: "\(name) '\(part)' is not a cron field") }
            var step = 1
            if pieces.count == 2 {
                guard let value = Int(pieces[1]), value > 0 else { throw ParseError(message: "\(name) step '\(pieces[1])' is not a positive number") }
                step = value
            }
            let bounds: ClosedRange<Int>
            if base == "*" {
                bounds = range
            } else if let dash = base.firstIndex(of: "-") {
                let low = try number(base[..<dash]), high = try number(base[base.index(after: dash)...])
                guard low <= high else { throw ParseError(message: "\(name) range '\(base)' runs backwards") }
                bounds = low...high
            } else {
                let value = try number(base)
                bounds = pieces.count == 2 ? value...range.upperBound : value...value
            }
            values.formUnion(stride(from: bounds.lowerBound, through: bounds.upperBound, by: step))
        }
        return values
    }

    /// Vixie cron's rule: when either day field starts with `*` a day must match both (so `*/2` in day-of-month still
    /// means odd days), otherwise either.
    private func runsOn(month: Int, day: Int, weekday: Int) -> Bool {
        guard months.contains(month) else { return false }
        let byMonthDay = daysOfMonth.contains(day)
        let byWeekday = weekdays.contains(weekday)
        return dayOfMonthRestricted && weekdayRestricted ? byMonthDay || byWeekday : byMonthDay && byWeekday
    }

    private static let secondsPerDay: Int64 = 86_400

    /// Whether the schedule runs on a local day (days since 1970-01-01 on the zone's wall clock).
    private func runs(onLocalDay day: Int64) -> Bool {
        let civil = Timestamp.civil(fromDays: day)
        let weekday = Int(((day % 7) + 7 + 4) % 7)  // 1970-01-01 was a Thursday; 0 = Sunday
        return runsOn(month: civil.month, day: civil.day, weekday: weekday)
    }

    /// The zone's offsets around one local day: the offset before the day, then each transition with the offset it
    /// starts. Two calls into the zone on an ordinary day, a few more on the day the clocks change.
    private func offsets(aroundLocalDay day: Int64) -> (initial: Int64, transitions: [(at: Int64, offset: Int64)]) {
        // Offsets lie within ±26 hours, so these instants bound every instant whose wall time falls on the day.
        let low = day * Self.secondsPerDay - 26 * 3600, high = (day + 1) * Self.secondsPerDay + 26 * 3600
        let initial = Int64(timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(low))))
        var transitions: [(at: Int64, offset: Int64)] = []
        var cursor = Date(timeIntervalSince1970: Double(low))
        while transitions.count < 8, let next = timeZone.nextDaylightSavingTimeTransition(after: cursor), next.timeIntervalSince1970 < Double(high) {
            let at = Int64(next.timeIntervalSince1970.rounded(.down))
            transitions.append((at, Int64(timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(at))))))
            cursor = next
        }
        return (initial, transitions)
    }

    /// The run instants of one local day, ascending, found by arithmetic on the zone's offsets (no calendar): a wall
    /// time maps to its first occurrence (a time the fall-back repeats runs once); a wall time the spring-forward gap
    /// skips runs at the first instant after the gap (02:30 on that night runs at 03:00), also when the gap swallows
    /// midnight itself (America/Santiago, Asuncion, Havana, Beirut).
    private func instants(onLocalDay day: Int64) -> [Timestamp] {
        let (initial, transitions) = offsets(aroundLocalDay: day)
        let dayStart = day * Self.secondsPerDay
        var result: [Timestamp] = []
        result.reserveCapacity(hours.count * minutes.count)
        let sortedHours = hours.sorted(), sortedMinutes = minutes.sorted()
        for hour in sortedHours {
            for minute in sortedMinutes {
                let wall = dayStart + Int64(hour * 3600 + minute * 60)
                let instant = transitions.isEmpty ? wall - initial : Self.firstInstant(showing: wall, initial: initial, transitions: transitions)
                let stamp = Timestamp(microseconds: instant * 1_000_000)
                if result.last != stamp { result.append(stamp) }
            }
        }
        return result
    }

    /// The first instant whose wall time is `wall`, or the end of the gap that skips it.
    private static func firstInstant(showing wall: Int64, initial: Int64, transitions: [(at: Int64, offset: Int64)]) -> Int64 {
        var offset = initial, segmentStart = Int64.min
        for transition in transitions {
            let candidate = wall - offset
            if candidate >= segmentStart, candidate < transition.at { return candidate }
            // Skipped: the wall clock jumps over `wall` at this transition.
            if wall >= transition.at + offset, wall < transition.at + transition.offset { return transition.at }
            offset = transition.offset
            segmentStart = transition.at
        }
        return wall - offset
    }

    /// The local day of an instant on the zone's wall clock.
    private func localDay(of instant: Timestamp) -> Int64 {
        let seconds = instant.microseconds >= 0 ? instant.microseconds / 1_000_000 : (instant.microseconds - 999_999) / 1_000_000
        let wall = seconds + Int64(timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(seconds))))
        return wall >= 0 ? wall / Self.secondsPerDay : (wall - Self.secondsPerDay + 1) / Self.secondsPerDay
    }

    /// The latest run instants at or before `instant`, newest first (at most `count`), looking back at most `years`.
    public func runs(atOrBefore instant: Timestamp, count: Int, years: Int = 5) -> [Timestamp] {
        var found: [Timestamp] = []
        let first = localDay(of: instant) + 1  // an instant may sit on the next local day's wall clock around a change
        for day in stride(from: first, to: first - Int64(366 * years), by: -1) where runs(onLocalDay: day) {
            for stamp in instants(onLocalDay: day).reversed() where stamp <= instant {
                found.append(stamp)
                if found.count == count { return found }
            }
        }
        return found
    }

    /// The first run instant after `instant`, looking ahead at most `years`.
    public func nextRun(after instant: Timestamp, years: Int = 5) -> Timestamp? {
        let first = localDay(of: instant) - 1
        for day in first..<(first + Int64(366 * years)) where runs(onLocalDay: day) {
            if let stamp = instants(onLocalDay: day).first(where: { $0 > instant }) { return stamp }
        }
        return nil
    }
}
