import ClusterSim

/// The effects a two-phase-commit handler collects.
public typealias TwoPCContext = NodeContext<TwoPCProcess>

/// How a participant's part of a transaction ended.
public enum TwoPCParticipantOutcome: String, Sendable, Hashable {
    case committed
    /// The coordinator (or a participant that knew) said abort.
    case aborted
    /// It voted no: a key was locked by another transaction.
    case votedNo = "voted no"
    /// Asked by a peer before it had voted, it gave up the transaction (and will vote no).
    case abortedUnvoted = "aborted before voting"
    /// Told to commit a transaction it has no prepare record of: its writes are gone.
    case lostPrepare = "aborted: prepare record lost"
    /// The mutant `unilateral-abort-when-prepared`.
    case abortedAlone = "aborted on its own"

    public var isCommit: Bool { self == .committed }
}

/// A participant's prepare record: what it promised to write, and who else takes part.
public struct TwoPCPrepareRecord: Sendable, Hashable {
    public var writes: [TwoPCWrite]
    public var participants: [NodeID]
    public var coordinator: NodeID
}

/// What a participant keeps across a crash: its data, its prepare records
/// (written before it votes yes) and how each transaction ended here.
public struct TwoPCParticipantLog: Sendable, Hashable {
    public var store: [String: Int64] = [:]
    public var prepared: [TwoPCTxnID: TwoPCPrepareRecord] = [:]
    public var outcomes: [TwoPCTxnID: TwoPCParticipantOutcome] = [:]
}

/// One participant: it owns some keys, votes on transactions that write
/// them and, once it has voted yes, waits for the decision holding its locks.
public struct TwoPCParticipant: Sendable {
    public let id: NodeID
    let config: TwoPCConfig
    let layout: ClusterLayout
    public internal(set) var log = TwoPCParticipantLog()
    /// Keys locked by prepared transactions (rebuilt from the prepare records).
    public internal(set) var locks: [String: TwoPCTxnID] = [:]
    /// Prepared transactions it has asked about without an answer: blocked.
    public internal(set) var blocked: Set<TwoPCTxnID> = []
    /// Cooperative termination: the peers that answered `uncertain`, by transaction.
    var uncertainPeers: [TwoPCTxnID: Set<NodeID>] = [:]
    /// Bumped on every change the invariants look at.
    public internal(set) var version = 0

    init(id: NodeID, layout: ClusterLayout, config: TwoPCConfig, durable: TwoPCParticipantLog?) {
        self.id = id; self.layout = layout; self.config = config
        if let d = durable {
            log = d
            for (t, r) in d.prepared { for w in r.writes { locks[w.key] = t } }
        }
    }

    public var prepared: [TwoPCTxnID: TwoPCPrepareRecord] { log.prepared }

    mutating func start(_ context: inout TwoPCContext) {
        guard !log.prepared.isEmpty else { return }
        context.log("restarted with \(log.prepared.count) prepared transaction(s): "
                    + log.prepared.keys.sorted().joined(separator: " ") + "; locks held again, asking for the decision")
        for t in log.prepared.keys.sorted() { context.setTimer(.inquire(t), after: 0) }
    }

    /// Declares the durable state (the mutant keeps no prepare records).
    func persist(_ context: inout TwoPCContext) {
        var d = log
        if config.mutant == .forgetPrepareOnRestart { d.prepared = [:] }
        context.persist(.participant(d))
    }

    mutating func receive(_ message: TwoPCMessage, from: NodeID, _ context: inout TwoPCContext) {
        switch message {
        case let .prepare(t, writes, participants): onPrepare(t, writes, participants, from: from, &context)
        case let .decision(t, commit):
            finish(t, commit ? .committed : .aborted, why: "\(name(from)) decided", &context)
            context.send(.ack(txn: t), to: from)
        case let .peerInquire(t): onPeerInquire(t, from: from, &context)
        case let .peerState(t, state): onPeerState(t, state, from: from, &context)
        default: break
        }
    }

