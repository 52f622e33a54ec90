import Foundation

/// Slots that worker threads fill by index; each slot is written by exactly one thread, read after all finish.
final class ResultSlots: @unchecked Sendable {
    private var slots: [Result<(UInt64, [RenderOutput]), RenderError>?]
    private let lock = NSLock()

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    func set(_ index: Int, _ result: Result<(UInt64, [RenderOutput]), RenderError>) {
        lock.lock()
        slots[index] = result
        lock.unlock()
    }

    var values: [Result<(UInt64, [RenderOutput]), RenderError>] { slots.map { $0! } }
}
