import ClusterSim

/// A Merkle tree over a token range, as Cassandra's repair builds one: the
/// leaves split the signed 64-bit token space into `2^depth` equal ranges,
/// a leaf's hash combines the hashes of the rows whose key tokens fall in it,
/// and each inner node hashes its two children. Two replicas whose trees
/// agree at the root hold the same rows; where they differ, comparing
/// children finds the differing leaves without sending the rows that agree.
///
/// Nodes are stored level by level: node `i` of level `L` is `nodes[2^L - 1 + i]`.
/// Building costs O(rows + 2^depth).
public struct MerkleTree: Sendable, Hashable {
    /// One row as the tree sees it.
    public struct Entry: Sendable, Hashable {
        public var key: String
        public var token: Int64
        public var hash: UInt64
        public init(key: String, token: Int64, hash: UInt64) { self.key = key; self.token = token; self.hash = hash }
    }

    public let depth: Int
    public private(set) var nodes: [UInt64]
    /// The rows of each leaf.
    public private(set) var leaves: [[Entry]]

    public init(depth: Int, entries: [Entry]) {
        self.depth = max(0, min(depth, 24))
        let width = 1 << self.depth
        leaves = Array(repeating: [], count: width)
        nodes = Array(repeating: 0, count: 2 * width - 1)
        for e in entries { leaves[Self.leaf(of: e.token, depth: self.depth)].append(e) }
        let first = width - 1
        for i in 0..<width {
            // A wrapping sum: the same rows give the same hash in any order.
            nodes[first + i] = leaves[i].reduce(UInt64(0)) { $0 &+ MurmurHash3.fmix64($1.hash) }
        }
        var i = first - 1
        while i >= 0 {
            nodes[i] = Self.combine(nodes[2 * i + 1], nodes[2 * i + 2])
            i -= 1
        }
    }

    /// A tree over rows keyed by text, with `hashRow` giving each row's content hash.
    public init(depth: Int, rows: some Sequence<(key: String, hash: UInt64)>) {
        self.init(depth: depth, entries: rows.map { Entry(key: $0.key, token: CassandraToken.token(forKey: $0.key), hash: $0.hash) })
    }

    /// The leaf whose token range holds `token`: the top `depth` bits of the
    /// token shifted into unsigned order.
    public static func leaf(of token: Int64, depth: Int) -> Int {
        depth == 0 ? 0 : Int((UInt64(bitPattern: token) ^ (1 << 63)) >> UInt64(64 - depth))
    }

    static func combine(_ left: UInt64, _ right: UInt64) -> UInt64 {
        MurmurHash3.fmix64(left ^ MurmurHash3.fmix64(right &+ 0x9e37_79b9_7f4a_7c15))
    }

    /// A good depth for `keys` rows: about one row per leaf.
    public static func depth(forKeys keys: Int) -> Int {
        var d = 0
        while (1 << d) < keys, d < 24 { d += 1 }
        return max(1, d)
    }

    public var root: UInt64 { nodes[0] }

    public func hash(level: Int, index: Int) -> UInt64 { nodes[(1 << level) - 1 + index] }

    /// What a replica answers when its peer sends the hashes of some nodes of one level.
    public enum Reply: Sendable, Hashable {
        /// Every node sent matches: nothing to repair below them.
        case inSync
        /// Some differ: here are this replica's hashes of their children, one level down.
        case descend(level: Int, indices: [Int], hashes: [UInt64])
        /// Some leaves differ: exchange their rows.
        case differingLeaves([Int])
    }

    /// Compares the peer's `hashes` of nodes `indices` of `level` with this tree's.
    public func reply(level: Int, indices: [Int], hashes: [UInt64]) -> Reply {
        var differing: [Int] = []
        for (i, h) in zip(indices, hashes) where i < (1 << level) && hash(level: level, index: i) != h { differing.append(i) }
        if differing.isEmpty { return .inSync }
        if level >= depth { return .differingLeaves(differing) }
        let children = differing.flatMap { [2 * $0, 2 * $0 + 1] }
        return .descend(level: level + 1, indices: children, hashes: children.map { hash(level: level + 1, index: $0) })
    }

    /// The rows in the given leaves.
    public func entries(inLeaves indices: [Int]) -> [Entry] {
        indices.flatMap { $0 < leaves.count ? leaves[$0] : [] }
    }
}

/// A whole Merkle exchange between two replicas' trees, message by message,
/// as the store's anti-entropy runs it over the network: `a` sends its root;
/// each answer carries the children of the nodes that differed, one level
/// further down, alternating sides, until the differing leaves are known;
/// then each side sends the other its rows of those leaves.
public struct MerkleExchange: Sendable, Hashable {
    /// Keys whose rows differ (or that one side lacks), sorted.
    public var differingKeys: [String]
    /// Messages sent, both ways.
    public var messages: Int
    /// Hashes carried by those messages.
    public var hashes: Int
    /// Rows sent in the final exchange.
    public var rows: Int

    public init(_ a: MerkleTree, _ b: MerkleTree) {
        precondition(a.depth == b.depth, "both replicas build trees of the same depth")
        var messages = 1, hashes = 1
        var level = 0, indices = [0], sent = [a.root]
        var responder = b, other = a
        var leaves: [Int] = []
        loop: while true {
            switch responder.reply(level: level, indices: indices, hashes: sent) {
            case .inSync: break loop
            case .differingLeaves(let l): leaves = l; break loop
            case .descend(let next, let i, let h):
                messages += 1; hashes += h.count
                level = next; indices = i; sent = h
                swap(&responder, &other)
            }
        }
        var keys: [String] = []
        var rows = 0
        if !leaves.isEmpty {
            let mine = a.entries(inLeaves: leaves), theirs = b.entries(inLeaves: leaves)
            messages += 2; rows = mine.count + theirs.count
            let left = Dictionary(mine.map { ($0.key, $0.hash) }, uniquingKeysWith: { x, _ in x })
            let right = Dictionary(theirs.map { ($0.key, $0.hash) }, uniquingKeysWith: { x, _ in x })
            keys = Set(left.keys).union(right.keys).filter { left[$0] != right[$0] }.sorted()
        }
        differingKeys = keys; self.messages = messages; self.hashes = hashes; self.rows = rows
    }
}

extension Version {
    /// A content hash for Merkle trees: the same version hashes the same on every replica and run.
    public var contentHash: UInt64 {
        var h = MurmurHash3.fmix64(UInt64(bitPattern: value ?? Int64.min) ^ 0x5bd1_e995)
        h = MurmurHash3.fmix64(h ^ UInt64(bitPattern: stamp.clock) &* 31 &+ UInt64(stamp.node))
        if let dot { h = MurmurHash3.fmix64(h ^ UInt64(dot.node) << 32 ^ UInt64(UInt32(bitPattern: dot.counter))) }
        if let clock { for e in clock.entries { h = MurmurHash3.fmix64(h &* 31 &+ UInt64(UInt32(bitPattern: e))) } }
        return h
    }
}

extension Array where Element == Version {
    /// The hash of a key's versions (in their stored order).
    public func contentHash(key: String) -> UInt64 {
        reduce(MurmurHash3.hash64(key)) { MurmurHash3.fmix64($0 ^ $1.contentHash) }
    }
}
