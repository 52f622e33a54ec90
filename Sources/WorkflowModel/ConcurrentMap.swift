import Dispatch

extension Array where Element: Sendable {
    /// `map` on every core, in order: for per-workflow work that reads shared data and writes only its own result
    /// (10,000 workflows' cron schedules on a large database). Indices are handed out in contiguous chunks.
    public func concurrentMap<Result: Sendable>(_ transform: @Sendable (Element) -> Result) -> [Result] {
        guard count > 1 else { return map(transform) }
        let slots = Slots<Result>(count: count)
        let chunk = Swift.max(1, count / 64)
        DispatchQueue.concurrentPerform(iterations: (count + chunk - 1) / chunk) { part in
            for index in (part * chunk)..<Swift.min(count, (part + 1) * chunk) { slots.set(index, transform(self[index])) }
        }
        return slots.values
    }
}

/// Slots filled by index from worker threads; each is written by exactly one thread and read after all finish
/// (`concurrentPerform` returns only then), so no lock is needed.
private final class Slots<Value>: @unchecked Sendable {
    private var storage: UnsafeMutableBufferPointer<Value?>

    init(count: Int) {
        storage = .allocate(capacity: count)
        storage.initialize(repeating: nil)
    }

    deinit {
        storage.deinitialize()
        storage.deallocate()
    }

    func set(_ index: Int, _ value: Value) { storage[index] = value }

    var values: [Value] { storage.map { $0! } }
}
