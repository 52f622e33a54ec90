/// Time to recover over every run of a window, folded as runs stream in, without keeping them: a workflow that runs
/// every ten minutes has thirteen thousand runs in 90 days, and the hundred it keeps saw none of its outages.
///
/// A recovery is timed from the first failure of a streak to the success that ended it, and counts when that success
/// falls in the window (the streak may have started before it). Cancelled and in-progress runs are skipped. Exact when
/// a workflow's runs arrive in time order, as the app writes them (its ids rise with time); the first run that
/// arrives out of order marks the timeline unordered, and the statistics fall back to the kept latest runs.
public struct RecoveryTimeline: Sendable, Hashable {
    public var isOrdered: Bool { order.isOrdered }
    public private(set) var count = 0
    public private(set) var totalMicroseconds: Int64 = 0
    public private(set) var longestMicroseconds: Int64 = 0
    var order = ArrivalOrder()
    var streakStart: Int64?

    public init() {}

    /// Adds a run that succeeded or failed, with a readable time; `windowStart` is exclusive.
    public mutating func add(_ key: RunOrderKey, failed: Bool, windowStart: Int64) {
        guard order.accept(key) else { return }
        if failed {
            if streakStart == nil { streakStart = key.time }
        } else if let start = streakStart {
            if key.time > windowStart {
                let duration = key.time - start
                count += 1
                totalMicroseconds += duration
                longestMicroseconds = max(longestMicroseconds, duration)
            }
            streakStart = nil
        }
    }
}
