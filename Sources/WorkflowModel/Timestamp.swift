/// A point in time as microseconds since the Unix epoch, UTC.
/// Microseconds because SQLModel stores six fractional digits; an integer so ordering and equality are exact.
public struct Timestamp: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var microseconds: Int64

    public init(microseconds: Int64) { self.microseconds = microseconds }

    /// Instants from 0001-01-01 to 9999-12-31 UTC: what Python's `datetime` can hold, so anything outside is a
    /// corrupt cell, not a time. Every calendar computation assumes this range (near `Int64.min` the day arithmetic
    /// overflows), so values from a database are checked on the way in.
    public static let supported: ClosedRange<Int64> = -62_135_596_800_000_000 ... 253_402_300_799_999_999

    /// An instant in the supported range, or nil.
    public init?(checkedMicroseconds microseconds: Int64) {
        guard Self.supported.contains(microseconds) else { return nil }
        self.microseconds = microseconds
    }

    /// Milliseconds since the epoch (Prisma's integer form), or nil when out of the supported range.
    public init?(milliseconds: Int64) {
        let (product, overflow) = milliseconds.multipliedReportingOverflow(by: 1000)
        guard !overflow else { return nil }
        self.init(checkedMicroseconds: product)
    }

    public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool { lhs.microseconds < rhs.microseconds }

    public static let microsecondsPerDay: Int64 = 86_400_000_000

    /// Days since 1970-01-01 (negative before), so runs can be bucketed per UTC day.
    public var dayNumber: Int64 {
        microseconds >= 0 ? microseconds / Self.microsecondsPerDay : (microseconds + 1) / Self.microsecondsPerDay - 1
    }

    public func adding(days: Int64) -> Timestamp { Timestamp(microseconds: microseconds + days * Self.microsecondsPerDay) }

    public func adding(hours: Int64) -> Timestamp { Timestamp(microseconds: microseconds + hours * 3_600_000_000) }
    public func adding(seconds: Int64) -> Timestamp { Timestamp(microseconds: microseconds + seconds * 1_000_000) }

    /// `2026-11-24T09:15:02Z`: ISO 8601, second precision, for output meant for machines and people alike.
    public var iso8601: String {
        text { parts, out in
            out.date(parts, separator: "T")
            out.clock(parts, seconds: true)
            out.byte("Z")
        }
    }

    /// `2026-11-24 09:15` for tables people read.
    public var shortText: String {
        text { parts, out in
            out.date(parts, separator: " ")
            out.clock(parts, seconds: false)
        }
    }

    /// `2026-11-24`.
    public var dayText: String {
        text { parts, out in out.date(parts, separator: nil) }
    }

    /// SQLModel's on-disk text: `2026-11-24 09:15:02.123456`.
    public var sqlModelText: String {
        text { parts, out in
            out.date(parts, separator: " ")
            out.clock(parts, seconds: true)
            out.byte(".")
            out.number(parts.microsecond, width: 6)
        }
    }

    /// Prisma's ISO text through driver adapters: `2026-11-24T09:15:02.123+00:00`.
    public var prismaISOText: String {
        text { parts, out in
            out.date(parts, separator: "T")
            out.clock(parts, seconds: true)
            out.byte(".")
            out.number(parts.microsecond / 1000, width: 3)
            for character in "+00:00".unicodeScalars { out.byte(character) }
        }
    }

    /// Writes the text's bytes straight into a new string: pages show hundreds of thousands of times per render, and
    /// interpolating padded parts was a tenth of a warm render's time.
    private func text(_ write: (Components, inout DigitWriter) -> Void) -> String {
        let parts = components
        return String(unsafeUninitializedCapacity: 48) { buffer in
            var writer = DigitWriter(bytes: buffer)
            write(parts, &writer)
            return writer.count
        }
    }

    public var description: String { iso8601 }

    public struct Components: Sendable, Equatable {
        public var year, month, day, hour, minute, second, microsecond: Int
        public var weekday: Int  // 0 = Monday
    }

    public var components: Components {
        let days = dayNumber
        let inDay = microseconds - days * Self.microsecondsPerDay
        let civil = Self.civil(fromDays: days)
        let seconds = Int(inDay / 1_000_000)
        return Components(
            year: civil.year, month: civil.month, day: civil.day,
            hour: seconds / 3600, minute: seconds / 60 % 60, second: seconds % 60,
            microsecond: Int(inDay % 1_000_000),
            weekday: Int(((days % 7) + 7 + 3) % 7)
        )
    }

    public init?(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0, microsecond: Int = 0, offsetMinutes: Int = 0) {
        guard (1...9999).contains(year), (1...12).contains(month), (1...Self.daysIn(month: month, year: year)).contains(day),
              (0...23).contains(hour), (0...59).contains(minute), (0...60).contains(second), (0..<1_000_000).contains(microsecond)
        else { return nil }
        let days = Self.days(fromCivil: year, month, day)
        let seconds = Int64(hour * 3600 + minute * 60 + second - offsetMinutes * 60)
        let instant = days * Self.microsecondsPerDay + seconds * 1_000_000 + Int64(microsecond)
        guard Self.supported.contains(instant) else { return nil }
        microseconds = instant
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Howard Hinnant's `days_from_civil`.
    static func days(fromCivil year: Int, _ month: Int, _ day: Int) -> Int64 {
        let y = Int64(month <= 2 ? year - 1 : year)
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let m = Int64(month)
        let doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + Int64(day) - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    static func civil(fromDays days: Int64) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = Int(doy - (153 * mp + 2) / 5 + 1)
        let month = Int(mp < 10 ? mp + 3 : mp - 9)
        return (Int(yoe + era * 400) + (month <= 2 ? 1 : 0), month, day)
    }
}

