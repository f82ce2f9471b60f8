import ClusterSim

/// A Raft server's role (§5.1), plus the pre-candidate of PreVote (§9.6).
public enum RaftRole: String, Sendable, Hashable {
    case follower
    case preCandidate = "pre-candidate"
    case candidate
    case leader
}

/// What a server persists before it answers anyone: Figure 2's persistent
/// state, plus the snapshot the log's compacted prefix became (§7).
public struct RaftDurable: Sendable, Hashable {
    public var currentTerm: Int
    public var votedFor: NodeID?
    public var log: RaftLog
    /// The state machine as of `log.snapshotIndex`.
    public var snapshot: KVStore

    public init(currentTerm: Int, votedFor: NodeID?, log: RaftLog, snapshot: KVStore = KVStore()) {
        self.currentTerm = currentTerm; self.votedFor = votedFor; self.log = log; self.snapshot = snapshot
    }
}

/// The effects a Raft handler collects (`RaftProcess` is the engine's node type).
public typealias RaftContext = NodeContext<RaftProcess>

/// One Raft server replicating a key-value store: a pure state machine.
///
/// Handlers take a message or a timer and a context, change the server's
/// state and put everything else (sends, timers, durable writes) in the
/// context. The rules live in extensions, one file per concern: elections,
/// replication, snapshots, clients, and the interface's summary.
public struct RaftServer: Sendable {
    public let id: NodeID
    public let config: RaftConfig
    public let serverCount: Int

    // Persistent state (Figure 2), written through `persist` before replying.
    public internal(set) var currentTerm = 0
    public internal(set) var votedFor: NodeID?
    public internal(set) var log = RaftLog()
    /// The state machine as of `log.snapshotIndex`.
    public internal(set) var snapshot = KVStore()

    // Volatile state.
    public internal(set) var role: RaftRole = .follower
    /// The leader of the current term, if known.
    public internal(set) var leader: NodeID?
    public internal(set) var commitIndex = 0
    public internal(set) var lastApplied = 0
    public internal(set) var store = KVStore()
    /// Votes (or pre-votes) received in the current election, self included.
    public internal(set) var votes: Set<NodeID> = []

    // Leader state, reinitialised after each election.
    public internal(set) var nextIndex: [Int]
    public internal(set) var matchIndex: [Int]
    /// Followers heard from since the last quorum check (CheckQuorum).
    var recentlyActive: [Bool]
    /// Heartbeat rounds: the latest sent, and the latest each follower answered (ReadIndex).
    var round = 0
    var ackedRound: [Int]
    /// Client operations in the log awaiting commit, by log index.
    var pending: [Int: PendingRequest] = [:]
    /// Reads waiting for a heartbeat round and for the state machine to catch up.
    var pendingReads: [PendingRead] = []

    struct PendingRequest: Sendable, Hashable {
        var client: NodeID
        var request: Int
    }

    struct PendingRead: Sendable, Hashable {
        var client: NodeID
        var request: Int
        var key: String
        var readIndex: Int
        var round: Int
    }

    /// A server starting for the first time (`durable == nil`) or after a crash.
    public init(id: NodeID, serverCount: Int, config: RaftConfig, durable: RaftDurable? = nil) {
        self.id = id; self.config = config; self.serverCount = serverCount
        nextIndex = .init(repeating: 1, count: serverCount)
        matchIndex = .init(repeating: 0, count: serverCount)
        recentlyActive = .init(repeating: false, count: serverCount)
        ackedRound = .init(repeating: 0, count: serverCount)
        if let d = durable {
            currentTerm = d.currentTerm; votedFor = d.votedFor
            log = d.log; snapshot = d.snapshot; store = d.snapshot
            commitIndex = log.snapshotIndex; lastApplied = log.snapshotIndex
            log.reloaded()
        }
    }

    /// The durable state as it stands.
    public var durable: RaftDurable {
        RaftDurable(currentTerm: currentTerm, votedFor: config.has(.forgetToPersistVote) ? nil : votedFor,
                    log: log, snapshot: snapshot)
    }

    /// Declares the current persistent state; the engine stores it with the
    /// handler's effects, before any message leaves.
    func persist(_ context: inout RaftContext) { context.persist(durable) }

    func isMajority(_ n: Int) -> Bool { 2 * n > serverCount }
    var peers: [NodeID] { (0..<serverCount).filter { $0 != id.index }.map(NodeID.init) }

    // MARK: Handlers

