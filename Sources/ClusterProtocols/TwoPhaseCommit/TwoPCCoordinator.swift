import ClusterSim

/// A logged decision: commit or abort, and the participants to tell.
public struct TwoPCDecision: Sendable, Hashable {
    public var commit: Bool
    public var participants: [NodeID]
}

/// What a single coordinator keeps across a crash: its decisions (forced
/// before any participant hears them) and the transactions every participant
/// acknowledged. Presumed abort: a transaction it has no decision for is aborted.
public struct TwoPCCoordinatorLog: Sendable, Hashable {
    public var decisions: [TwoPCTxnID: TwoPCDecision] = [:]
    public var ended: Set<TwoPCTxnID> = []
}

/// The coordinator (or, with `coordinator: raft`, one of its replicas):
/// it sends Prepare, collects the votes, decides, logs the decision and then
/// tells the participants. The Raft mode lives in TwoPCCoordinator+Raft.swift.
public struct TwoPCCoordinator: Sendable {
    public let id: NodeID
    let config: TwoPCConfig
    let layout: ClusterLayout
    /// The decisions: this coordinator's log, or what its replica has applied from Raft.
    public internal(set) var log = TwoPCCoordinatorLog()
    /// Transactions collecting votes or being decided (volatile: lost in a crash).
    public internal(set) var active: [TwoPCTxnID: Active] = [:]
    /// Participants that acknowledged each decision not yet ended.
    var acks: [TwoPCTxnID: Set<NodeID>] = [:]
    /// The replica's Raft server (`coordinator: raft`).
    public internal(set) var raft: RaftServer?
    /// The last Raft log index applied to `log`.
    var applied = 0
    /// Aborts this leader has proposed for transactions it knows nothing of.
    var proposedAborts: Set<TwoPCTxnID> = []
    /// Transactions typed here (`submit`), numbered.
    var typed = 0
    public internal(set) var version = 0

    public struct Active: Sendable, Hashable {
        public var client: NodeID?
        public var writes: [NodeID: [TwoPCWrite]]
        public var votes: [NodeID: Bool] = [:]
        /// All votes in: the decision is being forced to the log.
        public var deciding = false
        public var participants: [NodeID] { writes.keys.sorted() }
    }

    init(id: NodeID, layout: ClusterLayout, config: TwoPCConfig, durable: TwoPCDurable?) {
        self.id = id; self.layout = layout; self.config = config
        switch (config.coordinator, durable) {
        case (.single, .coordinator(let d)?): log = d
        case (.raft, .replica(let d)?): raft = RaftServer(id: id, serverCount: config.coordinators, config: config.raft, durable: d)
        case (.raft, _): raft = RaftServer(id: id, serverCount: config.coordinators, config: config.raft)
        default: break
        }
    }

    /// Whether this node may run transactions now: the single coordinator, or the Raft leader.
    public var leads: Bool { raft.map { $0.role == .leader } ?? true }

    mutating func start(_ context: inout TwoPCContext) {
        if raft != nil { return withRaft(&context) { r, c in r.start(&c) } }
        let unfinished = log.decisions.keys.filter { !log.ended.contains($0) }.sorted()
        guard !log.decisions.isEmpty else { return }
        context.log("restarted: \(log.decisions.count) decision(s) in the log; resending "
                    + (unfinished.isEmpty ? "none" : unfinished.joined(separator: " "))
                    + "; any other transaction is presumed aborted")
        for t in unfinished { send(t, &context) }
    }

    mutating func receive(_ message: TwoPCMessage, from: NodeID, _ context: inout TwoPCContext) {
        switch message {
        case let .raft(m): withRaft(&context) { r, c in r.receive(m, from: from, &c) }
        case let .begin(t, writes): begin(t, writes, client: from, &context)
        case let .vote(t, yes): onVote(t, yes, from: from, &context)
        case let .ack(t): onAck(t, from: from, &context)
        case let .inquire(t): onInquire(t, from: from, &context)
        default: break
        }
    }

    mutating func timerFired(_ tag: TwoPCTimer, _ context: inout TwoPCContext) {
        switch tag {
        case .raft(let t): withRaft(&context) { r, c in r.timerFired(t, &c) }
        case .voteTimeout(let t):
            guard let a = active[t], !a.deciding else { return }
            context.log("\(t): votes missing from " + a.participants.filter { a.votes[$0] == nil }.map(name).joined(separator: " ")
                        + ": aborts")
            decide(t, commit: false, &context)
        case .decide(let t):
            guard active[t]?.deciding == true else { return }
            decide(t, commit: true, &context)
        case .resend(let t):
            guard log.decisions[t] != nil, !log.ended.contains(t) else { return }
            send(t, &context)
        default: break
        }
    }

    /// Phase 1: Prepare to every participant the writes touch.
    mutating func begin(_ t: TwoPCTxnID, _ writes: [TwoPCWrite], client: NodeID?, _ context: inout TwoPCContext) {
        if let d = log.decisions[t] {
            if let c = client { context.send(.outcome(txn: t, committed: d.commit), to: c) }
            return
        }
        guard active[t] == nil else { return }
        guard leads else {
            if let c = client { context.send(.redirect(txn: t, leader: raft?.leader), to: c) }
            return
        }
        var byOwner: [NodeID: [TwoPCWrite]] = [:]
        for w in writes {
            guard let o = config.owner(of: w.key, servers: layout.serverCount) else {
                context.log("\(t): no participant owns \(w.key): refused")
                if let c = client { context.send(.outcome(txn: t, committed: false), to: c) }
                return
            }
            byOwner[o, default: []].append(w)
        }
        let a = Active(client: client, writes: byOwner)
        active[t] = a
        version += 1
        context.log("\(t): Prepare to " + a.participants.map(name).joined(separator: " "))
        for p in a.participants { context.send(.prepare(txn: t, writes: byOwner[p]!, participants: a.participants), to: p) }
        context.setTimer(.voteTimeout(t), after: config.voteTimeout)
    }

