import ClusterSim

/// Hinted handoff: a write a replica missed is held by another server (the
/// coordinator, or the fallback of a sloppy quorum) and handed to the
/// replica once it answers again, so a replica that was down catches up on
/// the writes of its downtime without waiting for a read or a repair.
extension QuorumServer {
    /// Keeps a write for `hint.target`.
    mutating func hold(_ hint: Hint, _ context: inout QuorumContext) {
        guard hint.target != id else { apply(hint.key, [hint.version], &context); return }
        nextHint += 1
        var h = hint
        h.id = nextHint
        hints.append(h)
        context.log("holds a hint for \(context.layout.name(h.target)): \(h.key)=\(h.version)")
        context.persist(durable)
    }

    /// Every handoff interval: sends each replica the hints held for it, and
    /// probes suspected replicas this server holds nothing for.
    mutating func handOff(_ context: inout QuorumContext) {
        let byTarget = Dictionary(grouping: hints, by: \.target)
        for target in byTarget.keys.sorted() { context.send(.handoff(byTarget[target]!), to: target) }
        for s in suspected.sorted() where byTarget[s] == nil { context.send(.handoff([]), to: s) }
    }

    mutating func receiveHandoff(_ delivered: [Hint], from: NodeID, _ context: inout QuorumContext) {
        for h in delivered { apply(h.key, [h.version], &context) }
        if !delivered.isEmpty { context.log("took \(delivered.count) hinted writes from \(context.layout.name(from))") }
        context.send(.handoffAck(ids: delivered.map(\.id)), to: from)
    }

    mutating func handoffAcknowledged(_ ids: [Int], _ context: inout QuorumContext) {
        guard !ids.isEmpty else { return }
        let done = Set(ids)
        hints.removeAll { done.contains($0.id) }
        hintsDelivered += ids.count
        context.persist(durable)
    }
}

/// Tombstones: a delete is stored as a version with no value, so it wins
/// over older writes on every replica it reaches and travels through read
/// repair, hints and anti-entropy like any write. After `gc_grace` the
/// replica's tombstone compaction drops it, whether or not every replica
/// has seen the delete (Cassandra drops it at a compaction after
/// gc_grace_seconds; `StorageEngine.expireTombstone`); a replica that missed the delete and is not repaired
/// within that time brings the old value back (a "zombie"), which is why
/// Cassandra requires a repair within gc_grace_seconds.
extension QuorumServer {
    mutating func collectTombstone(_ key: String, _ context: inout QuorumContext) {
        let versions = storage.peek(key)
        guard !versions.isEmpty, versions.allSatisfy(\.isTombstone), let stamp = versions.map(\.stamp).max() else { return }
        guard storage.expireTombstone(key, stamp: stamp) else {
            context.log("gc: \(key)'s tombstone is past gc_grace but older data may remain; kept")
            context.persist(durable)
            return
        }
        context.log("gc: \(key)'s tombstone is past gc_grace; compaction purged it")
        context.stateChanged("\(key) purged")
        context.persist(durable)
    }
}
