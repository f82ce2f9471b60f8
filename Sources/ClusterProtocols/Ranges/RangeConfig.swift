import ClusterSim

/// Per-run parameters of the range store: its Raft groups, how the keyspace
/// starts out split, the transaction coordinators' timers and the clients.
public struct RangeConfig: Sendable, Hashable {
    public var raft = RaftConfig()
    /// Keys are `k0`…`k(keys-1)`.
    public var keys = 6
    /// How many ranges the keyspace starts in (equal spans of keys).
    public var ranges = 2
    /// Replicas per range (a Raft group on that many servers).
    public var replicas = 3
    /// A leader splits its range in two once it holds this many appended
    /// values; 0 splits only on a typed `split KEY`.
    public var splitSize = 0
    /// A server's clock tick: its hybrid clock advances by this much, and coordinators heartbeat on it.
    public var tick: Int64 = 50_000
    /// How often a coordinator heartbeats the records of its open transactions.
    public var heartbeat: Int64 = 100_000
    /// A PENDING record not heartbeated for this long may be aborted by anyone who pushes it.
    public var expiry: Int64 = 500_000
    /// A coordinator resends a request unanswered after this long (to the next replica).
    public var requestTimeout: Int64 = 150_000
    /// A pusher that must wait retries after this long.
    public var pushBackoff: Int64 = 30_000
    /// Attempts (a restart is a new attempt) before a transaction is given up as failed.
    public var attempts = 12
    public var workload = RangeWorkload()
    /// Deliberate bugs, for proving the checker can fail. Empty in normal runs.
    public var mutations: Set<RangeMutation> = []

    public init() {}

    func has(_ m: RangeMutation) -> Bool { !mutations.isEmpty && mutations.contains(m) }
}

/// What the clients do: closed loop, each sends its next list-append
/// transaction to a gateway server when the previous one completes.
public struct RangeWorkload: Sendable, Hashable {
    /// Transactions per client; 0 leaves the clients idle. The default keeps a sandbox busy.
    public var txns = 500
    /// Micro-ops per transaction: 1…this many, each a read or an append of a random key.
    public var maxOps = 4
    /// A transaction not answered in this long completes as `info` and the
    /// client carries on as a new process at another gateway.
    public var timeout: Int64 = 3_000_000
    /// Rest between transactions.
    public var think: Int64 = 50_000
    /// A scripted first transaction for client c1 (`append k0 1, read k3`), before its random ones.
    public var script: [CrdbMicroOp] = []

    public init() {}
}

/// Deliberate bugs that the transaction checker must catch.
public enum RangeMutation: String, Sendable, Hashable, CaseIterable {
    /// A read returns the committed value under another transaction's intent
    /// instead of finding out whether that transaction committed.
    case readIgnoresIntents = "read_ignores_intents"
    /// Reads leave no timestamp cache, so a later write may land below a read that missed it.
    case noTimestampCache = "no_timestamp_cache"
}