    /// Phase 1: lock the keys, write the prepare record, then vote yes; or vote no.
    mutating func onPrepare(_ t: TwoPCTxnID, _ writes: [TwoPCWrite], _ participants: [NodeID], from: NodeID,
                            _ context: inout TwoPCContext) {
        if let o = log.outcomes[t] { return context.send(.vote(txn: t, yes: o.isCommit), to: from) }
        if log.prepared[t] != nil { return context.send(.vote(txn: t, yes: true), to: from) }
        if let busy = writes.first(where: { locks[$0.key] != nil }) {
            log.outcomes[t] = .votedNo
            version += 1
            persist(&context)
            context.log("\(t): \(busy.key) is locked by \(locks[busy.key]!): votes no")
            return context.send(.vote(txn: t, yes: false), to: from)
        }
        log.prepared[t] = TwoPCPrepareRecord(writes: writes, participants: participants, coordinator: from)
        for w in writes { locks[w.key] = t }
        version += 1
        persist(&context)
        context.log("\(t): prepare record written, \(writes.map(\.key).joined(separator: " ")) locked: votes yes")
        context.send(.vote(txn: t, yes: true), to: from)
        context.setTimer(.inquire(t), after: config.retry)
    }

    /// Ends the transaction here, applying its writes on commit. A decision
    /// for a transaction it never prepared (or already ended) changes nothing,
    /// except that a commit it has no record of means its writes are lost.
    mutating func finish(_ t: TwoPCTxnID, _ outcome: TwoPCParticipantOutcome, why: String, _ context: inout TwoPCContext) {
        guard let record = log.prepared[t] else {
            guard log.outcomes[t] == nil else { return }
            if outcome == .committed {
                log.outcomes[t] = .lostPrepare
                version += 1
                persist(&context)
                context.log("\(t): told to commit, but it has no prepare record: its writes are gone")
            } else {
                log.outcomes[t] = outcome
                version += 1
                persist(&context)
            }
            return
        }
        if outcome == .committed { for w in record.writes { log.store[w.key] = w.value } }
        for w in record.writes where locks[w.key] == t { locks[w.key] = nil }
        log.prepared[t] = nil
        log.outcomes[t] = outcome
        blocked.remove(t); uncertainPeers[t] = nil
        version += 1
        persist(&context)
        context.cancelTimer(.inquire(t))
        context.log("\(t): \(outcome.rawValue) (\(why)); locks released")
        context.stateChanged("\(t) \(outcome.rawValue)")
    }

    /// Still prepared after `retry`: ask the coordinator(s) and, with
    /// cooperative termination, the other participants.
    mutating func inquire(_ t: TwoPCTxnID, _ context: inout TwoPCContext) {
        guard let record = log.prepared[t] else { return }
        if config.mutant == .unilateralAbortWhenPrepared, blocked.contains(t) {
            return finish(t, .abortedAlone, why: "no answer, gave up waiting", &context)
        }
        if blocked.insert(t).inserted {
            context.log("\(t): prepared and undecided; asking " + (config.termination == .cooperative
                        ? "the coordinator and the other participants" : "the coordinator"))
            context.stateChanged("\(t) blocked")
            version += 1
        }
        let coordinators = config.coordinator == .single ? [record.coordinator]
                                                         : (0..<config.coordinators).map(NodeID.init)
        for c in coordinators { context.send(.inquire(txn: t), to: c) }
        if config.termination == .cooperative {
            for p in record.participants where p != id { context.send(.peerInquire(txn: t), to: p) }
        }
        context.setTimer(.inquire(t), after: config.retry)
    }

    /// Cooperative termination, asked side: say what it knows; one that has
    /// not voted gives the transaction up, so that it can say `aborted`.
    mutating func onPeerInquire(_ t: TwoPCTxnID, from: NodeID, _ context: inout TwoPCContext) {
        let state: TwoPCPeerState
        if let o = log.outcomes[t] {
            state = o.isCommit ? .committed : .aborted
        } else if log.prepared[t] != nil {
            state = .uncertain
        } else {
            log.outcomes[t] = .abortedUnvoted
            version += 1
            persist(&context)
            context.log("\(t): asked by \(name(from)) before voting: gives it up (will vote no)")
            state = .aborted
        }
        context.send(.peerState(txn: t, state: state), to: from)
    }

    mutating func onPeerState(_ t: TwoPCTxnID, _ state: TwoPCPeerState, from: NodeID, _ context: inout TwoPCContext) {
        guard let record = log.prepared[t] else { return }
        switch state {
        case .committed: finish(t, .committed, why: "\(name(from)) had committed", &context)
        case .aborted: finish(t, .aborted, why: "\(name(from)) had aborted", &context)
        case .uncertain:
            let others = Set(record.participants).subtracting([id])
            guard uncertainPeers[t, default: []].insert(from).inserted, uncertainPeers[t] == others else { return }
            context.log("\(t): every participant is prepared; none can decide: still blocked")
        }
    }

    func name(_ n: NodeID) -> String { layout.name(n) }
}