    public mutating func start(_ context: inout RaftContext) {
        log.beginHandler()
        if currentTerm > 0 || log.lastIndex > 0 {
            context.log("restarted: term \(currentTerm), log through \(log.lastIndex), snapshot through \(log.snapshotIndex)")
        }
        resetElectionTimer(&context)
    }

    public mutating func receive(_ message: RaftMessage, from: NodeID, _ context: inout RaftContext) {
        log.beginHandler()
        if config.has(.resetElectionTimerOnAnyMessage), role != .leader { resetElectionTimer(&context) }
        if case .clientRequest(let request, let op) = message {
            return clientRequest(op, request: request, from: from, &context)
        }
        guard let term = message.term else { return }
        if term > currentTerm, !observeHigherTerm(term, in: message, from: from, &context) { return }
        switch message {
        case let .requestVote(term, lastIndex, lastTerm, preVote):
            requestVote(term: term, lastLogIndex: lastIndex, lastLogTerm: lastTerm, preVote: preVote, from: from, &context)
        case let .requestVoteReply(term, granted, preVote):
            voteReply(term: term, granted: granted, preVote: preVote, from: from, &context)
        case let .appendEntries(term, prevIndex, prevTerm, entries, leaderCommit, round):
            appendEntries(term: term, prevLogIndex: prevIndex, prevLogTerm: prevTerm, entries: entries,
                          leaderCommit: leaderCommit, round: round, from: from, &context)
        case let .appendEntriesReply(term, success, match, conflictTerm, conflictIndex, round):
            appendEntriesReply(term: term, success: success, matchIndex: match, conflictTerm: conflictTerm,
                               conflictIndex: conflictIndex, round: round, from: from, &context)
        case let .installSnapshot(term, index, lastTerm, state):
            installSnapshot(term: term, lastIncludedIndex: index, lastIncludedTerm: lastTerm, state: state,
                            from: from, &context)
        case let .installSnapshotReply(term, match):
            installSnapshotReply(term: term, matchIndex: match, from: from, &context)
        case .clientRequest, .clientReply:
            break
        }
    }

    public mutating func timerFired(_ tag: RaftTimer, _ context: inout RaftContext) {
        log.beginHandler()
        switch tag {
        case .election: electionTimeout(&context)
        case .heartbeat: heartbeat(&context)
        case .quorumCheck: quorumCheck(&context)
        case .requestTimeout, .retry: break
        }
    }

    /// §5.1: a message with a higher term makes this server a follower in
    /// that term. Returns false when the message is to be ignored instead.
    mutating func observeHigherTerm(_ term: Int, in message: RaftMessage, from: NodeID,
                                    _ context: inout RaftContext) -> Bool {
        switch message {
        case .requestVote(_, _, _, let preVote):
            // CheckQuorum's lease: a server that hears from a leader ignores
            // candidates (dissertation §4.2.3), so a partitioned node cannot depose it.
            if config.checkQuorum, leader != nil {
                context.log("ignores \(message.kind) from \(name(from)): a leader is in touch")
                return false
            }
            if preVote { return true }  // a pre-vote changes nobody's term
        case .requestVoteReply(_, true, true):
            return true  // a granted pre-vote carries the term we would stand in
        default:
            break
        }
        if role == .leader, config.has(.leaderIgnoresHigherTerm) {
            currentTerm = term; votedFor = nil
            persist(&context)
            return true
        }
        let isLeaderMessage: Bool
        switch message {
        case .appendEntries, .installSnapshot: isLeaderMessage = true
        default: isLeaderMessage = false
        }
        becomeFollower(term: term, leader: isLeaderMessage ? from : nil, &context)
        return true
    }

    /// Steps down (or stays) a follower in `term`, which is at least the current one.
    mutating func becomeFollower(term: Int, leader: NodeID?, _ context: inout RaftContext) {
        if term > currentTerm {
            currentTerm = term; votedFor = nil
            persist(&context)
        }
        let was = role
        role = .follower
        self.leader = leader
        if was == .leader {
            context.cancelTimer(.heartbeat)
            context.cancelTimer(.quorumCheck)
            abandonClientRequests(&context)
            resetElectionTimer(&context)
        }
        if was != .follower { context.stateChanged("follower t\(currentTerm)") }
    }

    mutating func resetElectionTimer(_ context: inout RaftContext) {
        context.setTimer(.election, after: config.electionTimeout, jitter: config.electionJitter)
    }

    func name(_ n: NodeID) -> String { n.index < serverCount ? "n\(n.index + 1)" : "c\(n.index - serverCount + 1)" }
}
