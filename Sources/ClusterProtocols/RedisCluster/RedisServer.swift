import ClusterSim

/// A Redis Cluster node: a master serving some of the 16384 hash slots, or a
/// replica of one. It answers client commands for keys in its slots,
/// redirects the rest (MOVED, or ASK during a migration), gossips its slots
/// and epochs in PING/PONG, replicates asynchronously to its replicas,
/// migrates slots on a `reshard` command, and — as a replica — takes over
/// its master's slots when the master fails and a majority of masters vote.
public struct RedisServer: Sendable {
    public let id: NodeID
    public let layout: ClusterLayout
    public let config: RedisClusterConfig

    /// nil for a master; the master it replicates otherwise.
    public internal(set) var master: NodeID?
    public internal(set) var currentEpoch: Int
    public internal(set) var configEpoch: Int
    var lastVoteEpoch = 0
    public internal(set) var slots: RedisSlotMap
    /// This node's own slots (cached: every PING carries them).
    public internal(set) var ownSlots = SlotRanges()
    var slotsVersion = 0
    public internal(set) var store: [String: Int64] = [:]

    /// Outgoing migration (this node is the source): slot -> target.
    public internal(set) var migrating: [Int: NodeID] = [:]
    /// Incoming migration (this node is the target): slot -> source.
    public internal(set) var importing: [Int: NodeID] = [:]
    var migration: Migration?
    /// Commands on keys of a MIGRATE in flight wait for it (MIGRATE blocks the source).
    var blocked: [(client: NodeID, request: Int, command: RedisCommand, asking: Bool)] = []

    /// Gossip: a tick counter and, per server, the tick it was last heard from.
    var ticks = 0
    var lastHeard: [Int]
    var peers: [PeerView]

    /// Replication: the offset of the last op applied or produced, and the backlog not yet shipped.
    public internal(set) var offset = 0
    var backlog: [ReplicationOp] = []
    var replicas: Set<NodeID> = []

    var election: Election?
    var failoverScheduled = false
    public internal(set) var failovers = 0

    struct PeerView: Sendable {
        var master: NodeID?
        var offset = 0
        var slotsVersion = -1
        var configEpoch = 0
    }

    struct Election: Sendable {
        var epoch: Int
        var votes: Set<NodeID> = []
        var startTick: Int
    }

    public init(id: NodeID, layout: ClusterLayout, config: RedisClusterConfig) {
        self.id = id; self.layout = layout; self.config = config
        master = config.initialMaster(of: id)
        currentEpoch = config.masters
        configEpoch = master == nil ? id.index + 1 : 0
        slots = RedisSlotMap(masters: config.masters)
        lastHeard = Array(repeating: 0, count: layout.serverCount)
        peers = layout.servers.map { PeerView(master: config.initialMaster(of: $0)) }
        if master == nil {
            replicas = Set(layout.servers.filter { config.initialMaster(of: $0) == id })
            ownSlots = slots.slots(of: id)
        }
    }

    /// Re-reads this node's own slots after its map changed.
    mutating func ownSlotsChanged() {
        let now = isMaster ? slots.slots(of: id) : SlotRanges()
        if now != ownSlots { ownSlots = now; slotsVersion += 1 }
    }

    public var isMaster: Bool { master == nil }
    func name(_ n: NodeID) -> String { layout.name(n) }

    public mutating func start(_ context: inout RedisContext) {
        tick(&context)
        if master != nil { context.send(.sync, to: master!) }
    }

    public mutating func receive(_ message: RedisMessage, from: NodeID, _ context: inout RedisContext) {
        switch message {
        case .command(let request, let command, let asking):
            serve(command, request: request, asking: asking, client: from, &context)
        case .ping(let h):
            heard(h, from: from, &context)
            context.send(.pong(header), to: from)
        case .pong(let h): heard(h, from: from, &context)
        case .failoverAuthRequest(let epoch, let failed): vote(epoch: epoch, failed: failed, candidate: from, &context)
        case .failoverAuthAck(let epoch): countVote(epoch: epoch, from: from, &context)
        case .replicate(let start, let ops): applyStream(start: start, ops, from: from, &context)
        case .sync: fullSync(to: from, &context)
        case .fullSync(let at, let entries): loadSync(at: at, entries, from: from, &context)
        case .setSlotImporting(let s): startImporting(s, from: from, &context)
        case .importingReady(let s): importingReady(s, target: from, &context)
        case .migrate(let batch, let entries): receiveBatch(batch, entries, from: from, &context)
        case .migrateOK(let batch): batchDone(batch, &context)
        case .setSlotNode(let s): takeOwnership(s, from: from, &context)
        case .setSlotNodeOK(let s): migrationFinished(s, &context)
        case .reply, .error, .moved, .ask: break
        }
    }

    public mutating func timerFired(_ tag: RedisTimer, _ context: inout RedisContext) {
        switch tag {
        case .tick: tick(&context)
        case .replicate: shipBacklog(&context)
        case .migrate: sendBatch(&context)
        case .failover: campaign(&context)
        case .requestTimeout, .think: break
        }
    }

    // MARK: Serving clients

    /// Runs `command` if this node serves its key now, or redirects the client.
    mutating func serve(_ command: RedisCommand, request: Int, asking: Bool, client: NodeID, _ context: inout RedisContext) {
        let key = command.key, slot = RedisHashSlot.slot(forKey: key)
        if let down = clusterDown {
            return context.send(.error(request: request, "CLUSTERDOWN \(down)"), to: client)
        }
        guard isMaster else {
            let owner = slots.owner(of: slot) ?? master!
            return context.send(.moved(request: request, slot: slot, to: owner), to: client)
        }
        if asking, importing[slot] != nil { return execute(command, request: request, client: client, &context) }
        guard slots.owner(of: slot) == id else {
            guard let owner = slots.owner(of: slot) else {
                return context.send(.error(request: request, "CLUSTERDOWN slot \(slot) is not served"), to: client)
            }
            return context.send(.moved(request: request, slot: slot, to: owner), to: client)
        }
        if let target = migrating[slot] {
            if migration?.inFlight?.keys.contains(key) == true {
                blocked.append((client, request, command, asking))
                return
            }
            if store[key] == nil { return context.send(.ask(request: request, slot: slot, to: target), to: client) }
        }
        execute(command, request: request, client: client, &context)
    }

    mutating func execute(_ command: RedisCommand, request: Int, client: NodeID, _ context: inout RedisContext) {
        switch command {
        case .get(let k): context.send(.reply(request: request, value: store[k], written: false), to: client)
        case .set(let k, let v):
            write(.set(k, v), &context)
            context.send(.reply(request: request, value: v, written: true), to: client)
        }
    }

    /// Applies a write on a master and queues it for the replicas.
    mutating func write(_ op: ReplicationOp, _ context: inout RedisContext) {
        apply(op)
        if !replicas.isEmpty {
            if backlog.isEmpty { context.setTimer(.replicate, after: config.replicationInterval) }
            backlog.append(op)
        } else {
            offset += 1
        }
    }

    mutating func apply(_ op: ReplicationOp) {
        switch op {
        case .set(let k, let v): store[k] = v
        case .del(let k): store[k] = nil
        }
    }

    /// What this node tells the others in every PING and PONG.
    var header: GossipHeader {
        GossipHeader(master: master, currentEpoch: currentEpoch, configEpoch: configEpoch, slotsVersion: slotsVersion,
                     slots: ownSlots, offset: offset + backlog.count)
    }
}
