import ClusterSim

/// The effects an etcd handler collects (`EtcdProcess` is the engine's node type).
public typealias EtcdContext = NodeContext<EtcdProcess>

/// One etcd member: a `RaftServer` whose log carries etcd operations, the
/// store those operations build, the leader's lessor and a local clock.
///
/// Composition, not a change to Raft: each handler runs the Raft server with
/// a context of its own, applies what Raft has newly applied to the etcd
/// store, then passes Raft's effects on (its messages wrapped, its timers
/// scaled to this member's clock rate, its replies to clients translated).
public struct EtcdMember: Sendable {
    public let id: NodeID
    let config: EtcdConfig
    let layout: ClusterLayout
    public internal(set) var raft: RaftServer
    public internal(set) var store = EtcdStore()
    /// The last log index applied to `store`.
    public internal(set) var applied = 0
    /// This member's clock: local microseconds, advanced by its ticks.
    public internal(set) var clock: Int64 = 0
    public internal(set) var lessor = Lessor()
    /// The index of this leader's first entry of its term: applying it promotes the lessor.
    var promoteAt: Int?
    /// Watch polls waiting for events, by client.
    var polls: [NodeID: Poll] = [:]

    struct Poll: Sendable, Hashable {
        var request: Int
        var key: String
        var prefix: Bool
        var after: Int
    }

    public init(id: NodeID, layout: ClusterLayout, config: EtcdConfig, durable: RaftDurable?) {
        self.id = id; self.config = config; self.layout = layout
        raft = RaftServer(id: id, serverCount: config.members, config: config.raft, durable: durable)
    }

    public var isLeader: Bool { raft.role == .leader }

    // MARK: Handlers

    public mutating func start(_ context: inout EtcdContext) {
        withRaft(&context) { r, c in r.start(&c) }
        setTimer(.tick, config.tick, &context)
    }

    public mutating func receive(_ message: EtcdMessage, from: NodeID, _ context: inout EtcdContext) {
        switch message {
        case .raft(let m): withRaft(&context) { r, c in r.receive(m, from: from, &c) }
        case .request(let id, let call): request(call, id: id, from: from, &context)
        case .reply, .write, .writeReply: break
        }
    }

    public mutating func timerFired(_ tag: EtcdTimer, _ context: inout EtcdContext) {
        switch tag {
        case .raft(let t): withRaft(&context) { r, c in r.timerFired(t, &c) }
        case .tick:
            clock += config.tick
            setTimer(.tick, config.tick, &context)
            expireLeases(&context)
        default: break
        }
    }

    /// The leader revokes, through the log, every lease its clock says has run out.
    mutating func expireLeases(_ context: inout EtcdContext) {
        guard isLeader else { return }
        for lease in lessor.due(now: clock, retry: config.raft.electionTimeout) {
            context.log("lease \(lease) expired at \(DurationText.format(clock)) on my clock: revoking it")
            propose(.revoke(lease: lease, expired: true), &context)
        }
    }

    mutating func request(_ call: EtcdCall, id request: Int, from client: NodeID, _ context: inout EtcdContext) {
        switch call {
        case .op(let op):
            guard isLeader else { return context.send(.reply(id: request, outcome: .redirect(raft.leader)), to: client) }
            withRaft(&context) { r, c in r.receive(.clientRequest(request: request, op: .read(op.encoded)), from: client, &c) }
        case .keepAlive(let lease):
            guard isLeader else { return context.send(.reply(id: request, outcome: .redirect(raft.leader)), to: client) }
            let ttl = store.leases[lease].flatMap { lessor.renew(lease, ttl: $0.ttl, now: clock) }
            context.send(.reply(id: request, outcome: .alive(ttl: ttl)), to: client)
        case .watch(let key, let prefix, let after):
            polls[client] = Poll(request: request, key: key, prefix: prefix, after: after)
            servePolls(&context)
        }
    }

    /// Puts an operation of this member's own in the log (a typed command, an expired lease).
    mutating func propose(_ op: EtcdOp, _ context: inout EtcdContext) {
        let me = id
        withRaft(&context) { r, c in
            // Like `RaftServer.command`: the index it will take numbers the request.
            r.receive(.clientRequest(request: r.log.lastIndex + 1, op: .read(op.encoded)), from: me, &c)
        }
    }

