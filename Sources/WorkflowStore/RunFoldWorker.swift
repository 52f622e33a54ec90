import Foundation
import WorkflowModel

/// Folds runs on a thread of its own while the reader decodes the next ones: stepping the database and decoding
/// cells (with their findings) take about as long as folding, and two cores do both at once. The reader hands over
/// batches; at most `capacity` wait, so a slow fold holds the reader back instead of filling memory. Statuses are
/// numbered by the reader in order of first appearance and registered with the accumulator in the same order, so
/// both number them alike.
final class RunFoldWorker: @unchecked Sendable {
    struct Run {
        var id: Int64
        var workflowID: Int64
        var triggeredAt: StoredTime
        var status: Int32
        var errorMessage: String?
    }

    static let batchSize = 4_096
    static let capacity = 4

    private var accumulator: RunStatisticsAccumulator
    private let condition = NSCondition()
    private var batches: [(runs: [Run], statuses: [RunStatus])] = []
    private var ended = false
    private var abandoned = false
    private var registered = 0
    private var result: RunStatistics?
    private let done = DispatchSemaphore(value: 0)

    init(_ accumulator: RunStatisticsAccumulator) {
        self.accumulator = accumulator
        let thread = Thread { [self] in work() }
        thread.name = "flowsite fold"
        thread.start()
    }

    /// Waits while `capacity` batches are waiting.
    func put(_ runs: [Run], statuses: [RunStatus]) {
        condition.lock()
        defer { condition.unlock() }
        while batches.count >= Self.capacity && !abandoned { condition.wait() }
        guard !abandoned else { return }
        batches.append((runs, statuses))
        condition.broadcast()
    }

    /// Every batch folded: the statistics.
    func finish() -> RunStatistics {
        end(abandoning: false)
        done.wait()
        return result!
    }

    /// The read failed: stop folding and let the thread go.
    func abandon() {
        end(abandoning: true)
        done.wait()
    }

    private func end(abandoning: Bool) {
        condition.lock()
        ended = true
        abandoned = abandoned || abandoning
        condition.broadcast()
        condition.unlock()
    }

    private func work() {
        while true {
            condition.lock()
            while batches.isEmpty && !ended && !abandoned { condition.wait() }
            if abandoned || (batches.isEmpty && ended) {
                condition.unlock()
                break
            }
            let batch = batches.removeFirst()
            condition.broadcast()
            condition.unlock()
            while registered < batch.statuses.count {
                _ = accumulator.position(of: batch.statuses[registered])
                registered += 1
            }
            for run in batch.runs {
                accumulator.add(id: run.id, triggeredAt: run.triggeredAt, status: run.status, errorMessage: run.errorMessage, workflowID: run.workflowID)
            }
        }
        if !abandoned { result = accumulator.finish() }
        done.signal()
    }
}
