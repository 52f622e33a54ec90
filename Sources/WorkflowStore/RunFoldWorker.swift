import Foundation
import WorkflowModel

/// Folds runs on a thread of its own while the reader decodes the next ones: stepping the database and decoding
/// cells (with their findings) take about as long as folding, and two cores do both at once. The reader hands over
/// batches through a `BatchQueue`, so a slow fold holds the reader back instead of filling memory. Statuses are
/// numbered by the reader in order of first appearance and registered with the accumulator in the same order, so
/// both number them alike.
package final class RunFoldWorker: @unchecked Sendable {
    package typealias Run = RunStatisticsAccumulator.Row

    /// Large enough that a batch holds several runs of each of ten thousand workflows (`add(batch:)` folds each
    /// workflow's together), small enough that the batches waiting stay a few megabytes.
    package static let batchSize = 32_768

    private let queue = BatchQueue<(runs: [Run], statuses: [RunStatus], boundary: Bool)>()
    /// Written by the fold thread before `done` is signalled, read after.
    private var result: RunStatistics?
    /// The fold at the boundary `markBoundary` asked for: its bytes, or why it cannot be saved.
    private var boundaryPrefix: Result<[UInt8], PrefixRefusal>?

    package struct PrefixRefusal: Error {
        package var reason: String
    }
    private let done = DispatchSemaphore(value: 0)

    package init(_ accumulator: RunStatisticsAccumulator) {
        let thread = Thread { [self] in
            var accumulator = accumulator
            var registered = 0
            do {
                while let batch = try queue.take() {
                    while registered < batch.statuses.count {
                        _ = accumulator.position(of: batch.statuses[registered])
                        registered += 1
                    }
                    accumulator.add(batch: batch.runs)
                    if batch.boundary {
                        boundaryPrefix = accumulator.encodedPrefix().map { .success($0) } ?? .failure(PrefixRefusal(reason: accumulator.prefixRefusal ?? "unknown"))
                    }
                }
                result = accumulator.finish()
            } catch {
                // The read failed (`abandon`): nothing to finish.
            }
            done.signal()
        }
        thread.name = "flowsite fold"
        thread.start()
    }

    /// Waits while `BatchQueue.capacity` batches are waiting.
    package func put(_ runs: [Run], statuses: [RunStatus]) {
        queue.put((runs, statuses, false))
    }

    /// Folds `runs`, then saves the fold as it is then: the settled prefix ends after them.
    package func markBoundary(after runs: [Run], statuses: [RunStatus]) {
        queue.put((runs, statuses, true))
    }

    /// Every batch folded: the statistics.
    /// The statistics, and the settled prefix's fold when a boundary was marked and the fold could be saved there.
    package func finish() -> (statistics: RunStatistics, prefix: Result<[UInt8], PrefixRefusal>?) {
        queue.finish(nil)
        done.wait()
        return (result!, boundaryPrefix)
    }

    /// The read failed: stop folding and let the thread go.
    package func abandon() {
        queue.finish(CancellationError())
        done.wait()
    }
}
