import ClusterSim

/// The clients' closed-loop workload: GETs and SETs of `keys` keys named
/// `key:0`, `key:1`, … (their slots are CRC16 of the name, mod 16384).
public struct RedisWorkload: Sendable, Hashable {
    public var opsPerClient = 200
    public var keys = 40
    public var readWeight = 1
    public var writeWeight = 1
    /// A client that hears nothing this long gives up (`fail` for a GET,
    /// `info` for a SET) and forgets which slots that node served.
    public var timeout: Int64 = 300_000
    /// A pause between one reply and the next request.
    public var think: Int64 = 5_000
    /// Redirects (MOVED or ASK) one request may follow before it fails.
    public var maxRedirects = 5
    public init() {}

    public func keyName(_ n: Int) -> String { "key:\(n)" }
}

/// A Redis Cluster: `masters` masters, each with `replicasPerMaster`
/// replicas. Servers n1…nM are the masters; the replicas follow, and replica
/// k (0-based among replicas) replicates master k mod M.
public struct RedisClusterConfig: Sendable, Hashable {
    public var masters = 3
    public var replicasPerMaster = 1
    /// How often each node pings every other node (PING/PONG carry its slots and epochs).
    public var pingInterval: Int64 = 100_000
    /// A master silent this long is failing: its replicas start an election.
    public var nodeTimeout: Int64 = 500_000
    /// Asynchronous replication: a master ships its backlog of writes to its
    /// replicas this often, after it has already answered the clients.
    public var replicationInterval: Int64 = 10_000
    /// A migration moves this many keys per MIGRATE.
    public var migrateBatch = 1
    /// Time between one MIGRATE batch and the next.
    public var migrateInterval: Int64 = 40_000
    /// Redis's `cluster-require-full-coverage`: while some slot's master is
    /// failing, every node refuses queries (CLUSTERDOWN), not just for that slot.
    public var requireFullCoverage = true
    public var workload = RedisWorkload()
    public init() {}

    public var serverCount: Int { masters * (1 + replicasPerMaster) }

    /// The master a server replicates at start, or nil for a master.
    public func initialMaster(of id: NodeID) -> NodeID? {
        id.index < masters ? nil : NodeID((id.index - masters) % masters)
    }

    /// Ticks of silence after which a node is considered failing.
    public var timeoutTicks: Int { max(2, Int((nodeTimeout + pingInterval - 1) / pingInterval)) }
}
