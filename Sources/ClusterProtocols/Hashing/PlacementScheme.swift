/// The partitioning schemes the placement view compares, by the name the
/// command line and the screen use.
public enum PlacementScheme: String, Sendable, Hashable, CaseIterable {
    /// hash(key) mod N: even, but a change of N moves almost every key.
    case modN = "mod-n"
    /// Contiguous key ranges (Bigtable, HBase, CockroachDB): a join splits the biggest range.
    case range
    /// A consistent hashing ring (Dynamo, Cassandra), with V virtual nodes per node.
    case ring
    /// Highest random weight: each key goes to the node with the best score.
    case rendezvous
    /// Jump consistent hash: buckets 0..<N; only the last bucket can leave.
    case jump
    /// Redis Cluster: 16384 slots, handed out in ranges and rebalanced on a change.
    case redisSlots = "redis-slots"
    /// Kafka's default partitioner: murmur2 mod partitions (one partition per node here).
    case kafka

    /// A line for the screen and `--help`.
    public var summary: String {
        switch self {
        case .modN: return "hash mod N"
        case .range: return "key ranges; a join splits the largest"
        case .ring: return "consistent hashing ring"
        case .rendezvous: return "rendezvous (highest random weight)"
        case .jump: return "jump consistent hash"
        case .redisSlots: return "Redis Cluster hash slots"
        case .kafka: return "Kafka partitioner, a partition per node"
        }
    }

    /// The names, for error messages: `mod-n, range, …`.
    public static var names: String { allCases.map(\.rawValue).joined(separator: ", ") }
}
