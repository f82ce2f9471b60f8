/// Which node serves each of Redis Cluster's 16384 slots, and how slots move
/// when a node joins or leaves. A fresh cluster splits the slots into
/// contiguous ranges in node order exactly as `redis-cli --cluster create`
/// does (three masters: 0-5460, 5461-10922, 10923-16383). A change moves as
/// few slots as it can (as `redis-cli --cluster rebalance` aims to): every
/// node ends with 16384/N slots, give or take one, and only the surplus moves
/// — from the top of each donor's slots.
public struct RedisSlotTable: KeyPlacement {
    public let nodes: [String]
    /// The owning node index of each slot.
    public private(set) var owners: [Int32]

    public init(evenlyAcross nodes: [String]) {
        precondition(!nodes.isEmpty && nodes.count <= RedisHashSlot.slotCount, "1 to 16384 nodes")
        self.nodes = nodes
        // redis-cli's clusterManagerCommandCreate, in its single-precision arithmetic.
        let n = nodes.count, slots = RedisHashSlot.slotCount
        let perNode = Float(slots) / Float(n)
        var owners = [Int32](repeating: 0, count: slots)
        var first = 0
        var cursor: Float = 0
        for i in 0..<n {
            var last = Int((cursor + perNode - 1).rounded())
            if last > slots || i == n - 1 { last = slots - 1 }
            if last < first { last = first }
            for slot in first...last { owners[slot] = Int32(i) }
            first = last + 1
            cursor += perNode
        }
        self.owners = owners
    }

    init(nodes: [String], owners: [Int32]) { self.nodes = nodes; self.owners = owners }

    public func nodeIndex(forKey key: String) -> Int { Int(owners[RedisHashSlot.slot(forKey: key)]) }

    /// How many slots each node serves.
    public var slotCounts: [Int] {
        var counts = [Int](repeating: 0, count: nodes.count)
        for o in owners { counts[Int(o)] += 1 }
        return counts
    }

    /// The table after `node` joins and takes its share from every other node.
    public func joining(_ node: String) -> RedisSlotTable {
        precondition(!nodes.contains(node), "\(node) is already in the cluster")
        var next = RedisSlotTable(nodes: nodes + [node], owners: owners)
        next.rebalance()
        return next
    }

    /// The table after `node` leaves and its slots go to the others.
    public func leaving(_ node: String) -> RedisSlotTable {
        guard let gone = nodes.firstIndex(of: node), nodes.count > 1 else { preconditionFailure("\(node) cannot leave") }
        var remaining = nodes
        remaining.remove(at: gone)
        // Renumber the others; the leaver's slots are marked unowned (-1) for `rebalance` to hand out.
        let renumbered = owners.map { o -> Int32 in
            o == Int32(gone) ? -1 : (o > Int32(gone) ? o - 1 : o)
        }
        var next = RedisSlotTable(nodes: remaining, owners: renumbered)
        next.rebalance()
        return next
    }

    /// Gives every node its target count — 16384/N, and one more for the
    /// 16384 % N nodes that already hold the most (earlier nodes on a tie) —
    /// moving only unowned slots and the surplus of nodes above their target.
    mutating func rebalance() {
        let n = nodes.count, total = RedisHashSlot.slotCount
        var counts = [Int](repeating: 0, count: n)
        for o in owners where o >= 0 { counts[Int(o)] += 1 }
        var target = [Int](repeating: total / n, count: n)
        for i in (0..<n).sorted(by: { (counts[$0], -$0) > (counts[$1], -$1) }).prefix(total % n) { target[i] += 1 }
        // Free the surplus: each over-full node gives up its highest-numbered slots.
        for slot in owners.indices.reversed() where owners[slot] >= 0 {
            let o = Int(owners[slot])
            if counts[o] > target[o] { counts[o] -= 1; owners[slot] = -1 }
        }
        // Hand free slots, lowest first, to the nodes below target, in node order.
        var receiver = 0
        for slot in owners.indices where owners[slot] < 0 {
            while counts[receiver] >= target[receiver] { receiver += 1 }
            owners[slot] = Int32(receiver)
            counts[receiver] += 1
        }
    }
}
