/// Keeps the `capacity` greatest elements seen, in any arrival order, in O(log capacity) per element:
/// a min-heap whose root is the one to evict. Used for "the latest 100 runs" of each workflow.
public struct BoundedLatest<Element: Sendable>: Sendable {
    public let capacity: Int
    private var heap: [Element] = []
    private let key: @Sendable (Element) -> RunOrderKey

    public init(capacity: Int, key: @escaping @Sendable (Element) -> RunOrderKey) {
        self.capacity = capacity
        self.key = key
    }

    public mutating func insert(_ element: Element) {
        guard capacity > 0 else { return }
        if heap.count < capacity {
            heap.append(element)
            siftUp(heap.count - 1)
        } else if key(heap[0]) < key(element) {
            heap[0] = element
            siftDown(0)
        }
    }

    /// Greatest first.
    public var sortedDescending: [Element] { heap.sorted { key($1) < key($0) } }

    public var count: Int { heap.count }

    private mutating func siftUp(_ start: Int) {
        var child = start
        while child > 0 {
            let parent = (child - 1) / 2
            guard key(heap[child]) < key(heap[parent]) else { return }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    private mutating func siftDown(_ start: Int) {
        var parent = start
        while true {
            let left = 2 * parent + 1, right = left + 1
            var smallest = parent
            if left < heap.count, key(heap[left]) < key(heap[smallest]) { smallest = left }
            if right < heap.count, key(heap[right]) < key(heap[smallest]) { smallest = right }
            guard smallest != parent else { return }
            heap.swapAt(parent, smallest)
            parent = smallest
        }
    }
}
