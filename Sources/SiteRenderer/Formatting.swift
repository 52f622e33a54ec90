import Escaping
import Foundation
import WorkflowModel

/// Small, deterministic text helpers shared by every page.
enum Formatting {
    /// An ASCII slug for page file names and anchors (`Slug.ascii`), or `fallback` when nothing is left. Cut at 60
    /// characters, but never just after a `-`: the word it introduces keeps its first letter.
    static func slug(_ text: String, fallback: String = "item") -> String {
        let full = Slug.ascii(text)
        guard !full.isEmpty else { return fallback }
        var cut = full.prefix(60)
        if cut.last == "-" { cut = full.prefix(61) }
        return String(cut)
    }

    /// `87.5 %`, or an em dash when there is nothing to divide.
    static func percent(_ rate: Double?) -> String {
        guard let rate else { return "—" }
        let tenths = (rate * 1000).rounded() / 10
        return tenths == tenths.rounded() ? "\(Int(tenths)) %" : "\(tenths) %"
    }

    /// `1,234,567`: thousands separated, the same on every machine (no locale).
    static func count(_ number: Int) -> String {
        let digits = String(abs(number))
        var groups: [Substring] = []
        var end = digits.endIndex
        while end > digits.startIndex {
            let start = digits.index(end, offsetBy: -3, limitedBy: digits.startIndex) ?? digits.startIndex
            groups.insert(digits[start..<end], at: 0)
            end = start
        }
        return (number < 0 ? "-" : "") + groups.joined(separator: ",")
    }

    static func time(_ stored: StoredTime) -> String {
        switch stored {
        case .time(let stamp): return stamp.shortText
        case .unreadable(let raw): return "unreadable: \(raw.prefix(40))"
        case .missing: return "—"
        }
    }

    /// The wall-clock time in an IANA zone, zone written (`2026-11-24 09:00 Europe/Berlin`); UTC when the zone is
    /// nil or cannot be read.
    static func zoned(_ stamp: Timestamp, zone: String?) -> String {
        guard let zone, zone != "UTC", let timeZone = TimeZone(identifier: zone) else { return stamp.shortText + " UTC" }
        let offset = timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(stamp.microseconds) / 1_000_000))
        return Timestamp(microseconds: stamp.microseconds + Int64(offset) * 1_000_000).shortText + " " + zone
    }

    /// One line of at most `limit` characters, for table cells.
    /// One line of at most `limit` characters; only the head of a long text is looked at, so a 10 MB error
    /// message costs no more than a short one.
    static func excerpt(_ text: String, limit: Int = 160) -> String {
        // Most messages are short ASCII on one line, left as they are; the general path below breaks graphemes.
        if text.utf8.count <= limit, text.utf8.allSatisfy({ $0 < 0x80 && !(0x0A...0x0D).contains($0) }) { return text }
        let head = text.prefix(limit * 2)
        let line = head.split(whereSeparator: \.isNewline).joined(separator: " ")
        guard line.count > limit || head.endIndex < text.endIndex else { return line }
        return String(line.prefix(limit - 1)) + "…"
    }

    /// A description cut for a page: at most `limit` characters, ending at a line break when there is one in the
    /// last tenth, and a note saying what was left out (the full text stays in the database and in `export`).
    static func shownDescription(_ text: String, limit: Int = 100_000) -> (text: String, note: String?) {
        let head = text.prefix(limit)
        guard head.endIndex < text.endIndex else { return (text, nil) }
        var cut = head
        if let lastBreak = head.lastIndex(of: "\n"), head.distance(from: lastBreak, to: head.endIndex) < limit / 10 { cut = head[..<lastBreak] }
        let total = text.count
        return (String(cut), "The description is \(count(total)) characters long; the first \(count(cut.count)) are shown. `flowsite export` writes it in full.")
    }
}
