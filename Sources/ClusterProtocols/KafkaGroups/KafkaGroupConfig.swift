import ClusterSim

/// When a consumer commits its offsets, relative to processing a batch.
public enum GroupCommitMode: String, Sendable, Hashable, CaseIterable {
    /// Commit the batch's end offset, then process it: at-most-once.
    case beforeProcessing = "before-processing"
    /// Process the batch, then commit: at-least-once.
    case afterProcessing = "after-processing"
    /// Read-process-write: the batch's output and its offsets are committed
    /// in one transaction, fenced by the generation: exactly-once output.
    case transactional
}

/// Deliberate bugs, each of which a checker must catch.
public enum KafkaGroupMutation: String, Sendable, Hashable, CaseIterable {
    /// The coordinator accepts commits (and transactions) from any
    /// generation, so an evicted member's late commit still lands.
    case ignoreGeneration = "ignore-generation"
    /// A cooperative leader hands a partition to its new owner at once,
    /// without waiting for the old owner to revoke it (KIP-429's rule broken).
    case assignOwnedImmediately = "assign-owned-immediately"
}

/// Settings shared by every node of a `kafka-groups` run. Servers n1… are
/// brokers; clients c1… are the consumers of one group.
public struct KafkaGroupConfig: Sendable, Hashable {
    public var brokers = 3
    public var topics = 1
    public var partitions = 6
    /// Records already in each partition when the run starts.
    public var prefill = 20
    /// A producer appends one record to every partition this often (nil: none).
    public var produceEvery: Int64?
    public var groupID = "g1"
    /// Partitions of `__consumer_offsets` (`offsets.topic.num.partitions`, 50 in Kafka).
    public var offsetsPartitions = 50
    public var assignor: KafkaGroupAssignor = .range
    public var commit: GroupCommitMode = .afterProcessing
    /// `session.timeout.ms`: a member not heard from for this long is evicted.
    public var sessionTimeout: Int64 = 300_000
    /// `heartbeat.interval.ms`.
    public var heartbeat: Int64 = 100_000
    /// How long the coordinator waits for members to rejoin (the rebalance timeout).
    public var rebalanceTimeout: Int64 = 300_000
    /// `max.poll.records`: the most records one fetch returns.
    public var batch = 5
    /// Time to process one record.
    public var processTime: Int64 = 20_000
    /// Pause before polling again when a fetch returned nothing.
    public var pollWait: Int64 = 100_000
    public var mutations: Set<KafkaGroupMutation> = []
    public init() {}

    public var allPartitions: [GroupPartition] { GroupPartition.all(topics: topics, partitions: partitions) }

    /// The broker that leads a data partition (replication is left to the `kafka` protocol).
    public func leader(of p: GroupPartition) -> NodeID { NodeID((p.topic * partitions + p.index) % brokers) }

    /// The group's coordinator: the leader of partition
    /// `abs(groupID.hashCode) % offsets.topic.num.partitions` of `__consumer_offsets`,
    /// here taken to be broker `that partition % brokers`.
    public var coordinator: NodeID { NodeID(offsetsPartition % brokers) }

    /// The `__consumer_offsets` partition that holds this group's offsets.
    public var offsetsPartition: Int {
        let h = Self.javaHashCode(groupID)
        return Int(h == Int32.min ? 0 : abs(h)) % offsetsPartitions
    }

    /// Java's `String.hashCode`: s[0]·31^(n−1) + … + s[n−1] over UTF-16 code units, in 32-bit arithmetic.
    public static func javaHashCode(_ s: String) -> Int32 {
        s.utf16.reduce(Int32(0)) { h, c in h &* 31 &+ Int32(c) }
    }
}
