import ClusterSim

/// Where the sink's results go and what a retry does to them.
public enum StreamSinkKind: String, Sendable, Hashable, CaseIterable {
    /// Writes each result as it comes: a replay after a restore writes it again.
    case plain
    /// Upserts each result keyed by (window, key): a replayed result overwrites itself.
    case idempotent
    /// Two-phase commit as Flink's TwoPhaseCommitSinkFunction: results go into
    /// a transaction, pre-committed on the checkpoint barrier and committed
    /// when the job manager says the checkpoint completed.
    case transactional
}

/// How an operator with several inputs treats checkpoint barriers.
public enum StreamAlignment: String, Sendable, Hashable, CaseIterable {
    /// Flink's aligned checkpoints: an input whose barrier arrived is blocked
    /// (its records buffered) until every input's barrier has arrived.
    case aligned
    /// A deliberate bug (mutant): snapshot on the first barrier and keep
    /// processing every input, so the snapshot misses records that came
    /// before the other inputs' barriers.
    case noAlignment = "no-alignment"
}

/// Settings shared by every node of a streams run.
///
/// Node layout: n1 is the job manager (checkpoint coordinator), n2 the
/// external output store the sink writes to, n3… the workers running tasks.
public struct StreamConfig: Sendable, Hashable {
    public var sink: StreamSinkKind = .transactional
    public var alignment: StreamAlignment = .aligned
    /// Input partitions, one source task each.
    public var partitions = 2
    /// Window-operator tasks after the hash shuffle.
    public var parallelism = 2
    /// Events per partition of the input log.
    public var events = 40
    /// Distinct keys in the input log.
    public var keys = 3
    /// Tumbling-window length in event-time units.
    public var window = 10
    /// Seed of the pre-generated input log (not the run's seed: the log is data).
    public var logSeed: UInt64 = 1
    /// A source emits one record per partition this often.
    public var emitEvery: Int64 = 20_000
    /// The job manager triggers a checkpoint this often (one at a time).
    public var checkpointInterval: Int64 = 200_000
    /// Workers heartbeat the job manager this often.
    public var heartbeat: Int64 = 50_000
    /// A worker not heard from for this long is declared failed.
    public var failureTimeout: Int64 = 200_000
    public init() {}

    /// The pre-generated input log this configuration names.
    public var inputLog: StreamInputLog {
        StreamInputLog(partitions: partitions, events: events, keys: keys, seed: logSeed)
    }
    /// Every task of the dataflow, in a fixed order.
    public var tasks: [StreamTaskID] {
        (0..<partitions).map { .source($0) } + (0..<parallelism).map { .window($0) } + [.sink]
    }
    /// The window a time falls in, named by its start.
    func windowStart(_ time: Int) -> Int { time - time % window }
}

/// The input: per partition, a fixed list of keyed events in event-time
/// order, replayable from any offset (as a Kafka partition is).
public struct StreamInputLog: Sendable, Hashable {
    public let partitions: [[StreamEvent]]

    public init(partitions: Int, events: Int, keys: Int, seed: UInt64) {
        var random = SeededRandom(seed: seed)
        self.partitions = (0..<partitions).map { _ in
            var time = 0
            return (0..<events).map { _ in
                time += Int(random.below(3))
                return StreamEvent(key: Int(random.below(UInt64(max(1, keys)))), time: time)
            }
        }
    }
}

/// The hash shuffle: which window task owns a key.
enum StreamShuffle {
    static func task(for key: Int, parallelism: Int) -> Int {
        let mixed = UInt32(truncatingIfNeeded: key &+ 1) &* 2_654_435_761
        return Int(mixed >> 16) % max(1, parallelism)
    }
}
