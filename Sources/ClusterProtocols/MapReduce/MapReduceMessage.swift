import ClusterSim

/// A task of the job: map task `i` reads split i; reduce task `j` reduces partition j.
public enum MRTask: Sendable, Hashable, CustomStringConvertible {
    case map(Int)
    case reduce(Int)
    public var description: String {
        switch self {
        case .map(let i): "map m\(i)"
        case .reduce(let j): "reduce r\(j)"
        }
    }
}

/// Messages between the master (n1) and the workers.
public enum MapReduceMessage: ProtocolMessage, Hashable {
    /// Worker → master when it starts or restarts: it can take tasks (its local disk is empty).
    case hello
    /// Master → worker, every ping interval; the worker answers `pong`.
    case ping
    case pong
    /// Master → worker: run map task i.
    case assignMap(task: Int)
    /// Master → worker: run reduce task j; `locations` says where each map
    /// task's output is (maps not yet completed are missing and come later
    /// as `mapLocation`).
    case assignReduce(partition: Int, locations: [Int: NodeID])
    /// Worker → master: map task i is done; its R intermediate files are on my
    /// local disk (`sizes`: pairs per partition).
    case mapDone(task: Int, sizes: [Int])
    /// Master → reducers: map task i's output is (now) at `worker` (§3.3: reducers
    /// that have not read it from a failed worker read it from the re-executor).
    case mapLocation(task: Int, worker: NodeID)
    /// Reducer → map worker: send me partition j of map task i (the shuffle).
    case fetch(task: Int, partition: Int)
    /// Map worker → reducer: partition j of map task i.
    case partitionData(task: Int, partition: Int, pairs: [MRPair])
    /// Map worker → reducer: I do not have that file (I restarted and lost my disk).
    case fetchMissing(task: Int, partition: Int)
    /// Reducer → global store (n1): my output for partition j, written to a
    /// temporary file; the store renames it to the final name, once.
    case reduceDone(partition: Int, output: [MRPair])

    public var kind: String {
        switch self {
        case .hello: "Hello"
        case .ping: "Ping"
        case .pong: "Pong"
        case .assignMap: "AssignMap"
        case .assignReduce: "AssignReduce"
        case .mapDone: "MapDone"
        case .mapLocation: "MapLocation"
        case .fetch: "Fetch"
        case .partitionData: "PartitionData"
        case .fetchMissing: "FetchMissing"
        case .reduceDone: "ReduceDone"
        }
    }

    public var isReply: Bool {
        switch self {
        case .pong, .partitionData, .fetchMissing, .mapDone, .reduceDone: true
        default: false
        }
    }

    public var description: String {
        switch self {
        case .hello, .ping, .pong: kind
        case .assignMap(let i): "AssignMap m\(i)"
        case .assignReduce(let j, let loc): "AssignReduce r\(j) (\(loc.count) map outputs known)"
        case .mapDone(let i, let sizes): "MapDone m\(i) " + sizes.map(String.init).joined(separator: "/")
        case .mapLocation(let i, let w): "MapLocation m\(i) at \(w.mrName)"
        case .fetch(let i, let j): "Fetch m\(i) r\(j)"
        case .partitionData(let i, let j, let pairs): "PartitionData m\(i) r\(j) \(pairs.count) pairs"
        case .fetchMissing(let i, let j): "FetchMissing m\(i) r\(j)"
        case .reduceDone(let j, let out): "ReduceDone r\(j) \(out.count) keys"
        }
    }
}

/// The timers of a MapReduce run.
public enum MapReduceTimer: Hashable, Sendable, CustomStringConvertible {
    /// The master's tick: ping the workers, declare the silent ones dead.
    case ping
    /// A worker finishes the task it is running.
    case finish(MRTask)
    /// A reducer asks again for the partitions it is missing.
    case fetchRetry

    public var description: String {
        switch self {
        case .ping: "ping"
        case .finish(let t): "finish \(t)"
        case .fetchRetry: "fetch-retry"
        }
    }
}

extension NodeID {
    /// The server's name as scenarios spell it (n1 is index 0).
    var mrName: String { "n\(index + 1)" }
}
