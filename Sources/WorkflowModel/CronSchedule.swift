import Foundation

/// A five-field cron expression (`minute hour day-of-month month day-of-week`) or an `@daily`-style alias, in a time
/// zone. Fields take `*`, numbers, ranges `a-b`, steps `*/n` and `a-b/n`, lists `a,b`, and month and weekday names
/// (`JAN`, `MON`); weekday 7 is Sunday, like 0. When both day fields are restricted a day matching either runs, as
/// in Vixie cron.
///
/// Times are found on the wall clock of the zone, so `0 9 * * *` in `Europe/Berlin` is 07:00 UTC in summer and
/// 08:00 UTC in winter. A wall-clock time the
/// spring-forward gap skips runs at the first instant after the gap (02:30 on that night runs at 03:00); a time the
/// fall-back repeats runs once, at its first occurrence.
public struct CronSchedule: Sendable, Hashable {
    public let expression: String
    public let timeZone: TimeZone
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
        let zoneName = name?.trimmingCharacters(in: .whitespaces) ?? ""
        guard let zone = zoneName.isEmpty ? TimeZone(identifier: "UTC") : TimeZone(identifier: zoneName) else {
            throw ParseError(message: "unknown time zone '\(zoneName)'")
        }
        timeZone = zone
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

    private var calendar: Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        return calendar
    }

    private func runsOn(month: Int, day: Int, weekday: Int) -> Bool {
        guard months.contains(month) else { return false }
        let byMonthDay = daysOfMonth.contains(day)
        let byWeekday = weekdays.contains(weekday)
        switch (dayOfMonthRestricted, weekdayRestricted) {
        case (true, true): return byMonthDay || byWeekday
        case (true, false): return byMonthDay
        case (false, true): return byWeekday
        case (false, false): return true
        }
    }

    /// The run instants of one local day, ascending. On an ordinary day the zone's offset is the same from midnight to
    /// midnight and each wall time is plain arithmetic; on a day the clocks change, each is found through the
    /// calendar: a wall time in a spring-forward gap maps to the instant after the gap, a repeated wall time to its
    /// first occurrence.
    private func instants(onLocalDay date: DateComponents, calendar: Calendar) -> [Timestamp] {
        guard let midnight = calendar.date(from: date), let nextMidnight = calendar.date(byAdding: .day, value: 1, to: midnight) else { return [] }
        let offset = timeZone.secondsFromGMT(for: midnight)
        let sortedHours = hours.sorted(), sortedMinutes = minutes.sorted()
        if offset == timeZone.secondsFromGMT(for: nextMidnight.addingTimeInterval(-1)),
           Int64(nextMidnight.timeIntervalSince(midnight)) == 86_400
        {
            let start = Int64(midnight.timeIntervalSince1970)
            return sortedHours.flatMap { hour in sortedMinutes.map { minute in Timestamp(microseconds: (start + Int64(hour * 3600 + minute * 60)) * 1_000_000) } }
        }
        var result: [Timestamp] = []
        for hour in sortedHours {
            for minute in sortedMinutes {
                var components = date
                components.hour = hour
                components.minute = minute
                components.second = 0
                guard let instant = calendar.date(from: components) else { continue }
                let shown = calendar.dateComponents([.day, .hour, .minute], from: instant)
                if shown.day == date.day, shown.hour == hour, shown.minute == minute {
                    result.append(Timestamp(microseconds: Int64(instant.timeIntervalSince1970) * 1_000_000))
                } else if let gapEnd = Self.firstInstantAfterGap(calendar, date: date, hour: hour, minute: minute) {
                    result.append(gapEnd)
                }
            }
        }
        return Array(Set(result)).sorted()
    }

    /// The first instant whose wall time is later than the skipped one, on the same local day.
    private static func firstInstantAfterGap(_ calendar: Calendar, date: DateComponents, hour: Int, minute: Int) -> Timestamp? {
        var components = date
        components.hour = hour
        components.minute = 0
        components.second = 0
        // Probe forward a minute at a time (a gap is at most a few hours) for the first wall time past the target.
        guard var probe = calendar.date(from: components).map({ $0.addingTimeInterval(-3 * 3600) }) else { return nil }
        for _ in 0..<(6 * 60) {
            let shown = calendar.dateComponents([.day, .hour, .minute], from: probe)
            if shown.day == date.day, (shown.hour ?? 0) * 60 + (shown.minute ?? 0) > hour * 60 + minute {
                return Timestamp(microseconds: Int64((probe.timeIntervalSince1970 * 1_000_000).rounded()))
            }
            probe = probe.addingTimeInterval(60)
        }
        return nil
    }

    /// The latest run instants at or before `instant`, newest first (at most `count`), looking back at most `years`.
    public func runs(atOrBefore instant: Timestamp, count: Int, years: Int = 5) -> [Timestamp] {
        let calendar = calendar
        let date = Date(timeIntervalSince1970: Double(instant.microseconds) / 1_000_000)
        guard var day = calendar.date(from: calendar.dateComponents([.year, .month, .day], from: date)) else { return [] }
        var found: [Timestamp] = []
        for _ in 0..<(366 * years) {
            let components = calendar.dateComponents([.year, .month, .day, .weekday], from: day)
            if runsOn(month: components.month!, day: components.day!, weekday: components.weekday! - 1) {
                for stamp in instants(onLocalDay: DateComponents(year: components.year, month: components.month, day: components.day), calendar: calendar).reversed()
                where stamp <= instant {
                    found.append(stamp)
                    if found.count == count { return found }
                }
            }
            guard let previous = calendar.date(byAdding: .day, value: -1, to: day) else { break }
            day = previous
        }
        return found
    }

    /// The first run instant after `instant`, looking ahead at most `years`.
    public func nextRun(after instant: Timestamp, years: Int = 5) -> Timestamp? {
        let calendar = calendar
        let date = Date(timeIntervalSince1970: Double(instant.microseconds) / 1_000_000)
        guard var day = calendar.date(from: calendar.dateComponents([.year, .month, .day], from: date)) else { return nil }
        for _ in 0..<(366 * years) {
            let components = calendar.dateComponents([.year, .month, .day, .weekday], from: day)
            if runsOn(month: components.month!, day: components.day!, weekday: components.weekday! - 1),
               let stamp = instants(onLocalDay: DateComponents(year: components.year, month: components.month, day: components.day), calendar: calendar).first(where: { $0 > instant })
            {
                return stamp
            }
            guard let next = calendar.date(byAdding: .day, value: 1, to: day) else { break }
            day = next
        }
        return nil
    }
}
