import ClusterSim

/// A Multi-Paxos server's role: every server is an acceptor and a learner;
/// one at a time, it hopes, is the distinguished proposer (the leader).
public enum MultiPaxosRole: String, Sendable, Hashable {
    case follower
    /// Running phase 1 with its own ballot.
    case candidate
    /// Phase 1 done for every slot from some index on: proposes with phase 2 only.
    case leader
}

/// What an acceptor persists before it answers: the highest ballot it
/// promised and, per slot, the value it accepted last (Paxos Made Simple
/// §2.2: an acceptor "must remember this information even if it fails and
/// then restarts"). Slot `s` is `accepted[s - 1]`.
public struct MultiPaxosDurable: Sendable, Hashable {
    public var promised: Ballot
    /// A two-level tree, so a persisted copy does not make the next accept copy every slot.
    public var accepted: SlotArray<AcceptedValue?>
}

/// The effects a Multi-Paxos handler collects.
public typealias MultiPaxosContext = NodeContext<MultiPaxosProcess>

/// One Multi-Paxos server — acceptor, learner, replica of a key-value store
/// and, when elected, leader: a pure state machine like `RaftServer`.
///
/// The rules live in extensions, one file per concern: phase 1 and leader
/// election, phase 2 and learning, clients, and the interface's summary.
public struct MultiPaxosServer: Sendable {
    public let id: NodeID
    public let config: MultiPaxosConfig
    public let serverCount: Int

    // Acceptor state, persisted through `persist` before any reply leaves.
    public internal(set) var promised = Ballot.zero
    public internal(set) var accepted = SlotArray<AcceptedValue?>()

    // Learner and replica state (volatile: relearned from the leader after a crash).
    /// The decided command of each slot learned so far (`decided[s - 1]`).
    public internal(set) var decided = SlotArray<RaftCommand?>()
    /// Every slot through this one is decided and executed, in slot order.
    public internal(set) var commitIndex = 0
    /// How many of the slots learned so far hold a no-op (a gap a leader filled).
    public internal(set) var decidedNoops = 0
    public internal(set) var store = KVStore()

    // Proposer state.
    public internal(set) var role: MultiPaxosRole = .follower
    /// This server's ballot as candidate or leader.
    public internal(set) var ballot = Ballot.zero
    /// The leader it follows (or itself), if known.
    public internal(set) var leader: NodeID?
    /// The first slot phase 1 covered (leader and candidate).
    public internal(set) var phaseOneFrom = 1
    /// The next slot the leader gives a new command.
    public internal(set) var nextSlot = 1
    /// Candidate: the servers that promised, and the highest-ballot value each slot reported.
    var promisedBy: Set<Int> = []
    var adopted: [Int: AcceptedValue] = [:]
    /// Leader: which acceptors accepted each undecided slot in this ballot (a bit per server).
    var acks: [Int: UInt64] = [:]
    /// Client requests waiting for their slot to be decided, by slot.
    var pending: [Int: RaftServer.PendingRequest] = [:]

    /// Slots this server's acceptor wrote, and slots it learned, in the current handler (for the checkers).
    public internal(set) var acceptedNow: [Int] = []
    public internal(set) var decidedNow: [Int] = []

    /// A server starting for the first time (`durable == nil`) or after a crash.
    public init(id: NodeID, serverCount: Int, config: MultiPaxosConfig, durable: MultiPaxosDurable? = nil) {
        self.id = id; self.config = config; self.serverCount = serverCount
        if let d = durable { promised = d.promised; accepted = d.accepted }
    }

    /// The durable state as it stands.
    public var durable: MultiPaxosDurable {
        MultiPaxosDurable(promised: config.has(.forgetPromiseAfterCrash) ? .zero : promised, accepted: accepted)
    }

    func persist(_ context: inout MultiPaxosContext) { context.persist(durable) }

