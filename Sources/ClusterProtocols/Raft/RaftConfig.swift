import ClusterSim

/// Per-run parameters of a Raft cluster, shared by servers and clients.
///
/// Times are virtual microseconds. The defaults follow the paper's advice
/// (election timeout 150–300 ms, heartbeats well under it) for links of
/// 1–10 ms.
public struct RaftConfig: Sendable, Hashable {
    /// The election timeout's fixed part; each reset adds a uniform jitter.
    public var electionTimeout: Int64 = 150_000
    /// The largest random extra added to the election timeout (§5.2).
    public var electionJitter: Int64 = 150_000
    public var heartbeatInterval: Int64 = 50_000
    /// The most entries one AppendEntries carries.
    public var maxEntriesPerAppend = 64
    /// A candidate first asks whether it could win, without bumping its term
    /// (dissertation §9.6), so a rejoining node does not disrupt the cluster.
    public var preVote = false
    /// A leader that has not heard from a majority within an election
    /// timeout steps down; followers that hear from a leader ignore votes.
    public var checkQuorum = false
    /// Compact the log into a snapshot once this many applied entries sit
    /// in it; 0 never compacts.
    public var snapshotThreshold = 0
    /// How reads are made linearizable.
    public var readMode: RaftReadMode = .log
    public var workload = RaftWorkload()
    /// Deliberate bugs, for proving the checkers can fail. Empty in normal runs.
    public var mutations: Set<RaftMutation> = []

    public init() {}
}

/// How a leader answers a read linearizably.
public enum RaftReadMode: String, Sendable, Hashable, CaseIterable {
    /// The read goes through the log like a write (simple, one log entry per read).
    case log
    /// The leader notes its commit index, confirms it is still leader with a
    /// heartbeat round, waits until it has applied that far, then answers (§6.4).
    case readIndex
}

/// What the clients do: closed loop, each issues its next operation when
/// the previous one completes.
public struct RaftWorkload: Sendable, Hashable {
    /// Operations each client issues; 0 leaves the clients idle.
    public var opsPerClient = 0
    /// Keys are `k0`…`k(keys-1)`.
    public var keys = 3
    /// Values are drawn from `0..<values` (small, so compare-and-set succeeds sometimes).
    public var values = 5
    /// Relative weights of the operation mix.
    public var readWeight = 2
    public var writeWeight = 2
    public var casWeight = 1
    /// An operation not answered in this long completes as `info` (outcome
    /// unknown) and the client continues under a new process id.
    public var timeout: Int64 = 1_000_000
    /// How long a client waits before trying another server when the one it
    /// asked does not know the leader.
    public var retryBackoff: Int64 = 20_000
    /// The shopping-cart workload instead of random reads and writes (nil: none).
    public var cart: CartWorkload? = nil

    public init() {}
}

/// Deliberate bugs, each switched on from tests to show that some checker
/// catches it. A run with none of them is the real protocol.
public enum RaftMutation: String, Sendable, Hashable, CaseIterable {
    /// Grants a vote to every up-to-date candidate, even after voting in this term.
    case voteTwiceInOneTerm
    /// Grants votes without the §5.4.1 up-to-date check on the candidate's log.
    case skipUpToDateCheck
    /// Commits entries of earlier terms by counting replicas (what §5.4.2 forbids).
    case commitPreviousTermByCounting
    /// On a conflict, overwrites the one entry but keeps the old entries after it.
    case keepConflictingEntries
    /// Persists the term and log but not `votedFor`.
    case forgetToPersistVote
    /// Applies entries as soon as they are in the log, before they commit.
    case applyBeforeCommit
    /// Resets the election timer on every message, clients' included.
    case resetElectionTimerOnAnyMessage
    /// A leader that sees a higher term adopts it but stays leader.
    case leaderIgnoresHigherTerm
    /// A leader answers reads from its own state without going through the
    /// log or confirming it still leads.
    case readFromLocalState
    /// A follower acknowledges entries without persisting them.
    case acknowledgeBeforePersisting
}

extension RaftConfig {
    @inline(__always) func has(_ m: RaftMutation) -> Bool { !mutations.isEmpty && mutations.contains(m) }
}
