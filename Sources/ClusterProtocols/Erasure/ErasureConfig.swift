import ClusterSim

/// Deliberate bugs a lab or test can switch on to see the checker catch them.
public enum ErasureMutation: String, CaseIterable, Sendable {
    /// The gateway trusts every shard a drive returns, without comparing its
    /// checksum: a rotten data shard is decoded into the object and served.
    case skipBitrotCheck = "skip-bitrot-check"
}

/// One erasure set as MinIO runs it: node 0 is the gateway (the MinIO server
/// the clients talk to), nodes 1…k+m are its drives; each object is split
/// into k data and m parity shards, shard i on drive i+1.
public struct ErasureConfig: Sendable, Hashable {
    public var dataShards = 4
    public var parityShards = 2
    /// How long the gateway waits for drives before it decides a PUT or GET.
    public var driveTimeout: Int64 = 50_000
    /// The healing scan's period (nil: only the `heal` command starts one).
    public var healScan: Int64? = 1_000_000
    public var mutations: Set<ErasureMutation> = []
    public var workload = ErasureWorkload()

    public init() {}

    /// MinIO's write quorum: k, or k + 1 when k = m (so that two halves of
    /// the set can never both accept a write).
    public var writeQuorum: Int { dataShards == parityShards ? dataShards + 1 : dataShards }
    /// Shards needed to read an object back: k.
    public var readQuorum: Int { dataShards }
    public var drives: Int { dataShards + parityShards }
}

/// What each client does: PUT `objects` objects of `size` bytes, then GET
/// one of those at random `reads` times, one request at a time.
public struct ErasureWorkload: Sendable, Hashable {
    public var objects = 3
    public var size = 40
    public var reads = 1000
    public var pause: Int64 = 40_000
    public var timeout: Int64 = 300_000
    public init() {}
}
