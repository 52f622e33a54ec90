import Testing
@testable import WorkflowModel

@Suite struct TimestampTests {
    static let expected = Timestamp(year: 2026, month: 11, day: 24, hour: 9, minute: 15, second: 2, microsecond: 123_456)!

    @Test(arguments: [
        ("2026-11-24 09:15:02.123456", 123_456),
        ("2026-11-24T09:15:02.123456", 123_456),
        ("2026-11-24T09:15:02.123+00:00", 123_000),
        ("2026-11-24T10:15:02.123456+01:00", 123_456),
        ("2026-11-24T04:15:02.123456-0500", 123_456),
        ("2026-11-24 09:15:02.123456789Z", 123_456),
    ])
    func readsEveryTextFormTheStacksWrite(_ text: String, _ micro: Int) {
        let stamp = Timestamp(text: text)
        #expect(stamp?.components.microsecond == micro)
        #expect(stamp.map { $0.microseconds - Int64(micro) } == Self.expected.microseconds - 123_456)
    }

    @Test func readsSecondsAndBareDatesAsUTC() {
        #expect(Timestamp(text: "2026-11-24 09:15:02")?.iso8601 == "2026-11-24T09:15:02Z")
        #expect(Timestamp(text: "2026-11-24")?.iso8601 == "2026-11-24T00:00:00Z")
    }

    @Test(arguments: ["yesterday", "2026-13-01 00:00:00", "2026-02-30", "2026-11-24 25:00", "24/11/2026", "2026-11-24 09:15:02.", "2026-11-24T09:15:02+zz", ""])
    func rejectsGarbage(_ text: String) {
        #expect(Timestamp(text: text) == nil)
    }

    @Test func writesEachLayoutsForm() {
        #expect(Self.expected.sqlModelText == "2026-11-24 09:15:02.123456")
        #expect(Self.expected.prismaISOText == "2026-11-24T09:15:02.123+00:00")
        #expect(Timestamp(milliseconds: 1_764_000_000_000)?.iso8601 == "2025-11-24T16:00:00Z")
        #expect(Timestamp(milliseconds: -9_223_372_036_854_775) == nil, "before year 1: a corrupt cell")
        #expect(Timestamp(milliseconds: .max) == nil && Timestamp(text: "0000-01-01") == nil && Timestamp(text: "9999-12-31T23:59:59-01:00") == nil)
        #expect(Timestamp(text: "0001-01-01T00:00:00Z")?.microseconds == Timestamp.supported.lowerBound)
    }

    @Test func bucketsDaysBeforeTheEpochCorrectly() {
        #expect(Timestamp(microseconds: -1).dayNumber == -1)
        #expect(Timestamp(microseconds: 0).dayNumber == 0)
        #expect(Timestamp(text: "1969-12-31 23:59:59")?.components.day == 31)
        #expect(Timestamp(text: "2000-02-29 12:00:00")?.components.weekday == 1)  // a Tuesday
    }

    /// The texts are written digit by digit into bytes (pages show hundreds of thousands of times); they must read as
    /// the plain interpolation of padded components over the whole supported range, and parse back.
    @Test func everyTextFormMatchesItsDefinitionAcrossTheSupportedRange() {
        var random = SeededRandom(seed: 24)
        func pad(_ value: Int, _ width: Int) -> String { String(repeating: "0", count: max(0, width - String(value).count)) + String(value) }
        let edges = [Timestamp.supported.lowerBound, Timestamp.supported.upperBound, 0, -1, 1_764_000_000_000_000]
        for micro in edges + (0..<5_000).map({ _ in Int64.random(in: Timestamp.supported, using: &random) }) {
            let stamp = Timestamp(microseconds: micro)
            let parts = stamp.components
            let day = "\(pad(parts.year, 4))-\(pad(parts.month, 2))-\(pad(parts.day, 2))"
            let clock = "\(pad(parts.hour, 2)):\(pad(parts.minute, 2))"
            #expect(stamp.dayText == day)
            #expect(stamp.shortText == day + " " + clock)
            #expect(stamp.iso8601 == day + "T" + clock + ":\(pad(parts.second, 2))Z")
            #expect(stamp.sqlModelText == day + " " + clock + ":\(pad(parts.second, 2)).\(pad(parts.microsecond, 6))")
            #expect(stamp.prismaISOText == day + "T" + clock + ":\(pad(parts.second, 2)).\(pad(parts.microsecond / 1000, 3))+00:00")
            #expect(Timestamp(text: stamp.sqlModelText) == stamp)
        }
    }
}
