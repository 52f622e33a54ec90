import WorkflowModel

/// Inline SVG charts, generated here so pages need no chart library and read without JavaScript. Colours come
/// from CSS classes (`ok`, `fail`, `busy`, `other`), so dark mode restyles them. Every bar has a `<title>`.
enum SVGCharts {
    static let outcomeClasses: [(RunOutcome, String)] = [(.success, "ok"), (.failure, "fail"), (.inProgress, "busy"), (.other, "other")]

    static let monthNames = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// The smallest 1, 2 or 5 × 10ⁿ at or above `value`: a scale whose ticks read as round numbers.
    static func niceCeiling(_ value: Int) -> Int {
        var magnitude = 1
        while magnitude * 10 <= value { magnitude *= 10 }
        for step in [1, 2, 5, 10] where step * magnitude >= value { return step * magnitude }
        return 10 * magnitude
    }

    /// Stacked bars, one per day, oldest on the left; `firstDay` is the day number of the first bar. A y axis with
    /// ticks at round numbers on the left, a mark under every Monday and the date under every other one.
    static func dailyBars(_ days: [OutcomeCounts], firstDay: Int64, width: Int = 900, height: Int = 180, label: String) -> String {
        let scale = niceCeiling(max(days.map(\.total).max() ?? 0, 1))
        let left = 40.0  // room for the y labels
        let slot = (Double(width) - left) / Double(max(days.count, 1))
        let barWidth = max(slot - 1, 1)
        let top = 8.0
        let plot = Double(height - 22)
        var svg = "<svg class=\"chart bars\" viewBox=\"0 0 \(width) \(height)\" role=\"img\" aria-label=\"\(escape(label))\" preserveAspectRatio=\"none\">"
        // Round ticks: halves of 1, 2 or 10 × 10ⁿ; fifths of 5 × 10ⁿ (2, 4 under 5).
        let ticks = scale % 2 == 0 ? [scale / 2, scale] : scale >= 5 ? [scale * 2 / 5, scale * 4 / 5, scale] : [scale]
        for tick in ticks {
            let y = plot - (plot - top) * Double(tick) / Double(scale)
            svg += "<line class=\"grid\" x1=\"\(fmt(left))\" y1=\"\(fmt(y))\" x2=\"\(width)\" y2=\"\(fmt(y))\"/>"
            svg += "<text x=\"\(fmt(left - 4))\" y=\"\(fmt(y + 3))\" text-anchor=\"end\">\(Formatting.count(tick))</text>"
        }
        svg += "<text x=\"\(fmt(left - 4))\" y=\"\(fmt(plot + 3))\" text-anchor=\"end\">0</text>"
        svg += "<line class=\"axis\" x1=\"\(fmt(left))\" y1=\"\(fmt(plot))\" x2=\"\(width)\" y2=\"\(fmt(plot))\"/>"
        var mondays = 0
        for (index, day) in days.enumerated() {
            let x = left + Double(index) * slot
            var y = plot
            let stamp = Timestamp(microseconds: (firstDay + Int64(index)) * Timestamp.microsecondsPerDay)
            let date = stamp.dayText
            svg += "<g><title>\(date): \(tooltip(day))</title>"
            if day.total == 0 {
                svg += "<rect class=\"empty\" x=\"\(fmt(x))\" y=\"\(fmt(plot - 1))\" width=\"\(fmt(barWidth))\" height=\"1\"/>"
            }
            for (outcome, cssClass) in outcomeClasses where day[outcome] > 0 {
                let barHeight = (plot - top) * Double(day[outcome]) / Double(scale)
                y -= barHeight
                svg += "<rect class=\"\(cssClass)\" x=\"\(fmt(x))\" y=\"\(fmt(y))\" width=\"\(fmt(barWidth))\" height=\"\(fmt(barHeight))\"/>"
            }
            svg += "</g>"
            let parts = stamp.components
            if parts.weekday == 0 {
                svg += "<line class=\"axis\" x1=\"\(fmt(x))\" y1=\"\(fmt(plot))\" x2=\"\(fmt(x))\" y2=\"\(fmt(plot + 4))\"/>"
                if mondays % 2 == 0 && x < Double(width) - 30 {
                    svg += "<text x=\"\(fmt(x))\" y=\"\(height - 4)\">\(monthNames[parts.month - 1]) \(parts.day)</text>"
                }
                mondays += 1
            }
        }
        return svg + "</svg>"
    }