    /// Answers the polls that have events to report.
    mutating func servePolls(_ context: inout EtcdContext) {
        for (client, p) in polls.sorted(by: { $0.key < $1.key }) {
            let events = store.events(after: p.after, key: p.key, prefix: p.prefix)
            guard !events.isEmpty else { continue }
            context.send(.reply(id: p.request, outcome: .events(events, revision: store.revision)), to: client)
            polls[client] = nil
        }
    }

    // MARK: Running Raft inside

    /// Runs a Raft handler with a context of its own, then applies and passes on what it did.
    mutating func withRaft(_ context: inout EtcdContext, _ body: (inout RaftServer, inout RaftContext) -> Void) {
        let wasLeader = isLeader
        var inner = RaftContext(id: id, layout: ClusterLayout(servers: config.members, clients: layout.count - config.members))
        body(&raft, &inner)
        if isLeader, !wasLeader { promoteAt = raft.log.lastIndex }
        if !isLeader, wasLeader { lessor.demote(); promoteAt = nil }
        applyCommitted(&context)
        if isLeader, !lessor.primary, let p = promoteAt, applied >= p {
            let skip = config.mutations.contains(.skipLessorPromote)
            lessor.promote(store.leases.values.sorted { $0.id < $1.id }.map { var l = $0; if skip { l.ttl = 0 }; return l },
                           now: clock, extend: skip ? -clock : config.raft.electionTimeout)
            if !store.leases.isEmpty {
                context.log("lessor promoted: \(store.leases.count) lease(s) renewed to TTL + \(DurationText.format(config.raft.electionTimeout))")
            }
        }
        pass(inner, &context)
        servePolls(&context)
    }

    /// Applies to the etcd store every entry Raft has applied since the last look.
    mutating func applyCommitted(_ context: inout EtcdContext) {
        if raft.lastApplied < applied { store = EtcdStore(); applied = 0 }  // restarted: replay from the log
        while applied < raft.lastApplied {
            applied += 1
            guard raft.log.contains(applied), case .client(.read(let text), let client, let request) = raft.log[applied].command,
                  let op = EtcdOp(decoding: text) else { continue }
            guard let result = store.apply(op, client: client, request: request) else { continue }
            if client == id { context.log("\(op) → \(result)") }
            switch (op, result) {
            case (.grant, .granted(let lease, let ttl)): lessor.granted(lease, ttl: ttl, now: clock)
            case (.revoke(let lease, _), _): lessor.removed(lease)
            default: break
            }
        }
    }

    /// Passes Raft's effects on: messages wrapped, client replies translated,
    /// timers scaled to this member's clock.
    private func pass(_ inner: RaftContext, _ context: inout EtcdContext) {
        for s in inner.sends {
            if case .clientReply(let request, let outcome) = s.message {
                let reply: EtcdOutcome
                switch outcome {
                case .redirect(let l): reply = .redirect(l)
                case .result(.error(.timeout)): reply = .unknown
                case .result: reply = store.result(of: s.to, request: request).map(EtcdOutcome.result) ?? .unknown
                }
                context.send(.reply(id: request, outcome: reply), to: s.to)
            } else {
                context.send(.raft(s.message), to: s.to)
            }
        }
        for t in inner.timersSet {
            context.setTimer(.raft(t.tag), after: config.virtualDelay(t.delay, at: id),
                             jitter: config.virtualDelay(t.jitter, at: id))
        }
        for t in inner.timersCancelled { context.cancelTimer(.raft(t)) }
        // Raft logs the read that carried an operation typed here; `applyCommitted` logged it readably.
        for line in inner.logLines where !line.hasPrefix("read \(EtcdOp.marker)") { context.log(line) }
        for note in inner.stateChanges { context.stateChanged(note) }
        if let d = inner.persisted { context.persist(.member(d)) }
    }

    func setTimer(_ tag: EtcdTimer, _ local: Int64, _ context: inout EtcdContext) {
        context.setTimer(tag, after: config.virtualDelay(local, at: id))
    }
}