    /// How many servers make a quorum: a majority (half, with `count-minority`).
    var quorum: Int { config.has(.countMinority) ? max(1, serverCount / 2) : serverCount / 2 + 1 }
    var peers: [NodeID] { (0..<serverCount).filter { $0 != id.index }.map(NodeID.init) }

    /// The value accepted in `slot`, if any.
    public func acceptedValue(_ slot: Int) -> AcceptedValue? { slot >= 1 && slot <= accepted.count ? accepted[slot - 1] : nil }
    /// The command decided in `slot`, if learned.
    public func decidedCommand(_ slot: Int) -> RaftCommand? { slot >= 1 && slot <= decided.count ? decided[slot - 1] : nil }
    /// The highest slot with an accepted value.
    public var lastAcceptedSlot: Int { accepted.count }

    // MARK: Handlers

    public mutating func start(_ context: inout MultiPaxosContext) {
        beginHandler()
        if promised != .zero || !accepted.isEmpty {
            context.log("restarted: promised \(promised), \(accepted.count) slot(s) of accepted values")
        }
        resetElectionTimer(&context)
    }

    public mutating func receive(_ message: MultiPaxosMessage, from: NodeID, _ context: inout MultiPaxosContext) {
        beginHandler()
        switch message {
        case let .prepare(b, fromSlot): prepare(b, fromSlot: fromSlot, from: from, &context)
        case let .promise(b, granted, values): promise(b, granted: granted, values: values, from: from, &context)
        case let .accept(b, slot, command, commit): accept(b, slot: slot, command: command, commit: commit, from: from, &context)
        case let .accepted(b, slot, ok): acceptedReply(b, slot: slot, ok: ok, from: from, &context)
        case let .heartbeat(b, commit): heartbeat(b, commit: commit, from: from, &context)
        case let .rejected(b): observeHigherBallot(b, &context)
        case let .catchUp(fromSlot): catchUp(fromSlot: fromSlot, from: from, &context)
        case let .decisions(fromSlot, commands): learnDecisions(fromSlot: fromSlot, commands, &context)
        case .client(.clientRequest(let request, let op)): clientRequest(op, request: request, from: from, &context)
        case .client: break
        }
    }

    public mutating func timerFired(_ tag: MultiPaxosTimer, _ context: inout MultiPaxosContext) {
        beginHandler()
        switch tag {
        case .election: startPhaseOne(&context)
        case .heartbeat: sendHeartbeats(&context)
        case .client: break
        }
    }

    mutating func beginHandler() {
        if !acceptedNow.isEmpty { acceptedNow.removeAll(keepingCapacity: true) }
        if !decidedNow.isEmpty { decidedNow.removeAll(keepingCapacity: true) }
    }

    /// The acceptor's write: `value` accepted in `slot` (the caller persists).
    mutating func store(_ value: AcceptedValue, at slot: Int) {
        while accepted.count < slot { accepted.append(nil) }
        accepted[slot - 1] = value
        acceptedNow.append(slot)
    }

    /// A ballot above ours seen in a reply or refusal: promise nothing new,
    /// but stop leading or campaigning, and remember it so our next ballot is higher.
    mutating func observeHigherBallot(_ b: Ballot, _ context: inout MultiPaxosContext) {
        guard b > promised else { return }
        promised = b
        persist(&context)
        becomeFollower(leader: nil, &context)
    }

    /// Steps down (or stays) a follower of `leader`.
    mutating func becomeFollower(leader: NodeID?, _ context: inout MultiPaxosContext) {
        let was = role
        role = .follower
        self.leader = leader
        if was == .leader {
            context.cancelTimer(.heartbeat)
            abandonClientRequests(&context)
        }
        if was != .follower { context.stateChanged("follower, promised \(promised)") }
        resetElectionTimer(&context)
    }

    mutating func resetElectionTimer(_ context: inout MultiPaxosContext) {
        context.setTimer(.election, after: config.electionTimeout, jitter: config.electionJitter)
    }

    func name(_ n: NodeID) -> String { n.index < serverCount ? "n\(n.index + 1)" : "c\(n.index - serverCount + 1)" }
}
