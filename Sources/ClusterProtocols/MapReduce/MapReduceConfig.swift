import ClusterSim

/// The job a run computes: the two examples of Dean & Ghemawat (OSDI 2004) §2.3
/// that ClusterLab ships.
public enum MapReduceJob: String, Sendable, Hashable, CaseIterable {
    /// map emits (word, 1) per occurrence; reduce sums the counts.
    case wordCount = "word-count"
    /// map emits (word, document) per distinct word; reduce lists the documents.
    case invertedIndex = "inverted-index"
}

/// Deliberate bugs, each of which the MapReduce checker must catch.
public enum MapReduceMutation: String, Sendable, Hashable, CaseIterable {
    /// A dead worker's completed map tasks stay completed: their output was on
    /// its local disk, so reducers that still need it wait for ever (§3.3).
    case noMapReexecution = "no-map-reexecution"
    /// The global store appends a second reduce output for a partition instead
    /// of keeping the first (no atomic rename, §3.3 "Semantics in the Presence
    /// of Failures").
    case duplicateReduceOutput = "duplicate-reduce-output"
}

/// Settings shared by every node of a MapReduce run. n1 is the coordinator
/// (the paper's master) and also holds the global store of final output; the
/// other servers are workers.
public struct MapReduceConfig: Sendable, Hashable {
    public var job: MapReduceJob = .wordCount
    /// M: input splits, one map task each.
    public var splits = 6
    /// R: reduce partitions, one reduce task each.
    public var reducers = 3
    /// The built-in corpus: this many documents of `wordsPerDocument` words.
    public var documents = 12
    public var wordsPerDocument = 8
    public var corpusSeed: UInt64 = 1
    /// How long a map task (one split) and a reduce task take on a normal worker.
    public var mapTime: Int64 = 100_000
    public var reduceTime: Int64 = 80_000
    /// A slow worker (a straggler) takes this many times as long.
    public var slowFactor = 10
    /// Workers slow from the start (node indices).
    public var slow: Set<Int> = []
    /// §3.6: near the end of a phase, run a second copy of each in-progress task.
    public var backupTasks = true
    /// The master pings every worker this often; it is also the master's clock tick.
    public var ping: Int64 = 100_000
    /// A worker not heard from for this long is declared dead.
    public var deadAfter: Int64 = 300_000
    /// A reducer asks again for the partitions it still misses this often.
    public var fetchRetry: Int64 = 100_000
    public var mutations: Set<MapReduceMutation> = []
    public init() {}

    /// Ping ticks without an answer after which a worker is declared dead.
    var deadTicks: Int { Int((deadAfter + ping - 1) / ping) }
}
