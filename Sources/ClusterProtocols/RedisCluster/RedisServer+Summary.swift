import ClusterSim

/// How a Redis node looks in the interface and to lab predicates: `slots`,
/// `keys`, `migrating`, `importing` (slot counts) are numbers; `ranges` and
/// `replicates` are text. The epoch shown is the node's configEpoch.
extension RedisServer {
    public var headline: NodeHeadline {
        NodeHeadline(role: isMaster ? "master" : "replica", tone: isMaster ? .leader : .follower, epoch: configEpoch)
    }

    public var summary: NodeSummary {
        var fields: [NodeSummary.Field] = [
            .init("slots", String(ownSlots.count)),
            .init("ranges", ownSlots.description),
            .init("keys", String(store.count)),
            .init("migrating", String(migrating.count)),
            .init("importing", String(importing.count)),
            .init("replicates", master.map(name) ?? "-"),
            .init("current_epoch", String(currentEpoch)),
            .init("offset", String(offset + backlog.count)),
            .init("state", clusterDown == nil ? "ok" : "fail"),
        ]
        // The node box shows the first fields: a replica's master matters more than its (zero) slots.
        if !isMaster, let i = fields.firstIndex(where: { $0.name == "replicates" }) { fields.insert(fields.remove(at: i), at: 0) }
        if let m = migration { fields.append(.init("migrating_to", name(m.target))) }
        if let from = importing.min(by: { $0.key < $1.key })?.value { fields.append(.init("importing_from", name(from))) }
        var details = ["configEpoch \(configEpoch), currentEpoch \(currentEpoch), last vote in epoch \(lastVoteEpoch)",
                       "replication offset \(offset), backlog \(backlog.count), replicas "
                           + (replicas.isEmpty ? "none" : replicas.sorted().map(name).joined(separator: ","))]
        for owner in electorate { details.append("slots of \(name(owner)) here: \(slots.slots(of: owner))") }
        if let m = migration {
            details.append("migrating \(m.slots) to \(name(m.target)): \(m.moved) keys moved, \(keysToMigrate.count) to go")
        }
        details += store.keys.sorted().prefix(40).map { "\($0) = \(store[$0]!)  (slot \(RedisHashSlot.slot(forKey: $0)))" }
        return NodeSummary(role: headline.role, tone: headline.tone, epoch: configEpoch, fields: fields, details: details)
    }
}