    /// A year of days as 53 week columns × 7 weekday rows (Monday on top), shaded by run count in five steps;
    /// a day where most finished runs failed is drawn in the failure colour. Months are named above the week
    /// their first day falls in.
    static func heatmap(_ days: [OutcomeCounts], lastDay: Int64) -> String {
        let cell = 12, gap = 2, top = 14
        let lastWeekday = Int(Timestamp(microseconds: lastDay * Timestamp.microsecondsPerDay).components.weekday)
        let columns = 53
        let width = columns * (cell + gap) + 30, height = 7 * (cell + gap) + 4 + top
        let thresholds = levelThresholds(days.map(\.total))
        var svg = "<svg class=\"chart heatmap\" viewBox=\"0 0 \(width) \(height)\" role=\"img\" aria-label=\"Runs per day over the last year\">"
        for (row, name) in [(0, "Mon"), (2, "Wed"), (4, "Fri")] {
            svg += "<text x=\"0\" y=\(quote(top + row * (cell + gap) + cell - 2))>\(name)</text>"
        }
        var lastLabelColumn = -10
        for (index, day) in days.enumerated() {
            let daysBeforeLast = days.count - 1 - index
            let slotFromEnd = daysBeforeLast + (6 - lastWeekday)
            let column = columns - 1 - slotFromEnd / 7
            let row = 6 - slotFromEnd % 7
            guard column >= 0 else { continue }
            let level = day.total == 0 ? 0 : 1 + thresholds.filter { day.total > $0 }.count
            let failing = day.decided > 0 && day.failure * 2 > day.decided
            let stamp = Timestamp(microseconds: (lastDay - Int64(daysBeforeLast)) * Timestamp.microsecondsPerDay)
            let parts = stamp.components
            if parts.day == 1 && column - lastLabelColumn >= 3 {
                svg += "<text x=\(quote(30 + column * (cell + gap))) y=\"10\">\(monthNames[parts.month - 1])</text>"
                lastLabelColumn = column
            }
            svg += "<rect class=\"l\(level)\(failing ? " failing" : "")\" x=\(quote(30 + column * (cell + gap))) y=\(quote(top + row * (cell + gap))) width=\"\(cell)\" height=\"\(cell)\" rx=\"2\"><title>\(stamp.dayText): \(tooltip(day))</title></rect>"
        }
        return svg + "</svg>"
    }

    /// The quartiles of the days that had runs, so a steady workload still shows its quieter and busier days
    /// (scaling from the peak alone paints every day of an even load the same shade).
    static func levelThresholds(_ totals: [Int]) -> [Int] {
        let busy = totals.filter { $0 > 0 }.sorted()
        guard !busy.isEmpty else { return [] }
        return [busy.count / 4, busy.count / 2, busy.count * 3 / 4].map { busy[min($0, busy.count - 1)] }
    }

    /// A 30-day sparkline: a bar per day, failures stacked in the failure colour. Bars are vertical strokes of one
    /// path per colour (`M x bottom V top`), about 10 bytes a bar: the workflows index has one sparkline per
    /// workflow, and a `<rect>` per bar made that page 2.4 KB a row (24 MB for 10,000 workflows).
    static func sparkline(_ days: [OutcomeCounts]) -> String {
        let width = 90, height = 22
        let peak = max(days.map(\.total).max() ?? 0, 1)
        let slot = Double(width) / Double(max(days.count, 1))
        var succeeded = "", failed = ""
        for (index, day) in days.enumerated() where day.total > 0 {
            let x = fmt(Double(index) * slot + (slot - 0.6) / 2)
            let failedTop = Double(height) - Double(height) * Double(day.failure) / Double(peak)
            let top = Double(height) - Double(height) * Double(day.total) / Double(peak)
            if day.total > day.failure { succeeded += "M\(x) \(fmt(failedTop))V\(fmt(top))" }
            if day.failure > 0 { failed += "M\(x) \(height)V\(fmt(failedTop))" }
        }
        var svg = "<svg class=\"chart spark\" viewBox=\"0 0 \(width) \(height)\" width=\"\(width)\" height=\"\(height)\" role=\"img\" aria-label=\"Runs per day, last 30 days\">"
        if !succeeded.isEmpty { svg += "<path class=\"ok\" d=\"\(succeeded)\"/>" }
        if !failed.isEmpty { svg += "<path class=\"fail\" d=\"\(failed)\"/>" }
        return svg + "</svg>"
    }

    static func tooltip(_ day: OutcomeCounts) -> String {
        guard day.total > 0 else { return "no runs" }
        var parts = ["\(Formatting.count(day.total)) run\(day.total == 1 ? "" : "s")"]
        if day.success > 0 { parts.append("\(day.success) succeeded") }
        if day.failure > 0 { parts.append("\(day.failure) failed") }
        if day.inProgress > 0 { parts.append("\(day.inProgress) in progress") }
        if day.other > 0 { parts.append("\(day.other) other") }
        return parts.joined(separator: ", ")
    }

    private static func fmt(_ value: Double) -> String {
        let rounded = (value * 10).rounded() / 10
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
    }

    private static func quote(_ value: Int) -> String { "\"\(value)\"" }

    private static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
