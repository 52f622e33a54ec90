import Foundation

extension CronSchedule {
    /// The IANA zone names this system knows, for suggesting the intended one when a name is misspelt.
    public static let knownTimeZones: [String] = TimeZone.knownTimeZoneIdentifiers.sorted()
}
