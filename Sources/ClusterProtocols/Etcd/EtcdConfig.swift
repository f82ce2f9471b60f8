import ClusterSim

/// Per-run parameters of an etcd cluster: Raft's, the lessor's, the clocks',
/// the storage server's and the clients'.
public struct EtcdConfig: Sendable, Hashable {
    public var raft = RaftConfig()
    /// Members of the Raft group (`n1`…); the next server, if any, is the storage server.
    public var members = 3
    /// Whether the storage server rejects writes carrying a token lower than one it has seen.
    public var fencing = true
    /// A member's clock tick (local time): how often the leader's lessor looks for expired leases.
    public var tick: Int64 = 50_000
    /// Each node's clock rate: its local clock runs at virtual time × rate, and
    /// so do its timers (a rate of 2 makes its timeouts fire twice as soon).
    public var clockRates: [Int: Double] = [:]
    public var workload = EtcdWorkload()
    /// Deliberate bugs, for proving the checkers can fail. Empty in normal runs.
    public var mutations: Set<EtcdMutation> = []

    public init() {}

    public func rate(of id: NodeID) -> Double { clockRates[id.index] ?? 1 }
    /// The virtual delay of a timer of `local` microseconds on node `id`'s clock.
    func virtualDelay(_ local: Int64, at id: NodeID) -> Int64 {
        let r = rate(of: id)
        return r == 1 ? local : Int64((Double(local) / r).rounded())
    }
}

/// What the clients do: the first `lockers` take a lock in turn, the next
/// `watchers` watch every key from a revision; any others stay idle.
public struct EtcdWorkload: Sendable, Hashable {
    public var lockers = 0
    public var watchers = 0
    /// Lock rounds per locker (grant, lock, work, write, release); 0: forever.
    public var rounds = 3
    public var ttl: Int64 = 1_000_000
    /// How long a holder works before writing to storage.
    public var work: Int64 = 100_000
    /// Rest between rounds.
    public var think: Int64 = 200_000
    public var prefix = "lock"
    /// Watchers watch every key from just after this revision.
    public var watchFrom = 0
    /// An unanswered request is sent to the next member after this long.
    public var timeout: Int64 = 300_000
    /// An unanswered watch poll moves to the next member after this long.
    public var watchTimeout: Int64 = 1_000_000
}

/// Deliberate bugs that a checker must catch.
public enum EtcdMutation: String, Sendable, Hashable, CaseIterable {
    /// A watcher that moves to another member resumes from its start revision
    /// instead of after the last event it received (the watch checker sees repeats).
    case resumeWatchFromStart = "resume_watch_from_start"
    /// A new leader judges leases by the deadlines it never had: it expires them
    /// at once instead of renewing them (etcd's Promote), so a live client loses its lock.
    case skipLessorPromote = "skip_lessor_promote"
}
