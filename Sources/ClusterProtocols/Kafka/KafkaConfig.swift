import ClusterSim

/// Per-run parameters of a Kafka-style cluster, shared by every process.
///
/// n1 is the controller (KRaft's `process.roles=controller`, here a single
/// durable node); n2…nN are brokers; clients are producers, and the last
/// client is a reader when `read_every` is set. Times are virtual microseconds.
public struct KafkaConfig: Sendable, Hashable {
    public var topics = 1
    public var partitionsPerTopic = 3
    /// Replicas per partition (Kafka's `replication.factor`), at most the broker count.
    public var replicationFactor = 3
    /// `acks`: how many replicas must have a record before the producer hears back.
    public var acks: KafkaAcks = .all
    /// `min.insync.replicas`: with acks=all, a write to a partition whose ISR
    /// is smaller than this is refused (NOT_ENOUGH_REPLICAS).
    public var minInsyncReplicas = 2
    /// `replica.lag.time.max.ms`: a follower that has not caught up with the
    /// leader's log end for this long leaves the ISR.
    public var replicaLagTime: Int64 = 300_000
    /// `unclean.leader.election.enable`: with no live ISR member, an
    /// out-of-sync replica may lead (and whatever only the ISR had is lost).
    public var uncleanLeaderElection = false
    /// `enable.idempotence`: producers number their records and leaders drop a retried duplicate.
    public var idempotence = true
    /// How often a follower fetches from its leader when it has caught up,
    /// and the longest a leader holds a fetch with too little to send
    /// (Kafka's `replica.fetch.wait.max.ms`).
    public var fetchInterval: Int64 = 50_000
    /// A leader answers a held fetch as soon as this many records are new
    /// (Kafka's `replica.fetch.min.bytes`, counted in records); until then
    /// the follower lags behind the leader's log end.
    public var fetchMinRecords = 1
    /// Brokers heartbeat the controller this often…
    public var heartbeat: Int64 = 50_000
    /// …and are fenced (their partitions get new leaders) after this long unheard.
    public var sessionTimeout: Int64 = 300_000
    public var workload = KafkaWorkload()
    /// Deliberate bugs, for proving the checkers can fail. Empty in normal runs.
    public var mutations: Set<KafkaMutation> = []

    public init() {}

    public var partitionCount: Int { topics * partitionsPerTopic }
}

/// The producer's `acks` setting.
public enum KafkaAcks: String, Sendable, Hashable, CaseIterable {
    /// The producer does not wait: the outcome is unknown (recorded as `info`).
    case none = "0"
    /// The leader answers once the record is in its own log.
    case leader = "1"
    /// The leader answers once every in-sync replica has it (the high watermark passed it).
    case all
}

/// What the clients do.
public struct KafkaWorkload: Sendable, Hashable {
    /// Records each producer sends; 0 leaves them idle. The default keeps a
    /// sandbox busy for about half a minute of simulated time.
    public var recordsPerProducer = 1000
    /// Record keys are `k0`…`k(keys-1)`, placed by Kafka's murmur2 partitioner.
    public var keys = 8
    /// A producer's pause between one acknowledgement and its next send.
    public var interval: Int64 = 20_000
    /// A producer that hears nothing this long retries the same record (same sequence number).
    public var retryAfter: Int64 = 200_000
    /// `delivery.timeout.ms`: after this long the send completes as `info` (outcome unknown).
    public var timeout: Int64 = 2_000_000
    /// The reader (the last client, when there are two or more) reads every
    /// partition's committed log this often; nil: no reader.
    public var readEvery: Int64? = nil

    public init() {}
}

/// Deliberate bugs, each switched on from tests (or `mutations:`) to show a checker catching it.
public enum KafkaMutation: String, Sendable, Hashable, CaseIterable {
    /// A follower of a new leader keeps its divergent tail instead of truncating (no KIP-101).
    case noTruncation = "no-truncation"
    /// The leader's high watermark is its own log end, whatever its followers have.
    case hwIgnoresISR = "hw-ignores-isr"
    /// The leader appends a retried record again even when its sequence number is old.
    case noIdempotence = "no-idempotence"
}

extension KafkaConfig {
    @inline(__always) func has(_ m: KafkaMutation) -> Bool { !mutations.isEmpty && mutations.contains(m) }

    /// The brokers holding partition `p`, preferred leader first: round-robin
    /// over the brokers, as Kafka's default assignment spreads leaders.
    public func replicas(of p: Int, brokers: Int) -> [Int] {
        let rf = min(replicationFactor, brokers)
        return (0..<rf).map { 1 + (p + $0) % brokers }
    }

    /// `t0-2`: topic 0, partition 2.
    public func partitionName(_ p: Int) -> String { "t\(p / partitionsPerTopic)-\(p % partitionsPerTopic)" }

    /// The partition index named `t0-2`, if any.
    public func partition(named name: String) -> Int? {
        let parts = name.dropFirst().split(separator: "-")
        guard name.hasPrefix("t"), parts.count == 2, let t = Int(parts[0]), let q = Int(parts[1]),
              (0..<topics).contains(t), (0..<partitionsPerTopic).contains(q) else { return nil }
        return t * partitionsPerTopic + q
    }
}
