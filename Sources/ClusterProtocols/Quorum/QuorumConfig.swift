import ClusterSim

/// How many of a key's N replicas must answer before the coordinator answers
/// the client (Cassandra's consistency levels).
public enum ConsistencyLevel: String, Sendable, Hashable, CaseIterable {
    case one, quorum, all

    /// Replies needed out of `n` replicas.
    public func required(of n: Int) -> Int {
        switch self {
        case .one: return min(1, n)
        case .quorum: return n / 2 + 1
        case .all: return n
        }
    }
}

/// The clients' closed-loop workload: reads and writes of a few keys.
public struct QuorumWorkload: Sendable, Hashable {
    public var opsPerClient = 20
    public var keys = 2
    public var readWeight = 1
    public var writeWeight = 1
    /// A client that hears nothing this long records `info` (a write) or `fail` (a read).
    public var timeout: Int64 = 500_000
    public init() {}
}

public struct QuorumConfig: Sendable, Hashable {
    /// N: how many servers hold each key.
    public var replicationFactor = 3
    public var readConsistency = ConsistencyLevel.quorum
    public var writeConsistency = ConsistencyLevel.quorum
    /// Before writing, the coordinator reads the key's stamp from R replicas
    /// and stamps the write later than any it saw. With R + W > N this orders
    /// a write after every write that completed before it began, even one
    /// coordinated by a server that has not heard of it yet; without it, two
    /// coordinators' Lamport clocks can order writes against real time and
    /// last-write-wins silently drops the later one.
    public var stampRead = true
    /// A coordinator that lacks the replies it needs after this long answers `unavailable`.
    public var coordinatorTimeout: Int64 = 200_000
    public var workload = QuorumWorkload()
    public init() {}
}
