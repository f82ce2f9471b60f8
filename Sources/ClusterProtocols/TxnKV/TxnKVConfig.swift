import ClusterSim

/// The isolation level the server gives every transaction.
public enum TxnKVIsolation: String, Sendable, Hashable, CaseIterable {
    /// Each read sees the latest committed value; writes are buffered and
    /// installed together at commit (no dirty reads, no dirty writes).
    case readCommitted = "read-committed"
    /// Reads see the snapshot taken at begin; of two concurrent writers of a
    /// key the first to commit wins and the other aborts.
    case snapshot
    /// Conflict-serializable, by locking or by validation (`TxnKVConcurrency`).
    case serializable

    /// The model a run at this level promises, as the transaction checker names it.
    public var promisedModel: ConsistencyModel {
        switch self {
        case .readCommitted: .readCommitted
        case .snapshot: .snapshotIsolation
        case .serializable: .serializable
        }
    }
}

/// How a serializable server keeps transactions apart.
public enum TxnKVConcurrency: String, Sendable, Hashable, CaseIterable {
    /// Strict two-phase locking: shared locks to read, exclusive to write, all
    /// held to the end; a cycle in the wait-for graph aborts its youngest member.
    case twoPhaseLocking = "2pl"
    /// Optimistic concurrency control (Kung & Robinson 1981): no locks; at
    /// commit, backward validation aborts a transaction whose reads a
    /// transaction committed since its begin has overwritten.
    case optimistic = "occ"
}

/// What the clients' transactions do.
public enum TxnKVWorkloadKind: String, Sendable, Hashable, CaseIterable {
    /// Transfers between accounts, and audits that read every balance.
    case bank
    /// Doctors on call: each transaction reads every doctor and takes its own
    /// doctor off call if another stays on (or puts it back on).
    case doctors
    /// Random Elle-style transactions of reads and appends to lists.
    case listAppend = "list-append"
}

/// Deliberate bugs, to prove the checkers catch them. None in a real run.
public enum TxnKVMutant: String, Sendable, Hashable, CaseIterable {
    /// Transactions wait for locks forever: a deadlock is never broken.
    case noDeadlockDetection = "no-deadlock-detection"
    /// OCC commits every transaction without validating its reads.
    case occSkipValidation = "occ-skip-validation"
}

/// Per-run settings, shared by the server and the clients. Times are
/// virtual microseconds.
public struct TxnKVConfig: Sendable, Hashable {
    public var isolation: TxnKVIsolation = .serializable
    public var concurrency: TxnKVConcurrency = .twoPhaseLocking
    public var mutant: TxnKVMutant?
    /// The server aborts a transaction still open this long after its begin
    /// (its client may have crashed or been cut off while holding locks).
    public var transactionTimeout: Int64 = 2_000_000
    public var workload = TxnKVWorkload()

    public init() {}

    /// "serializable (2pl)", "snapshot".
    public var levelText: String {
        isolation == .serializable ? "\(isolation.rawValue) (\(concurrency.rawValue))" : isolation.rawValue
    }
    /// "RC", "SI", "SER 2PL", "SER OCC": the level in a node box.
    public var levelShort: String {
        switch isolation {
        case .readCommitted: "RC"
        case .snapshot: "SI"
        case .serializable: "SER \(concurrency.rawValue.uppercased())"
        }
    }
    var locks: Bool { isolation == .serializable && concurrency == .twoPhaseLocking }
    var validates: Bool { isolation == .serializable && concurrency == .optimistic }
}

/// The clients' transactions: closed loop, each begins its next transaction
/// when the previous one ends.
public struct TxnKVWorkload: Sendable, Hashable {
    public var kind: TxnKVWorkloadKind = .bank
    /// Transactions each client runs; 0 leaves the clients idle.
    public var transactionsPerClient = 100
    /// bank: accounts `a0`…, each starting with `initialBalance` (a key never written reads null: the initial balance).
    public var accounts = 3
    public var initialBalance = 100
    /// bank: a transfer moves 1…`maxTransfer`.
    public var maxTransfer = 20
    /// bank: relative weights of transfers and audits (read every account).
    public var transferWeight = 3
    public var auditWeight = 1
    /// doctors: how many doctors; client k looks after doctor k mod `doctors`. Null (never written) is on call.
    public var doctors = 2
    /// list-append: keys `k0`…, and at most this many micro-ops per transaction.
    public var keys = 5
    public var maxOps = 4
    /// A client's pause after each reply before its next request (makes transactions longer, so they overlap more).
    public var think: Int64 = 0
    /// A request not answered in this long ends the transaction: `fail` before
    /// commit was asked (the client sends abort), `info` after.
    public var timeout: Int64 = 1_000_000

    public init() {}

    /// The keys the workload touches, in order.
    public var keyNames: [String] {
        switch kind {
        case .bank: (0..<accounts).map { "a\($0)" }
        case .doctors: (0..<doctors).map(Self.doctorName)
        case .listAppend: (0..<keys).map { "k\($0)" }
        }
    }

    static let names = ["alice", "bob", "carol", "dave", "erin", "frank"]
    static func doctorName(_ i: Int) -> String { i < names.count ? names[i] : "doc\(i)" }
}
