import ClusterSim

/// Live resharding, the way `redis-cli --cluster reshard` drives it, with
/// the source node as the driver: SETSLOT IMPORTING on the target, SETSLOT
/// MIGRATING on the source, MIGRATE the keys in batches on a timer, then
/// SETSLOT NODE on the target (which bumps its configEpoch and announces
/// the slots) and on the source. All the slots of one reshard migrate
/// together (redis-cli moves them one by one; the states and redirects are
/// the same). Meanwhile the source serves keys it still has, answers ASK for
/// keys it no longer has, and holds commands on keys of a MIGRATE in flight.
extension RedisServer {
    struct Migration: Sendable {
        var target: NodeID
        var slots: SlotRanges
        var ready = false
        var batch = 0
        var inFlight: [String: Int64]?
        var moved = 0
    }

    /// Starts moving `slots` (all served by this master) to `target`.
    mutating func reshard(_ moving: SlotRanges, to target: NodeID, _ context: inout RedisContext) {
        guard isMaster else { return context.log("reshard: a replica serves no slots; ask its master") }
        guard migration == nil else { return context.log("reshard: a migration to \(name(migration!.target)) is in progress") }
        guard target != id, target.index < layout.serverCount else { return context.log("reshard: the target must be another server") }
        guard peers[target.index].master == nil else { return context.log("reshard: \(name(target)) is a replica, not a master") }
        guard !moving.isEmpty else { return context.log("reshard: no slots to move") }
        if let foreign = moving.slots.first(where: { slots.owner(of: $0) != id }) {
            return context.log("reshard: slot \(foreign) is not served by \(name(id))")
        }
        migration = Migration(target: target, slots: moving)
        context.log("reshard: moving \(moving.count) slots (\(moving)) to \(name(target))")
        context.send(.setSlotImporting(moving), to: target)
    }

    /// The `N` lowest slots this master serves.
    func firstSlots(_ n: Int) -> SlotRanges { SlotRanges(sorted: Array(ownSlots.slots.prefix(n))) }

    // MARK: Target

    mutating func startImporting(_ s: SlotRanges, from source: NodeID, _ context: inout RedisContext) {
        guard isMaster else { return context.log("cannot import \(s) from \(name(source)): a replica") }
        for slot in s.slots { importing[slot] = source }
        context.stateChanged("importing \(s.count) slots")
        context.send(.importingReady(s), to: source)
    }

    mutating func receiveBatch(_ batch: Int, _ entries: [KeyValue], from source: NodeID, _ context: inout RedisContext) {
        for e in entries { write(.set(e.key, e.value), &context) }
        context.send(.migrateOK(batch: batch), to: source)
    }

    /// SETSLOT NODE on the target: it owns the slots, bumps its configEpoch
    /// without an election so its claim beats the source's, and tells everyone.
    mutating func takeOwnership(_ s: SlotRanges, from source: NodeID, _ context: inout RedisContext) {
        for slot in s.slots { importing[slot] = nil }
        currentEpoch += 1
        configEpoch = currentEpoch
        slots.assign(s, to: id, epoch: configEpoch)
        ownSlotsChanged()
        context.stateChanged("imported \(s.count) slots, configEpoch \(configEpoch)")
        context.send(.setSlotNodeOK(s), to: source)
        for peer in layout.servers where peer != id { context.send(.pong(header), to: peer) }
    }

    // MARK: Source

    mutating func importingReady(_ s: SlotRanges, target: NodeID, _ context: inout RedisContext) {
        guard var m = migration, m.target == target, m.slots == s, !m.ready else { return }
        m.ready = true
        migration = m
        for slot in s.slots { migrating[slot] = target }
        context.stateChanged("migrating \(s.count) slots to \(name(target))")
        context.setTimer(.migrate, after: config.migrateInterval)
    }

    /// Keys this node holds in slots it is migrating, in name order.
    var keysToMigrate: [String] {
        store.keys.filter { migrating[RedisHashSlot.slot(forKey: $0)] != nil }.sorted()
    }

    mutating func sendBatch(_ context: inout RedisContext) {
        guard var m = migration, m.ready, m.inFlight == nil else { return }
        let keys = keysToMigrate.prefix(config.migrateBatch)
        if keys.isEmpty {
            context.log("reshard: every key moved (\(m.moved)); SETSLOT NODE \(name(m.target))")
            return context.send(.setSlotNode(m.slots), to: m.target)
        }
        m.batch += 1
        m.inFlight = Dictionary(uniqueKeysWithValues: keys.map { ($0, store[$0]!) })
        migration = m
        context.send(.migrate(batch: m.batch, keys.map { KeyValue($0, store[$0]!) }), to: m.target)
    }

    mutating func batchDone(_ batch: Int, _ context: inout RedisContext) {
        guard var m = migration, m.batch == batch, let sent = m.inFlight else { return }
        for key in sent.keys.sorted() { write(.del(key), &context) }
        m.moved += sent.count
        m.inFlight = nil
        migration = m
        releaseBlocked(&context)
        context.setTimer(.migrate, after: config.migrateInterval)
    }

    mutating func migrationFinished(_ s: SlotRanges, _ context: inout RedisContext) {
        guard let m = migration, m.slots == s else { return }
        slots.assign(s, to: m.target, epoch: currentEpoch)
        for slot in s.slots { migrating[slot] = nil }
        migration = nil
        ownSlotsChanged()
        context.stateChanged("moved \(s.count) slots to \(name(m.target))")
        releaseBlocked(&context)
    }

    /// Serves the commands that waited for a MIGRATE (now most get ASK).
    mutating func releaseBlocked(_ context: inout RedisContext) {
        let waiting = blocked
        blocked = []
        for b in waiting { serve(b.command, request: b.request, asking: b.asking, client: b.client, &context) }
    }
}
