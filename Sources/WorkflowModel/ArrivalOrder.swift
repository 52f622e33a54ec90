/// Whether a workflow's runs have arrived in time order so far: the timelines are exact only then, as the app
/// writes runs (its ids rise with time), and fall back to the kept latest runs from the first run out of order.
public struct ArrivalOrder: Sendable, Hashable {
    public internal(set) var isOrdered = true
    var lastKey: RunOrderKey?

    public init() {}

    /// Takes the next key; false, now and for every later key, once one arrived older than the one before it.
    public mutating func accept(_ key: RunOrderKey) -> Bool {
        guard isOrdered else { return false }
        if let lastKey, key < lastKey {
            isOrdered = false
            return false
        }
        lastKey = key
        return true
    }
}