extension Timestamp {
    /// Reads the text forms both stacks write: `2026-11-24 09:15:02.123456`, `2026-11-24T09:15:02`,
    /// `…+00:00`, `…Z`, `…+0100`, a bare date. A missing zone means UTC.
    public init?(text: String) {
        var text = text
        guard let stamp = text.withUTF8({ Timestamp(utf8: $0) }) else { return nil }
        self = stamp
    }

    /// The same, from raw UTF-8 bytes, so the run table is read without making a String per cell.
    /// Hand-written because it runs once per run on millions of rows; `DateFormatter` is far slower.
    public init?(utf8 bytes: UnsafeBufferPointer<UInt8>) {
        var scanner = ByteScanner(bytes: bytes)
        while scanner.end > 0, bytes[scanner.end - 1] == 0x20 { scanner.end -= 1 }
        guard let year = scanner.number(4), scanner.take(0x2D), let month = scanner.number(2), scanner.take(0x2D), let day = scanner.number(2) else { return nil }
        var hour = 0, minute = 0, second = 0, micro = 0, offset = 0
        if !scanner.atEnd {
            guard scanner.take(0x20) || scanner.take(0x54) || scanner.take(0x74), let h = scanner.number(2), scanner.take(0x3A), let m = scanner.number(2) else { return nil }
            hour = h
            minute = m
            if scanner.take(0x3A) {
                guard let s = scanner.number(2) else { return nil }
                second = s
                if scanner.take(0x2E) || scanner.take(0x2C) {
                    var digits = 0
                    while let digit = scanner.digit() {
                        if digits < 6 { micro = micro * 10 + digit }
                        digits += 1
                    }
                    guard digits > 0 else { return nil }
                    for _ in digits..<max(digits, 6) { micro *= 10 }
                }
            }
            if scanner.take(0x5A) || scanner.take(0x7A) {
                offset = 0
            } else if !scanner.atEnd {
                let sign: Int
                if scanner.take(0x2B) { sign = 1 } else if scanner.take(0x2D) { sign = -1 } else { return nil }
                guard let offsetHours = scanner.number(2) else { return nil }
                _ = scanner.take(0x3A)
                offset = sign * (offsetHours * 60 + (scanner.number(2) ?? 0))
            }
            guard scanner.atEnd else { return nil }
        }
        self.init(year: year, month: month, day: day, hour: hour, minute: minute, second: second, microsecond: micro, offsetMinutes: offset)
    }
}

/// Reads ASCII fields from bytes, one position at a time.
private struct ByteScanner {
    let bytes: UnsafeBufferPointer<UInt8>
    var position = 0
    var end: Int

    init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
        end = bytes.count
    }

    var atEnd: Bool { position >= end }

    mutating func take(_ byte: UInt8) -> Bool {
        guard position < end, bytes[position] == byte else { return false }
        position += 1
        return true
    }

    mutating func digit() -> Int? {
        guard position < end, bytes[position] >= 0x30, bytes[position] <= 0x39 else { return nil }
        position += 1
        return Int(bytes[position - 1] - 0x30)
    }

    mutating func number(_ width: Int) -> Int? {
        var value = 0
        for _ in 0..<width {
            guard let digit = digit() else { return nil }
            value = value * 10 + digit
        }
        return value
    }
}

/// Digits and separators written into a buffer large enough for any supported time's text (48 bytes).
private struct DigitWriter {
    let bytes: UnsafeMutableBufferPointer<UInt8>
    var count = 0

    mutating func byte(_ character: Unicode.Scalar) {
        bytes[count] = UInt8(ascii: character)
        count += 1
    }

    /// `value` zero-padded to `width` digits (more when it has more); the supported range has no negative parts.
    mutating func number(_ value: Int, width: Int) {
        var digits = 1, rest = value / 10
        while rest > 0 { digits += 1; rest /= 10 }
        let length = max(width, digits)
        var remaining = value
        for index in stride(from: count + length - 1, through: count, by: -1) {
            bytes[index] = UInt8(ascii: "0") + UInt8(remaining % 10)
            remaining /= 10
        }
        count += length
    }

    mutating func date(_ parts: Timestamp.Components, separator: Unicode.Scalar?) {
        number(parts.year, width: 4)
        byte("-")
        number(parts.month, width: 2)
        byte("-")
        number(parts.day, width: 2)
        if let separator { byte(separator) }
    }

    mutating func clock(_ parts: Timestamp.Components, seconds: Bool) {
        number(parts.hour, width: 2)
        byte(":")
        number(parts.minute, width: 2)
        if seconds {
            byte(":")
            number(parts.second, width: 2)
        }
    }
}
