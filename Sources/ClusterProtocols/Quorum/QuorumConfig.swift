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

/// The clients' closed-loop workload: reads, writes and deletes of a few keys.
public struct QuorumWorkload: Sendable, Hashable {
    public var opsPerClient = 20
    public var keys = 2
    public var readWeight = 1
    public var writeWeight = 1
    /// Deletes (tombstones); 0 by default, so histories hold reads and writes only.
    public var deleteWeight = 0
    /// A client that hears nothing this long records `info` (a write) or `fail` (a read).
    public var timeout: Int64 = 500_000
    /// The shopping-cart workload instead of reads, writes and deletes (nil: none).
    public var cart: CartWorkload? = nil
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
    /// A read asks only as many replicas as its level needs (the coordinator
    /// first, then the others in ring order, those it believes down last).
    /// A contacted replica silent this long gets one more replica asked in
    /// its place (Cassandra's `speculative_retry`); nil: never.
    public var speculativeRetry: Int64? = 50_000
    /// The chance that a read also asks every other replica and repairs them
    /// in the background (Cassandra before 4.0, where CASSANDRA-13910 removed
    /// it). 0 by default: as in Cassandra 4.0, read repair touches only the
    /// replicas the read contacted.
    public var readRepairChance = 0.0
    /// Virtual nodes per server on the ring.
    public var vnodes = 8
    /// Last-write-wins, or vector clocks with siblings returned to the client.
    public var versioning = Versioning.lww
    /// A write a replica does not acknowledge is kept as a hint and handed off
    /// when it answers again; writes for a replica believed down go to the
    /// next server on the ring (a sloppy quorum).
    public var hintedHandoff = false
    public var handoffInterval: Int64 = 100_000
    /// How often each server runs a Merkle exchange with its next peer; nil: never.
    public var antiEntropyInterval: Int64? = nil
    public var merkleDepth = 10
    /// How long a replica keeps a tombstone before compaction purges it,
    /// whether or not every replica has seen the delete (Cassandra's
    /// `gc_grace_seconds`): a replica that missed the delete and is not
    /// repaired within this time brings the deleted value back.
    public var gcGrace: Int64 = 2_000_000
    /// Keys in a memtable before it is flushed to an SSTable.
    public var memtableLimit = 64
    /// Size-tiered compaction's `min_threshold`: similar-sized SSTables that trigger a compaction.
    public var compactionThreshold = 4
    /// Size-tiered compaction's `max_threshold`, `bucket_low`, `bucket_high`
    /// and `min_sstable_size` (in rows): `SizeTieredCompaction`.
    public var maxCompactionThreshold = 32
    public var bucketLow = 0.5
    public var bucketHigh = 1.5
    public var minSSTableSize = 0
    /// Each SSTable's Bloom filter false-positive chance (1: no filter).
    public var bloomFilterFPChance = 0.01

    /// The storage engine these settings describe.
    public var storageEngine: StorageEngine {
        var stcs = SizeTieredCompaction()
        stcs.minThreshold = compactionThreshold; stcs.maxThreshold = maxCompactionThreshold
        stcs.bucketLow = bucketLow; stcs.bucketHigh = bucketHigh; stcs.minSSTableSize = minSSTableSize
        return StorageEngine(versioning: versioning, memtableLimit: memtableLimit, compaction: stcs,
                             bloomFilterFPChance: bloomFilterFPChance)
    }
    public var workload = QuorumWorkload()
    public init() {}
}
