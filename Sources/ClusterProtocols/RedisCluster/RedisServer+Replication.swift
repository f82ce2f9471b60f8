import ClusterSim

/// Asynchronous master → replica replication. A master answers a write at
/// once and ships its backlog every `replication_interval`; a master that
/// crashes in between takes acknowledged writes with it — the window Redis
/// documents ("Redis Cluster is not able to guarantee strong consistency").
/// A replica that sees a gap, or that starts following a master, asks for a
/// full sync.
extension RedisServer {
    mutating func shipBacklog(_ context: inout RedisContext) {
        guard isMaster, !backlog.isEmpty else { return }
        for r in replicas.sorted() { context.send(.replicate(offset: offset, backlog), to: r) }
        offset += backlog.count
        backlog = []
    }

    mutating func applyStream(start: Int, _ ops: [ReplicationOp], from: NodeID, _ context: inout RedisContext) {
        guard master == from else { return }
        if start < offset { return }  // already have it (a full sync overtook it)
        if start > offset { return context.send(.sync, to: from) }
        for op in ops { apply(op) }
        offset += ops.count
    }

    mutating func fullSync(to replica: NodeID, _ context: inout RedisContext) {
        guard isMaster else { return }
        shipBacklog(&context)
        replicas.insert(replica)
        let entries = store.keys.sorted().map { KeyValue($0, store[$0]!) }
        context.send(.fullSync(offset: offset, entries), to: replica)
    }

    mutating func loadSync(at: Int, _ entries: [KeyValue], from: NodeID, _ context: inout RedisContext) {
        guard master == from else { return }
        store = Dictionary(uniqueKeysWithValues: entries.map { ($0.key, $0.value) })
        offset = at
        context.log("full sync from \(name(from)): \(entries.count) keys at offset \(at)")
    }
}
