import ClusterSim

/// A real distributed system ClusterLab runs on this machine (etcd, Redis
/// Cluster, HAProxy, ZooKeeper): how each node is started, how the cluster
/// is formed once its processes run, how a node's state is read, what its
/// clients do, and how their history is checked. The runner
/// (`RealClusterRunner`) owns the processes, the network namespaces and the
/// record; a system only says what is particular to it.
///
/// Everything here is called from the runner's threads with bounded waits:
/// no call may block longer than the timeouts it is given.
public protocol RealSystem: AnyObject {
    /// The name `clusterlab real NAME` takes (`etcd`).
    var name: String { get }
    /// How many server processes the cluster has (node `i` is `n(i+1)`).
    var nodeCount: Int { get }
    /// How many client workers run the workload.
    var clientCount: Int { get }
    /// What server `i` runs, given every server's address and its own data
    /// directory (which survives a restart of the node within the run).
    func launch(node i: Int, addresses: [String], dataDir: String) -> RealNodeLaunch
    /// Forms the cluster once every server process has started (Redis: meet,
    /// assign slots, attach replicas). Throws a readable message on failure.
    func bootstrap(addresses: [String], connect: RealConnect, log: (String) -> Void) throws
    /// Reads server `i`'s state now (bounded by the connect and I/O
    /// timeouts); nil when it does not answer.
    func poll(node i: Int, addresses: [String], connect: RealConnect) -> RealNodeView?
    /// Whether the cluster can serve clients (a leader, every slot covered).
    func isReady(_ views: [RealNodeView?]) -> Bool
    /// Client `index`'s worker (its randomness from `seed`).
    func makeClient(index: Int, addresses: [String], connect: @escaping RealConnect, seed: UInt64) -> RealClient
    /// Checks the recorded history once the workload has ended (and the
    /// network healed): `finalRead` may read the cluster's final state.
    func check(history: [HistoryOperation], addresses: [String], connect: RealConnect) -> RealVerdict
}

/// One client worker: a loop of operations, each invoked then completed.
public protocol RealClient: AnyObject {
    /// The next operation to invoke (`type == .invoke`, `process` = the client's index).
    func nextOperation() -> HistoryOperation
    /// Performs `invoke` against the cluster (blocking, bounded by the
    /// timeouts) and returns its completion: `ok`, `fail` (it certainly did
    /// not happen) or `info` (unknown: a timeout, a lost connection).
    func perform(_ invoke: HistoryOperation) -> HistoryOperation
    /// Closes the client's connections.
    func close()
}

/// What a server's state looks like now, as the interface and the labs'
/// predicates read it (`role(n1)`, `term(n1)`, `leader`, a field by name).
public struct RealNodeView: Sendable, Hashable {
    /// `leader`, `follower`, `candidate`, `master`, `replica`, `backend`, …
    public var role: String
    /// Raft's term, ZooKeeper's epoch, Redis's config epoch; nil where none.
    public var term: Int?
    /// The node this one names as leader (`n2`), when it says.
    public var leader: String?
    /// Short fields for the node box and the predicates (`commit`, `applied`, `slots`, `zxid`).
    public var fields: [NodeSummary.Field]
    /// Longer lines for the inspector (the raw status).
    public var details: [String]
    public init(role: String, term: Int? = nil, leader: String? = nil,
                fields: [NodeSummary.Field] = [], details: [String] = []) {
        self.role = role; self.term = term; self.leader = leader; self.fields = fields; self.details = details
    }
}

/// How to start one server process.
public struct RealNodeLaunch: Sendable, Hashable {
    /// A path or a name looked up on PATH (`etcd`, `redis-server`).
    public var executable: String
    public var arguments: [String]
    /// Added to a small clean environment (PATH, HOME, LANG).
    public var environment: [String: String]
    /// Files written before the process starts, relative to its data
    /// directory (a `zoo.cfg`, a `myid`), with their contents.
    public var files: [String: String]
    public init(executable: String, arguments: [String], environment: [String: String] = [:], files: [String: String] = [:]) {
        self.executable = executable; self.arguments = arguments; self.environment = environment; self.files = files
    }
}

/// A checker's verdict on a real run, its first word as `lincheck` prints
/// it (`linearizable`, `not linearizable`, `valid`, `invalid`).
public struct RealVerdict: Sendable, Hashable {
    public var word: String
    /// True for a verdict that exits 0.
    public var passed: Bool
    /// What the checker found, a line each (the anomalies, the metrics).
    public var lines: [String]
    public init(word: String, passed: Bool, lines: [String] = []) {
        self.word = word; self.passed = passed; self.lines = lines
    }
}

/// Opens a TCP connection to `host:port` from wherever the runner says
/// clients live (a network namespace of the run, or loopback in tests),
/// with `timeoutMs` for the connect and for every read and write after it.
public typealias RealConnect = @Sendable (_ host: String, _ port: UInt16, _ timeoutMs: Int) throws -> TCPConnection
