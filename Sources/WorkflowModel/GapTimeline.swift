/// The gaps between an event or webhook workflow's consecutive runs over the last 90 days, every one of them, for
/// the quiet detector's usual gap (its p95): a workflow triggered every minute has 130,000 gaps in 90 days, and the
/// hundred runs it keeps would judge it by its last hour and a half. Gaps are kept as seconds in 4 bytes, for the
/// workflows whose trigger is an event or a webhook only.
///
/// Exact when a workflow's runs arrive in time order, as the app writes them; the first run out of order marks the
/// timeline unordered, and the detector falls back to the kept latest runs.
public struct GapTimeline: Sendable, Hashable {
    public var isOrdered: Bool { order.isOrdered }
    /// Runs in the window.
    public private(set) var runs = 0
    /// The newest run's instant, in microseconds.
    public private(set) var last: Int64?
    public private(set) var gapSeconds: [UInt32] = []
    private var order = ArrivalOrder()

    public init() {}

    /// Adds a run of any status with a readable time in the window.
    public mutating func add(_ key: RunOrderKey) {
        guard order.accept(key) else {
            gapSeconds = []
            return
        }
        if let last { gapSeconds.append(UInt32(clamping: (key.time - last) / 1_000_000)) }
        last = key.time
        runs += 1
    }
}
