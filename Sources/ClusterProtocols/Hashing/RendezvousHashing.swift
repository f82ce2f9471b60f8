/// Rendezvous, or highest-random-weight, hashing (Thaler and Ravishankar 1996):
/// every node scores the key and the highest score wins, so removing a node
/// moves only that node's keys, each to its runner-up. Score of a node for a key:
/// `MurmurHash3.fmix64(hash64(key) ^ hash64(node))` — the key's and the node's
/// 64-bit MurmurHash3 mixed by MurmurHash3's finalizer. Ties go to the earlier
/// node. A lookup costs O(N).
public struct RendezvousHashing: KeyPlacement {
    public let nodes: [String]
    let nodeHashes: [UInt64]

    public init(nodes: [String]) {
        precondition(!nodes.isEmpty, "rendezvous hashing needs at least one node")
        self.nodes = nodes
        nodeHashes = nodes.map(MurmurHash3.hash64)
    }

    public static func score(keyHash: UInt64, nodeHash: UInt64) -> UInt64 { MurmurHash3.fmix64(keyHash ^ nodeHash) }

    public func nodeIndex(forKey key: String) -> Int {
        let k = MurmurHash3.hash64(key)
        var best = 0
        var bestScore = RendezvousHashing.score(keyHash: k, nodeHash: nodeHashes[0])
        for i in 1..<nodeHashes.count {
            let s = RendezvousHashing.score(keyHash: k, nodeHash: nodeHashes[i])
            if s > bestScore { best = i; bestScore = s }
        }
        return best
    }
}
