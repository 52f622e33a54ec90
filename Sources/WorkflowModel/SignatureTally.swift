/// Errors grouped by `ErrorSignature`: what a reader acts on, instead of one line per distinct raw message.
public struct SignatureTally: Sendable, Hashable {
    public var signature: String
    public var count: Int
    /// The smallest ids of the workflows it hit.
    public var workflowIDs: [Int64]
    public var firstSeen: Timestamp?
    public var lastSeen: Timestamp?
    /// How many distinct raw messages it groups.
    public var messages: Int
    /// Runs per day over the 90 days up to as-of, oldest first; empty when none fell in them.
    public var daily90: [Int] = []
    /// The most frequent raw messages it groups (at most `variantsKept`), most runs first.
    public var variants: [ErrorTally] = []
    public static let variantsKept = 10

    /// Most runs first, ties by signature. `signature` may answer from a table made once (`ErrorSignature.of` is a
    /// scan of the message).
    public static func group(_ tallies: [ErrorTally], signature signatureOf: (String) -> String = ErrorSignature.of) -> [SignatureTally] {
        var positions: [String: Int] = [:]
        var groups: [SignatureTally] = []
        var workflows: [SmallestIDs] = []
        for tally in tallies {
            let signature = signatureOf(tally.message)
            if let position = positions[signature] {
                groups[position].count += tally.count
                groups[position].messages += 1
                groups[position].firstSeen = [groups[position].firstSeen, tally.firstSeen].compactMap { $0 }.min()
                groups[position].lastSeen = [groups[position].lastSeen, tally.lastSeen].compactMap { $0 }.max()
                for id in tally.workflowIDs { workflows[position].insert(id) }
                groups[position].daily90 = ErrorTally.sum(groups[position].daily90, tally.daily90)
                if groups[position].variants.count < variantsKept { groups[position].variants.append(tally) }
            } else {
                positions[signature] = groups.count
                groups.append(SignatureTally(signature: signature, count: tally.count, workflowIDs: [], firstSeen: tally.firstSeen, lastSeen: tally.lastSeen, messages: 1,
                                             daily90: tally.daily90, variants: [tally]))
                var ids = SmallestIDs(limit: ErrorTally.maximumWorkflowsKept)
                for id in tally.workflowIDs { ids.insert(id) }
                workflows.append(ids)
            }
        }
        for index in groups.indices { groups[index].workflowIDs = workflows[index].ids }
        return groups.sorted { ($1.count, $0.signature) < ($0.count, $1.signature) }
    }
}
