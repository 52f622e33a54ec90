import Foundation

/// Batches from a producing thread to a consuming one, at most `capacity` waiting: the run reader (SQLite's or
/// PostgreSQL's) to the fold (`RunFoldWorker`). The first end (done, failed, or the connection
/// closed) is the one reported; the batches before it are still taken.
package final class BatchQueue<Batch>: @unchecked Sendable {
    package static var capacity: Int { 4 }
    private let condition = NSCondition()
    private var batches: [Batch] = []
    private var ended = false
    private var failure: (any Error)?
    private var abandoned = false

    /// Waits while the queue is full: this is what holds the producer back.
    package func put(_ batch: Batch) {
        condition.lock()
        defer { condition.unlock() }
        while batches.count >= Self.capacity && !abandoned && !ended { condition.wait() }
        guard !abandoned, !ended else { return }
        batches.append(batch)
        condition.broadcast()
    }

    package func finish(_ error: (any Error)?) {
        condition.lock()
        defer { condition.unlock() }
        guard !ended else { return }
        ended = true
        failure = error
        condition.broadcast()
    }

    /// The next batch; nil at the end; throws the failure that ended the query, once the batches before it are read.
    package func take() throws -> Batch? {
        condition.lock()
        defer { condition.unlock() }
        while batches.isEmpty && !ended { condition.wait() }
        if !batches.isEmpty {
            condition.broadcast()
            return batches.removeFirst()
        }
        if let failure { throw failure }
        return nil
    }

    /// The consumer stopped: the producer must never wait for it again.
    package func abandon() {
        condition.lock()
        defer { condition.unlock() }
        abandoned = true
        batches = []
        condition.broadcast()
    }
}
