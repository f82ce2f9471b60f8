import ClusterSim

/// The effects a range-store handler collects (`RangeProcess` is the engine's node type).
public typealias RangeContext = NodeContext<RangeProcess>

/// What a server keeps across a crash: its replicas' Raft states, and a
/// restart count that keeps the ids it hands out after a restart fresh.
public struct RangeNodeDurable: Sendable, Hashable {
    public var epoch: Int
    public var replicas: [Int: RangeReplicaDurable]
}

/// One server of the range store: a replica of each range placed on it (each
/// a Raft group member), and a gateway that coordinates its clients'
/// transactions (`RangeServer+Coordinator.swift`).
public struct RangeServer: Sendable {
    public let id: NodeID
    let layout: ClusterLayout
    let config: RangeConfig
    /// The replicas this server holds, by range (a range is named by its first key).
    public internal(set) var replicas: [Int: RangeReplica] = [:]
    /// A hybrid clock: advanced by ticks, and to any larger clock a message carries.
    public internal(set) var clock: Int64 = 0
    /// Restarts so far: part of every transaction and request id handed out.
    var epoch = 0

    // The gateway's state (volatile: lost in a crash, as a coordinator's is).
    /// The ranges as this gateway knows them (corrected by range-mismatch answers), by first key.
    var directory: [Int: RangeDescriptor]
    /// The leader of each range, as far as this gateway knows.
    var leaders: [Int: NodeID] = [:]
    /// Transactions this gateway coordinates, by slot.
    public internal(set) var txns: [Int: CrdbTxn] = [:]
    /// Outstanding requests, by id: the slot of their transaction.
    var requests: [Int: Int] = [:]
    var counter = 0
    /// The outcome of the last transaction typed at this server (`committed k1=[10]`).
    public internal(set) var lastTxn = "—"

    public init(id: NodeID, layout: ClusterLayout, config: RangeConfig, durable: RangeNodeDurable?) {
        self.id = id; self.layout = layout; self.config = config
        let initial = RangeLayout.initial(config, servers: layout.serverCount)
        directory = Dictionary(uniqueKeysWithValues: initial.map { ($0.id, $0) })
        epoch = (durable?.epoch ?? -1) + 1
        for (rid, d) in durable?.replicas ?? [:] {
            replicas[rid] = RangeReplica(base: d.base, on: id, config: config.raft, durable: d.raft)
        }
        for span in initial where span.replicas.contains(id) && replicas[span.id] == nil {
            replicas[span.id] = RangeReplica(base: RangeData(span: span), on: id, config: config.raft, durable: nil)
        }
    }

    var durable: RangeNodeDurable {
        RangeNodeDurable(epoch: epoch, replicas: replicas.mapValues(\.durable))
    }

    /// The ranges this server leads, in key order.
    public var led: [RangeReplica] { replicas.values.filter(\.isLeader).sorted { $0.id < $1.id } }

    // MARK: Handlers

    public mutating func start(_ context: inout RangeContext) {
        context.persist(durable)
        for rid in replicas.keys.sorted() { withReplica(rid, &context) { r, c in r.raft.start(&c) } }
        context.setTimer(.tick, after: config.tick)
    }

    public mutating func receive(_ message: RangeMessage, from: NodeID, _ context: inout RangeContext) {
        switch message {
        case .raft(let rid, let m):
            // A range this server does not hold yet (its split not applied here): Raft will resend.
            guard let local = replicas[rid]?.local(from) else { return }
            withReplica(rid, &context) { r, c in r.raft.receive(m, from: local, &c) }
        case .request(let request, let rid, let command, let clock):
            observe(clock)
            serve(command, range: rid, request: request, from: from, &context)
        case .reply(let request, let reply, let clock):
            observe(clock)
            coordinatorReply(request, reply, from: from, &context)
        case .txn(let request, let ops):
            begin(ops, client: from, request: request, &context)
        case .txnReply:
            break
        }
    }

    public mutating func timerFired(_ tag: RangeTimer, _ context: inout RangeContext) {
        switch tag {
        case .raft(let rid, let t):
            guard replicas[rid] != nil else { return }
            withReplica(rid, &context) { r, c in r.raft.timerFired(t, &c) }
        case .tick:
            clock += config.tick
            context.setTimer(.tick, after: config.tick)
            heartbeatRecords(&context)
            splitIfLarge(&context)
        case .retry(let slot):
            retry(slot, &context)
        case .timeout, .think:
            break
        }
    }

