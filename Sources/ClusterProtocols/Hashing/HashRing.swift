/// Consistent hashing on a ring with virtual nodes (Karger et al. 1997; the
/// Dynamo and Cassandra vnode layout). Positions are 64-bit: a key sits at
/// `MurmurHash3.hash64(key)` (the first 64 bits of MurmurHash3 x64 128, seed 0,
/// of its UTF-8 bytes); virtual node `v` (0-based) of node `name` sits at
/// `hash64("name#v")`. A key belongs to the first virtual node at or after its
/// position, clockwise, wrapping past the top. Adding a node moves only the keys
/// that fall just before its new points — about K/(N+1) of K keys.
///
/// Lookup is a binary search over the sorted points: O(log(N·V)).
public struct HashRing: KeyPlacement {
    public let nodes: [String]
    public let virtualNodes: Int
    /// Sorted positions of every virtual node, and the node index owning each.
    public let points: [UInt64]
    public let owners: [Int32]

    public init(nodes: [String], virtualNodes: Int) {
        precondition(!nodes.isEmpty && virtualNodes > 0, "a ring needs nodes and at least one virtual node each")
        self.nodes = nodes
        self.virtualNodes = virtualNodes
        var placed: [(position: UInt64, owner: Int32)] = []
        placed.reserveCapacity(nodes.count * virtualNodes)
        for (i, name) in nodes.enumerated() {
            for v in 0..<virtualNodes { placed.append((HashRing.position(ofVirtualNode: v, of: name), Int32(i))) }
        }
        // Equal positions are broken by node order, so the ring never depends on input order within a tie.
        placed.sort { ($0.position, $0.owner) < ($1.position, $1.owner) }
        points = placed.map(\.position)
        owners = placed.map(\.owner)
    }

    /// Where a key sits on the ring.
    public static func position(ofKey key: String) -> UInt64 { MurmurHash3.hash64(key) }

    /// Where virtual node `v` of `node` sits: `hash64("node#v")`.
    public static func position(ofVirtualNode v: Int, of node: String) -> UInt64 { MurmurHash3.hash64("\(node)#\(v)") }

    /// The node owning a ring position: the first point at or after it, wrapping.
    public func nodeIndex(forPosition position: UInt64) -> Int {
        var low = 0, high = points.count
        while low < high {
            let mid = (low + high) / 2
            if points[mid] < position { low = mid + 1 } else { high = mid }
        }
        return Int(owners[low == points.count ? 0 : low])
    }

    public func nodeIndex(forKey key: String) -> Int { nodeIndex(forPosition: HashRing.position(ofKey: key)) }
}
