import WorkflowModel

/// Charts for the Markdown report, where inline SVG does not render: Mermaid's `xychart-beta`, which GitHub and
/// GitLab draw.
enum MermaidCharts {
    static func dailyRuns(_ days: [OutcomeCounts], firstDay: Int64) -> String {
        // One bar per week keeps the axis readable in a narrow wiki column.
        var weeks: [(label: String, runs: Int, failed: Int)] = []
        for start in stride(from: 0, to: days.count, by: 7) {
            let slice = days[start..<min(start + 7, days.count)]
            let label = String(Timestamp(microseconds: (firstDay + Int64(start)) * Timestamp.microsecondsPerDay).dayText.dropFirst(5))
            weeks.append((label, slice.map(\.total).reduce(0, +), slice.map(\.failure).reduce(0, +)))
        }
        let peak = max(weeks.map(\.runs).max() ?? 0, 1)
        return """
            xychart-beta
                title "Runs per week (line: failed)"
                x-axis [\(weeks.map { "\"\($0.label)\"" }.joined(separator: ", "))]
                y-axis "Runs" 0 --> \(peak)
                bar [\(weeks.map { String($0.runs) }.joined(separator: ", "))]
                line [\(weeks.map { String($0.failed) }.joined(separator: ", "))]
            """
    }
}
