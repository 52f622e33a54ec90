/// Anything ordered by "latest": run time, then id.
public protocol RunOrdered: Sendable {
    var orderKey: RunOrderKey { get }
}

/// Keeps the `capacity` latest elements seen, in any arrival order. Elements are appended and, every `capacity / 4`
/// appends, sorted and cut back; anything older than the kept ones is skipped at once. Runs arrive nearly in time
/// order, which the standard library's sort (a merge of runs) handles in about one comparison per element, so this
/// costs less than a heap, which moves elements on every insert. With 100 kept, storage grows by doubling to 128
/// slots and stops (ten thousand workflows each keep one buffer; cutting back at 150 made it grow to 256).
public struct BoundedLatest<Element: RunOrdered>: Sendable {
    public let capacity: Int
    var items: [Element] = []
    /// After a cut, the oldest kept key: older elements can never be among the latest.
    var floor: RunOrderKey?

    public init(capacity: Int) {
        self.capacity = capacity
    }

    public mutating func insert(_ element: Element) {
        guard capacity > 0 else { return }
        if let floor, element.orderKey < floor { return }
        items.append(element)
        if items.count >= slots { compact() }
    }

    private var slots: Int { capacity + max(1, capacity / 4) }

    private mutating func compact() {
        items.sort { $1.orderKey < $0.orderKey }
        items.removeSubrange(capacity...)
        floor = items.last?.orderKey
    }

    /// After a cut, the oldest element kept; older ones are dropped on arrival.
    public var oldestKept: RunOrderKey? { floor }

    /// Whether an element with this key would be kept now (it may still be cut later).
    public func mayKeep(_ key: RunOrderKey) -> Bool { capacity > 0 && !(floor.map { key < $0 } ?? false) }

    /// Latest first.
    public var sortedDescending: [Element] {
        Array(items.sorted { $1.orderKey < $0.orderKey }.prefix(capacity))
    }

    public var count: Int { min(items.count, capacity) }
}
