import ClusterSim

/// A worker (n2, n3, …): runs one task at a time. A map task reads its split,
/// applies map, and writes R intermediate files to the worker's local disk
/// (kept in memory here and lost in a crash, as a failed machine's disk is
/// unreachable); a reduce task fetches its partition from every map task's
/// worker (the shuffle), then sorts, reduces and hands its output to the
/// global store.
public struct MapReduceWorker: Sendable, Hashable {
    public let id: NodeID
    public let config: MapReduceConfig
    /// The map task and the reduce task running now, if any. A worker runs one
    /// task at a time, except that a reduce task waiting for map output that a
    /// failure sent back to idle does not stop it from running a map task.
    public private(set) var mapTask: Int?
    public private(set) var reduceTask: Int?
    /// Local disk: for each map task run here, its R partition files.
    public private(set) var files: [Int: [[MRPair]]] = [:]
    /// A straggler: every task takes `slowFactor` times as long.
    public private(set) var slow: Bool
    public private(set) var mapsDone = 0
    public private(set) var reducesDone = 0
    /// The running reduce task: where each map output is, and what was fetched.
    public private(set) var locations: [Int: NodeID] = [:]
    public private(set) var fetched: [Int: [MRPair]] = [:]
    /// Tasks finished here, oldest first (for the inspector).
    public private(set) var finished: [MRTask] = []
    private let corpus: MRCorpus

    init(id: NodeID, config: MapReduceConfig) {
        self.id = id; self.config = config
        slow = config.slow.contains(id.index)
        corpus = MRCorpus(config)
    }

    /// Whether the running reduce task has every partition and is reducing.
    public var reducing: Bool { reduceTask != nil && fetched.count == config.splits }
    /// What runs now, map first.
    public var running: [MRTask] { (mapTask.map { [MRTask.map($0)] } ?? []) + (reduceTask.map { [MRTask.reduce($0)] } ?? []) }

    mutating func start(_ context: inout MapReduceContext) {
        context.send(.hello, to: NodeID(0))
    }

    private func duration(_ base: Int64) -> Int64 { slow ? base * Int64(config.slowFactor) : base }

    mutating func receive(_ message: MapReduceMessage, from: NodeID, _ context: inout MapReduceContext) {
        switch message {
        case .ping: context.send(.pong, to: from)
        case .assignMap(let i):
            guard mapTask == nil else { return context.log("busy with m\(mapTask!): ignores map m\(i)") }
            mapTask = i
            context.log("starts map m\(i)")
            context.setTimer(.finish(.map(i)), after: duration(config.mapTime))
        case .assignReduce(let j, let locs):
            guard reduceTask == nil else { return context.log("busy with r\(reduceTask!): ignores reduce r\(j)") }
            reduceTask = j; locations = locs; fetched = [:]
            context.log("starts reduce r\(j): fetches partition r\(j) from \(locs.count) map outputs")
            fetchMissing(&context)
            context.setTimer(.fetchRetry, after: config.fetchRetry)
            startReducingIfComplete(&context)
        case .mapLocation(let i, let w):
            guard let j = reduceTask, fetched[i] == nil else { return }
            locations[i] = w
            context.send(.fetch(task: i, partition: j), to: w)
        case .fetch(let i, let j):
            if let f = files[i] { context.send(.partitionData(task: i, partition: j, pairs: f[j]), to: from) } else {
                context.send(.fetchMissing(task: i, partition: j), to: from)
            }
        case .partitionData(let i, let j, let pairs):
            guard reduceTask == j, fetched[i] == nil else { return }
            fetched[i] = pairs
            startReducingIfComplete(&context)
        case .fetchMissing(let i, let j):
            guard reduceTask == j, fetched[i] == nil, locations[i] == from else { return }
            locations[i] = nil  // wait for the master to say where map i runs again
        default: break
        }
    }

    private mutating func fetchMissing(_ context: inout MapReduceContext) {
        guard let j = reduceTask else { return }
        for i in 0..<config.splits where fetched[i] == nil {
            if let w = locations[i] { context.send(.fetch(task: i, partition: j), to: w) }
        }
    }

    private mutating func startReducingIfComplete(_ context: inout MapReduceContext) {
        guard let j = reduceTask, fetched.count == config.splits else { return }
        context.cancelTimer(.fetchRetry)
        context.log("r\(j): all \(config.splits) partitions fetched; sorts and reduces")
        context.setTimer(.finish(.reduce(j)), after: duration(config.reduceTime))
    }

    mutating func timerFired(_ tag: MapReduceTimer, _ context: inout MapReduceContext) {
        switch tag {
        case .fetchRetry:
            guard reduceTask != nil, !reducing else { return }
            fetchMissing(&context)
            context.setTimer(.fetchRetry, after: config.fetchRetry)
        case .finish(.map(let i)) where mapTask == i:
            let out = MRJobFunctions.partitioned(MRJobFunctions.map(config.job, corpus.split(i)), reducers: config.reducers)
            files[i] = out
            mapsDone += 1; finished.append(.map(i)); mapTask = nil
            context.log("finished map m\(i): \(out.count) intermediate files on local disk")
            context.send(.mapDone(task: i, sizes: out.map(\.count)), to: NodeID(0))
        case .finish(.reduce(let j)) where reduceTask == j:
            let output = MRJobFunctions.reduceTask(config.job, (0..<config.splits).flatMap { fetched[$0] ?? [] })
            reducesDone += 1; finished.append(.reduce(j)); reduceTask = nil
            locations = [:]; fetched = [:]
            context.log("finished reduce r\(j): \(output.count) keys to the global store")
            context.send(.reduceDone(partition: j, output: output), to: NodeID(0))
        default: break
        }
    }

    mutating func command(_ text: String, _ context: inout MapReduceContext) {
        let words = text.split(separator: " ")
        switch words.first {
        case "slow": slow = true; context.log("is now slow: tasks take \(config.slowFactor)× as long (a straggler)")
        case "fast": slow = false; context.log("is fast again")
        default: context.log("ignores command '\(text)': a worker takes `slow` or `fast`")
        }
    }
}
