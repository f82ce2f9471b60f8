import ClusterSim

/// One CP-versus-AP experiment: the same cluster, clients, workload and
/// partition for the Raft store and the quorum store.
///
/// At `partitionAt` the servers split in two: the Raft leader of that moment
/// and `minority − 1` servers after it, against the rest; the quorum store
/// gets the very same groups. At `healAt` the partition heals; the run ends
/// at `end`. Clients issue reads and writes of `keys` keys, one at a time,
/// and give up on an operation after `timeout`.
public struct CapSettings: Sendable, Hashable {
    public var seed: UInt64 = 1
    public var servers = 5
    public var clients = 4
    /// Servers on the Raft leader's side of the partition (1 = the leader alone).
    public var minority = 2
    /// The quorum store's N, R and W.
    public var replicationFactor = 3
    public var readConsistency = ConsistencyLevel.one
    public var writeConsistency = ConsistencyLevel.one
    public var keys = 4
    public var timeout: Int64 = 500_000
    public var partitionAt: Int64 = 1_000_000
    public var healAt: Int64 = 3_000_000
    public var end: Int64 = 5_000_000

    public init() {}

    /// Checks the settings make an experiment: a minority that is one, times in order.
    public func validate() throws {
        func bad(_ message: String) -> SourceError { SourceError(file: "cap", line: 1, column: 1, message: message) }
        guard (3...9).contains(servers) else { throw bad("servers must be 3 to 9, got \(servers)") }
        guard (1...16).contains(clients) else { throw bad("clients must be 1 to 16, got \(clients)") }
        guard minority >= 1, minority * 2 < servers else {
            throw bad("the leader's side must be a minority of \(servers) servers: 1 to \((servers - 1) / 2), got \(minority)")
        }
        guard (1...servers).contains(replicationFactor) else { throw bad("replication factor must be 1 to \(servers)") }
        guard 0 < partitionAt, partitionAt < healAt, healAt < end else { throw bad("need 0 < partition < heal < end") }
    }

    /// The network every run gets.
    static let network = "network: {latency: {uniform: [1ms, 10ms]}}"

    /// The Raft store's scenario: reads and writes with values from a range
    /// large enough that a read's value names its write.
    public var raftScenario: String {
        """
        protocol: raft
        seed: \(seed)
        nodes: \(servers)
        clients: \(clients)
        \(Self.network)
        parameters: {election_timeout: 150ms, election_jitter: 150ms, heartbeat: 50ms}
        workload: {ops: 1000000, keys: \(keys), values: 1000000, read_weight: 1, write_weight: 1, cas_weight: 0, timeout: \(timeout)us}
        """
    }

    /// The quorum store's scenario, with the chosen consistency levels.
    public var quorumScenario: String {
        """
        protocol: quorum
        seed: \(seed)
        nodes: \(servers)
        clients: \(clients)
        \(Self.network)
        parameters: {replication_factor: \(replicationFactor), read_consistency: \(readConsistency.rawValue), write_consistency: \(writeConsistency.rawValue)}
        workload: {ops: 1000000, keys: \(keys), read_weight: 1, write_weight: 1, timeout: \(timeout)us}
        """
    }
}
