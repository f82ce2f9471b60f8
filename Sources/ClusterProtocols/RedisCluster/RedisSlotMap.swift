import ClusterSim

/// One node's view of who serves each of the 16384 slots, and the
/// configEpoch of the claim it believes. A claim replaces the one held when
/// its configEpoch is higher (on a tie, the lower node id wins, so every node
/// settles the same way): this is how a promoted replica's claim, or a
/// resharding target's, overrides the old owner everywhere (Redis Cluster
/// specification, "Slots configuration propagation").
public struct RedisSlotMap: Sendable, Hashable {
    /// Owner index of each slot; -1 when unknown.
    public private(set) var owners: [Int32]
    public private(set) var epochs: [Int32]
    /// Each owner's slots, recomputed after every change (summaries and
    /// elections read it; a scan of 16384 slots per read made lab runs slow).
    public private(set) var ranges: [NodeID: SlotRanges] = [:]

    /// The initial split of `redis-cli --cluster create` over servers 0..<masters,
    /// master i claiming its slots at configEpoch i + 1.
    public init(masters: Int) {
        let table = RedisSlotTable(evenlyAcross: (0..<masters).map { "n\($0 + 1)" })
        owners = table.owners
        epochs = table.owners.map { $0 + 1 }
        reindex()
    }

    mutating func reindex() {
        var lists: [Int32: [Int]] = [:]
        for (s, o) in owners.enumerated() where o >= 0 { lists[o, default: []].append(s) }
        ranges = Dictionary(uniqueKeysWithValues: lists.map { (NodeID(Int($0.key)), SlotRanges(sorted: $0.value)) })
    }

    /// The nodes that serve at least one slot, in id order.
    public var owningNodes: [NodeID] { ranges.keys.sorted() }

    public func owner(of slot: Int) -> NodeID? { owners[slot] >= 0 ? NodeID(Int(owners[slot])) : nil }

    public func slots(of node: NodeID) -> SlotRanges { ranges[node] ?? SlotRanges() }

    public func count(of node: NodeID) -> Int { ranges[node]?.count ?? 0 }

    /// Applies `node`'s claim of `slots` at `epoch`; returns the previous
    /// owners of the slots that changed hands.
    @discardableResult
    public mutating func claim(_ slots: SlotRanges, by node: NodeID, epoch: Int) -> [NodeID] {
        var losers = Set<NodeID>()
        var changed = false
        let n = Int32(node.index), e = Int32(epoch)
        for range in slots.ranges {
            for s in range where owners[s] != n {
                if e > epochs[s] || (e == epochs[s] && (owners[s] < 0 || n < owners[s])) {
                    if owners[s] >= 0 { losers.insert(NodeID(Int(owners[s]))) }
                    owners[s] = n; epochs[s] = e
                    changed = true
                }
            }
            for s in range where owners[s] == n && epochs[s] < e { epochs[s] = e }
        }
        if changed { reindex() }
        return losers.sorted()
    }

    /// Sets the owner of `slots` unconditionally (CLUSTER SETSLOT … NODE).
    public mutating func assign(_ slots: SlotRanges, to node: NodeID, epoch: Int) {
        for s in slots.slots { owners[s] = Int32(node.index); epochs[s] = Int32(epoch) }
        reindex()
    }
}
