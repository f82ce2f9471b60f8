import ClusterSim

/// The cluster bus: every tick a node pings every other node; PING and PONG
/// carry the sender's role, epochs and slots. Slot claims with a higher
/// configEpoch win; a node whose master lost its last slot follows the new
/// owner; a replica whose master stays silent for `node_timeout` starts a
/// failover.
extension RedisServer {
    mutating func tick(_ context: inout RedisContext) {
        ticks += 1
        lastHeard[id.index] = ticks
        for peer in layout.servers where peer != id { context.send(.ping(header), to: peer) }
        context.setTimer(.tick, after: config.pingInterval)
        if let m = master, election == nil, silent(m), !failoverScheduled {
            // Redis waits 500 ms plus a random delay, plus a second per rank
            // (replicas with less data wait longer); here a tick per rank.
            let rank = siblingRank(of: m)
            context.log("master \(name(m)) failing (silent \(ticks - lastHeard[m.index]) ticks); failover in \(rank + 1) ticks")
            failoverScheduled = true
            context.setTimer(.failover, after: config.pingInterval * Int64(rank + 1), jitter: config.pingInterval / 2)
        }
    }

    /// Has `node` been silent for at least `node_timeout`?
    func silent(_ node: NodeID) -> Bool { ticks - lastHeard[node.index] >= config.timeoutTicks }

    /// Why this node refuses queries, or nil when its cluster state is ok
    /// (clusterUpdateState): a node that cannot reach a majority of the
    /// masters stops serving after node_timeout — so a master cut off in a
    /// minority stops taking writes it would lose — and, with full coverage
    /// required, so does every node while some slot's master is failing.
    var clusterDown: String? {
        let masters = electorate
        let reachable = masters.filter { $0 == id || !silent($0) }
        if reachable.count < masters.count / 2 + 1 {
            return "reaches \(reachable.count) of \(masters.count) masters"
        }
        if config.requireFullCoverage, let failing = masters.first(where: { $0 != id && silent($0) }) {
            return "\(name(failing))'s slots are not covered"
        }
        return nil
    }

    /// How many other replicas of `m` have a larger replication offset (0: the best).
    func siblingRank(of m: NodeID) -> Int {
        layout.servers.filter { $0 != id && peers[$0.index].master == m && peers[$0.index].offset > offset }.count
    }

    mutating func heard(_ h: GossipHeader, from: NodeID, _ context: inout RedisContext) {
        lastHeard[from.index] = ticks
        if h.currentEpoch > currentEpoch { currentEpoch = h.currentEpoch }
        var peer = peers[from.index]
        peer.master = h.master; peer.offset = h.offset
        let fresh = peer.slotsVersion != h.slotsVersion || peer.configEpoch != h.configEpoch
        peer.slotsVersion = h.slotsVersion; peer.configEpoch = h.configEpoch
        peers[from.index] = peer
        if isMaster {
            if h.master == id { replicas.insert(from) } else { replicas.remove(from) }
        }
        guard fresh, h.master == nil, !h.slots.isEmpty else { return }
        let losers = slots.claim(h.slots, by: from, epoch: h.configEpoch)
        guard !losers.isEmpty else { return }
        let mine = master ?? id
        if losers.contains(id) { context.log("\(name(from)) claims slots of mine at configEpoch \(h.configEpoch)") }
        ownSlotsChanged()
        // A master that lost its last slot, or a replica whose master did,
        // follows the node that took it (clusterUpdateSlotsConfigWith).
        if losers.contains(mine), slots.count(of: mine) == 0, mine != from {
            follow(from, &context)
        }
    }

    /// Becomes a replica of `newMaster`, dropping any data it had, and asks for a full sync.
    mutating func follow(_ newMaster: NodeID, _ context: inout RedisContext) {
        let was = isMaster ? "master" : "replica of \(name(master!))"
        master = newMaster
        election = nil; failoverScheduled = false
        migrating = [:]; importing = [:]; migration = nil; blocked = []
        backlog = []; replicas = []
        ownSlotsChanged()
        context.stateChanged("replica of \(name(newMaster))")
        context.log("\(was) → replica of \(name(newMaster))")
        context.send(.sync, to: newMaster)
    }
}