    mutating func onVote(_ t: TwoPCTxnID, _ yes: Bool, from: NodeID, _ context: inout TwoPCContext) {
        guard var a = active[t], !a.deciding, a.writes[from] != nil else { return }
        a.votes[from] = yes
        active[t] = a
        version += 1
        if !yes { return decide(t, commit: false, &context) }
        let yeses = a.votes.values.filter { $0 }.count
        let needed = config.mutant == .commitOnMajority ? (a.participants.count + 1) / 2 : a.participants.count
        guard yeses >= needed else { return }
        active[t]!.deciding = true
        context.cancelTimer(.voteTimeout(t))
        if config.decisionDelay == 0 { return decide(t, commit: true, &context) }
        context.log("\(t): every vote yes; forcing commit to the log")
        context.setTimer(.decide(t), after: config.decisionDelay)
    }

    /// Phase 2: log the decision durably, then send it. Through Raft, the
    /// decision is sent once its entry is committed and applied.
    mutating func decide(_ t: TwoPCTxnID, commit: Bool, _ context: inout TwoPCContext) {
        guard let a = active[t] else { return }
        context.cancelTimer(.voteTimeout(t))
        if raft != nil {
            active[t]!.deciding = true
            return propose(TwoPCDecisionEntry(txn: t, commit: commit, participants: a.participants), &context)
        }
        active[t] = nil
        log.decisions[t] = TwoPCDecision(commit: commit, participants: a.participants)
        version += 1
        context.persist(.coordinator(log))
        context.log("\(t): \(commit ? "commit" : "abort") logged")
        context.stateChanged("\(t) \(commit ? "commit" : "abort")")
        if let c = a.client { context.send(.outcome(txn: t, committed: commit), to: c) }
        send(t, &context)
    }

    /// Sends the decision to every participant that has not acknowledged it, and again after `retry`.
    func send(_ t: TwoPCTxnID, _ context: inout TwoPCContext) {
        guard let d = log.decisions[t] else { return }
        for p in d.participants where !(acks[t]?.contains(p) ?? false) {
            context.send(.decision(txn: t, commit: d.commit), to: p)
        }
        if raft == nil { context.setTimer(.resend(t), after: config.retry) }
    }

    mutating func onAck(_ t: TwoPCTxnID, from: NodeID, _ context: inout TwoPCContext) {
        guard let d = log.decisions[t], !log.ended.contains(t) else { return }
        acks[t, default: []].insert(from)
        guard Set(d.participants).isSubset(of: acks[t]!) else { return }
        acks[t] = nil
        context.cancelTimer(.resend(t))
        guard raft == nil else { return }
        log.ended.insert(t)
        version += 1
        context.persist(.coordinator(log))
    }

    /// A prepared participant asks: answer from the log; a transaction still
    /// deciding waits; one the log does not know was presumed aborted.
    mutating func onInquire(_ t: TwoPCTxnID, from: NodeID, _ context: inout TwoPCContext) {
        if let d = log.decisions[t] { return context.send(.decision(txn: t, commit: d.commit), to: from) }
        guard active[t] == nil, leads else { return }
        if raft != nil {
            guard proposedAborts.insert(t).inserted else { return }
            context.log("\(t): \(name(from)) asks; no decision in the log: proposing abort")
            return propose(TwoPCDecisionEntry(txn: t, commit: false, participants: [from]), &context)
        }
        log.decisions[t] = TwoPCDecision(commit: false, participants: [from])
        version += 1
        context.persist(.coordinator(log))
        context.log("\(t): \(name(from)) asks; no decision in the log: presumed abort")
        send(t, &context)
    }

    /// `submit k0=1 k1=2`, or `submit` alone for a random transaction across `span` participants.
    mutating func command(_ text: String, _ context: inout TwoPCContext) {
        let words = text.split(separator: " ").map(String.init)
        guard words.first?.lowercased() == "submit" else {
            return context.log("unknown command '\(text)': try submit KEY=VALUE …")
        }
        var writes: [TwoPCWrite] = []
        for w in words.dropFirst() {
            let kv = w.split(separator: "=", omittingEmptySubsequences: false)
            guard kv.count == 2, let v = Int64(kv[1]), config.owner(of: String(kv[0]), servers: layout.serverCount) != nil else {
                return context.log("submit: '\(w)' is not KEY=VALUE with a key k0…k\(config.keyCount(servers: layout.serverCount) - 1)")
            }
            writes.append(TwoPCWrite(String(kv[0]), v))
        }
        typed += 1
        if writes.isEmpty {
            writes = TwoPCClient.randomWrites(config: config, layout: layout, value: Int64(typed), &context)
        }
        guard leads else {
            return context.log("submit: not the leader" + (raft?.leader.map { "; the leader is \(name($0))" } ?? ""))
        }
        begin("\(name(id)).\(context.lamport)", writes, client: nil, &context)
    }

    func name(_ n: NodeID) -> String { layout.name(n) }
}