    mutating func observe(_ other: Int64) { clock = max(clock, other) }

    /// A coordinator's command: the range's leader puts it in the log and answers once it applies.
    mutating func serve(_ command: RangeCommand, range rid: Int, request: Int, from gateway: NodeID, _ context: inout RangeContext) {
        guard let r = replicas[rid] else { return answer(gateway, request, .notLeader(nil), &context) }
        guard r.isLeader else { return answer(gateway, request, .notLeader(r.leader), &context) }
        guard r.data.span.contains(command.routingKey) else {
            return answer(gateway, request, .mismatch(replicas.values.map(\.data.span).sorted { $0.start < $1.start }), &context)
        }
        withReplica(rid, &context) { r, c in r.propose(command, gateway: gateway, request: request, &c) }
    }

    func answer(_ gateway: NodeID, _ request: Int, _ reply: RangeReply, _ context: inout RangeContext) {
        context.send(.reply(id: request, reply, clock: clock), to: gateway)
    }

    /// Splits every range this server leads that has grown past the threshold, at its middle key.
    mutating func splitIfLarge(_ context: inout RangeContext) {
        guard config.splitSize > 0 else { return }
        for r in led where r.data.size >= config.splitSize && r.data.span.end - r.data.span.start >= 2 {
            let at = (r.data.span.start + r.data.span.end) / 2
            context.log("r\(r.id) holds \(r.data.size) values (split size \(config.splitSize)): splitting at k\(at)")
            withReplica(r.id, &context) { r, c in r.propose(.split(at: at), gateway: nil, request: 0, &c) }
        }
    }

    // MARK: Running the Raft groups inside

    /// Runs one replica's Raft handler with a context of its own, applies what
    /// it committed, then passes its effects on: messages tagged with the range
    /// and sent to the real servers, timers tagged, answers sent to gateways.
    mutating func withReplica(_ rid: Int, _ context: inout RangeContext, _ body: (inout RangeReplica, inout RaftContext) -> Void) {
        guard var replica = replicas[rid] else { return }
        let wasLeader = replica.isLeader
        var inner = RaftContext(id: replica.raft.id, layout: ClusterLayout(servers: replica.replicas.count, clients: 0))
        body(&replica, &inner)
        let (answers, splits) = replica.applyCommitted(config: config)
        replicas[rid] = replica
        for s in inner.sends {
            if case .clientReply = s.message { continue }  // answers to this server's own proposals
            context.send(.raft(range: rid, s.message), to: replica.replicas[s.to.index])
        }
        for t in inner.timersSet { context.setTimer(.raft(range: rid, t.tag), after: t.delay, jitter: t.jitter) }
        for t in inner.timersCancelled { context.cancelTimer(.raft(range: rid, t)) }
        for note in inner.stateChanges { context.stateChanged("r\(rid) \(note)") }
        if replica.isLeader, !wasLeader { context.log("leads r\(rid) \(replica.data.span) in term \(replica.raft.currentTerm)") }
        var created = false
        for right in splits where replicas[right.span.id] == nil {
            context.log("r\(rid) split at k\(right.span.start): r\(right.span.id) \(right.span) created on this server")
            replicas[right.span.id] = RangeReplica(base: right, on: id, config: config.raft, durable: nil)
            directory[right.span.id] = right.span
            directory[rid] = replica.data.span
            withReplica(right.span.id, &context) { r, c in r.raft.start(&c) }
            created = true
        }
        let spans = replicas.values.map(\.data.span).sorted { $0.start < $1.start }
        for (w, reply) in answers {
            // A command that found its key split away learns every range this server holds.
            if case .mismatch = reply { answer(w.gateway, w.request, .mismatch(spans), &context) } else { answer(w.gateway, w.request, reply, &context) }
        }
        if inner.persisted != nil || created { context.persist(durable) }
    }
}

/// Where the ranges start: the keys cut into `ranges` equal spans, range `i`
/// on `replicas` consecutive servers from server `i`.
enum RangeLayout {
    static func initial(_ config: RangeConfig, servers: Int) -> [RangeDescriptor] {
        let n = max(1, min(config.ranges, config.keys))
        let per = max(1, config.replicas > servers ? servers : config.replicas)
        return (0..<n).map { i in
            let start = i * config.keys / n, end = (i + 1) * config.keys / n
            return RangeDescriptor(start: start, end: end, replicas: (0..<per).map { NodeID((i + $0) % servers) })
        }
    }
}
