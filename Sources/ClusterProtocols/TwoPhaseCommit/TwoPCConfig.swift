import ClusterSim

/// Per-run settings of a two-phase-commit cluster, shared by every node.
///
/// Servers n1…nK are the coordinator (K = 1) or its Raft replicas; the rest
/// are participants, each owning some keys. Times are virtual microseconds.
public struct TwoPCConfig: Sendable, Hashable {
    /// How the transaction's decision is kept: one coordinator's log, or a
    /// Raft log replicated over `coordinators` replicas.
    public var coordinator: TwoPCCoordinatorMode = .single
    /// Servers that coordinate: 1 for `single`, the Raft group's size for `raft`.
    public var coordinators = 1
    /// What a prepared participant does when it hears nothing: wait for the
    /// coordinator, or also ask the other participants.
    public var termination: TwoPCTermination = .none
    /// The time a coordinator takes, once every vote is in, to force its
    /// decision to its log: the window in which a crash leaves the
    /// participants prepared and undecided.
    public var decisionDelay: Int64 = 200_000
    /// A transaction whose votes are not all in this long after its Prepare is aborted.
    public var voteTimeout: Int64 = 1_000_000
    /// How often a prepared participant asks what was decided, and a
    /// coordinator resends a decision not yet acknowledged.
    public var retry: Int64 = 300_000
    /// The replicas' Raft settings (`coordinator: raft`).
    public var raft = RaftConfig()
    public var workload = TwoPCWorkload()
    /// A deliberate bug, for proving the invariants can fail; nil in normal runs.
    public var mutant: TwoPCMutant?

    public init() {}

    /// Participants in a cluster of `servers` servers: n(K+1)…
    public func participants(servers: Int) -> [NodeID] { (coordinators..<servers).map(NodeID.init) }

    public func isCoordinator(_ id: NodeID) -> Bool { id.index < coordinators }

    /// The keys `k0`…: key i belongs to participant i mod P.
    public func keyCount(servers: Int) -> Int {
        workload.keys > 0 ? workload.keys : 2 * max(1, servers - coordinators)
    }

    /// The participant that owns `key`, if it is one of this cluster's keys.
    public func owner(of key: String, servers: Int) -> NodeID? {
        guard key.first == "k", let i = Int(key.dropFirst()), i >= 0, i < keyCount(servers: servers),
              "k\(i)" == key else { return nil }
        let p = participants(servers: servers)
        return p.isEmpty ? nil : p[i % p.count]
    }

    /// The keys participant `id` owns.
    public func keys(of id: NodeID, servers: Int) -> [String] {
        (0..<keyCount(servers: servers)).map { "k\($0)" }.filter { owner(of: $0, servers: servers) == id }
    }
}

public enum TwoPCCoordinatorMode: String, Sendable, Hashable, CaseIterable {
    /// One coordinator with a durable log: its crash can block the participants.
    case single
    /// The decision goes through a Raft log replicated over the coordinator
    /// replicas (the replicated coordinator of Gray & Lamport's Paxos Commit,
    /// with Raft in Paxos's place): a new leader finishes the transaction.
    case raft
}

public enum TwoPCTermination: String, Sendable, Hashable, CaseIterable {
    /// A prepared participant asks only the coordinator.
    case none
    /// Cooperative termination: it also asks the other participants; one
    /// that committed, aborted or has not voted yes settles it.
    case cooperative
}

/// What the clients do: closed loop, each submits its next transaction a
/// `think` after the previous one completes.
public struct TwoPCWorkload: Sendable, Hashable {
    /// Transactions per client; 0 leaves the clients idle.
    public var ops = 100
    /// Keys `k0`…; 0 means two per participant.
    public var keys = 0
    /// Participants each transaction writes to (at least 2).
    public var span = 2
    public var think: Int64 = 20_000
    /// A transaction not answered in this long completes as `info`.
    public var timeout: Int64 = 2_000_000

    public init() {}
}

/// Deliberate bugs, each caught by an invariant on a pinned run (TwoPCMutantTests).
public enum TwoPCMutant: String, Sendable, Hashable, CaseIterable {
    /// The coordinator decides commit once half of the participants (rounded up) voted yes.
    case commitOnMajority = "commit-on-majority"
    /// A participant keeps its prepare record in memory only, so a restart forgets it.
    case forgetPrepareOnRestart = "forget-prepare-on-restart"
    /// A prepared participant that asked once and heard nothing aborts on its own.
    case unilateralAbortWhenPrepared = "unilateral-abort-when-prepared"
}
