/// The `limit` smallest distinct ids seen, ascending. Which ids a bounded list keeps must not depend on the order the
/// rows arrive in: PostgreSQL returns a table's rows in no fixed order, and the same data must give the same report.
public struct SmallestIDs: Sendable, Equatable {
    public let limit: Int
    public private(set) var ids: [Int64] = []

    public init(limit: Int, ids: [Int64] = []) {
        self.limit = limit
        self.ids = ids
    }

    /// Adds `id`; answers whether it is now the smallest kept. `ids` given at init must be ascending and distinct.
    @discardableResult
    public mutating func insert(_ id: Int64) -> Bool {
        if ids.count == limit, let largest = ids.last, id >= largest { return false }
        var low = 0, high = ids.count
        while low < high {
            let middle = (low + high) / 2
            if ids[middle] < id { low = middle + 1 } else { high = middle }
        }
        guard low == ids.count || ids[low] != id else { return false }
        ids.insert(id, at: low)
        if ids.count > limit { ids.removeLast() }
        return low == 0
    }
}
