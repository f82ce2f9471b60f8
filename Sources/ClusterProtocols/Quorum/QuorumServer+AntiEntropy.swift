import ClusterSim

/// Anti-entropy: every interval a server picks its next peer and the two
/// compare Merkle trees of the keys they both replicate (Cassandra's repair;
/// Dynamo's background synchronisation). Hashes go back and forth one level
/// at a time, only below the nodes that differ; at the leaves each side
/// sends the other its rows, and both merge them. Unlike read repair, it
/// fixes keys nobody reads.
extension QuorumServer {
    /// The keys this replica shares with `peer`, as a Merkle tree.
    func merkleTree(sharedWith peer: NodeID) -> MerkleTree {
        let rows = storage.allRows().filter { ring.replicas(for: $0.key, count: n).contains(peer) }
        return MerkleTree(depth: config.merkleDepth, rows: rows.map { (key: $0.key, hash: $0.value.contentHash(key: $0.key)) })
    }

    mutating func startAntiEntropy(_ context: inout QuorumContext) {
        guard serverCount > 1 else { return }
        nextPeer = (nextPeer + 1) % serverCount
        if nextPeer == id.index { nextPeer = (nextPeer + 1) % serverCount }
        let peer = NodeID(nextPeer)
        merkleSessions += 1
        let session = MerkleSession(initiator: id, number: merkleSessions)
        let tree = merkleTree(sharedWith: peer)
        merkleTrees = merkleTrees.filter { $0.key.initiator != id }  // one exchange of our own at a time
        merkleTrees[session] = tree
        context.send(.merkleHashes(session, level: 0, indices: [0], hashes: [tree.root]), to: peer)
    }

    mutating func merkleHashes(_ session: MerkleSession, level: Int, indices: [Int], hashes: [UInt64], from: NodeID,
                               _ context: inout QuorumContext) {
        if level == 0, session.initiator == from {
            merkleTrees = merkleTrees.filter { $0.key.initiator != from }  // the peer's older exchange is over
            merkleTrees[session] = merkleTree(sharedWith: from)
        }
        guard let tree = merkleTrees[session] else { return }
        switch tree.reply(level: level, indices: indices, hashes: hashes) {
        case .inSync:
            merkleTrees[session] = nil
        case .descend(let next, let i, let h):
            context.send(.merkleHashes(session, level: next, indices: i, hashes: h), to: from)
        case .differingLeaves(let leaves):
            context.send(.merkleRows(session, leaves: leaves, rows: rows(of: tree, leaves), reply: true), to: from)
        }
    }

    func rows(of tree: MerkleTree, _ leaves: [Int]) -> [Row] {
        tree.entries(inLeaves: leaves).map { Row(key: $0.key, versions: storage.peek($0.key)) }
    }

    mutating func merkleRows(_ session: MerkleSession, leaves: [Int], rows: [Row], reply: Bool, from: NodeID,
                             _ context: inout QuorumContext) {
        guard let tree = merkleTrees.removeValue(forKey: session) else { return }
        if reply { context.send(.merkleRows(session, leaves: leaves, rows: self.rows(of: tree, leaves), reply: false), to: from) }
        var repaired = 0
        for row in rows where storage.peek(row.key) != storage.versioning.merge(storage.peek(row.key), row.versions) {
            apply(row.key, row.versions, &context)
            repaired += 1
        }
        rowsRepaired += repaired
        if repaired > 0 { context.log("anti-entropy with \(context.layout.name(from)): repaired \(repaired) keys") }
    }
}
