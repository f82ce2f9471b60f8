import ClusterSim

/// A task of the dataflow: a source per input partition, a window operator
/// per shuffle partition, one sink.
public enum StreamTaskID: Sendable, Hashable, Comparable, CustomStringConvertible {
    case source(Int), window(Int), sink

    var rank: Int {
        switch self { case .source(let i): i; case .window(let i): 1_000 + i; case .sink: 2_000 }
    }
    public static func < (a: StreamTaskID, b: StreamTaskID) -> Bool { a.rank < b.rank }
    public var description: String {
        switch self { case .source(let i): "src\(i)"; case .window(let i): "win\(i)"; case .sink: "sink" }
    }
}

/// One event of the input log.
public struct StreamEvent: Sendable, Hashable {
    public var key: Int
    public var time: Int
}

/// One output of the window operator: `count` events of `key` in the
/// tumbling window starting at `window`.
public struct StreamResult: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var window: Int
    public var key: Int
    public var count: Int
    public init(window: Int, key: Int, count: Int) { self.window = window; self.key = key; self.count = count }
    public var slot: StreamSlot { StreamSlot(window: window, key: key) }
    public static func < (a: StreamResult, b: StreamResult) -> Bool {
        (a.window, a.key, a.count) < (b.window, b.key, b.count)
    }
    public var description: String { "w\(window) k\(key)=\(count)" }
}

/// A (window, key) pair: what an idempotent sink upserts on.
public struct StreamSlot: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var window: Int
    public var key: Int
    public static func < (a: StreamSlot, b: StreamSlot) -> Bool { (a.window, a.key) < (b.window, b.key) }
    public var description: String { "w\(window) k\(key)" }
}

/// What flows on a channel between two tasks, in order.
public enum StreamItem: Sendable, Hashable, CustomStringConvertible {
    case record(StreamEvent)
    case result(StreamResult)
    /// Checkpoint barrier n: everything before it belongs to checkpoint n.
    case barrier(Int)
    /// The input behind this channel is exhausted (watermark +∞).
    case end

    public var description: String {
        switch self {
        case .record(let e): "k\(e.key)@\(e.time)"
        case .result(let r): r.description
        case .barrier(let n): "barrier \(n)"
        case .end: "end"
        }
    }
}

/// What the sink asks of the output store.
public enum StreamStoreOp: Sendable, Hashable, CustomStringConvertible {
    case append(StreamResult)
    case upsert(StreamResult)
    case preCommit(txn: Int, [StreamResult])
    case commit(txn: Int)

    public var description: String {
        switch self {
        case .append(let r): "append \(r)"
        case .upsert(let r): "upsert \(r)"
        case .preCommit(let t, let rs): "pre-commit txn \(t) (\(rs.count))"
        case .commit(let t): "commit txn \(t)"
        }
    }
}

/// A source's snapshot: where to resume reading its partition.
public struct StreamSourceState: Sendable, Hashable {
    public var offset = 0
    public var ended = false
}

/// A window operator's snapshot: the open windows' counts and how far each
/// input has got in event time.
public struct StreamWindowState: Sendable, Hashable {
    public var counts: [StreamSlot: Int] = [:]
    /// Per input channel: the last event time seen (-1 before any).
    public var inputTime: [Int]
    public var inputEnded: [Bool]
    init(inputs: Int) { inputTime = Array(repeating: -1, count: inputs); inputEnded = Array(repeating: false, count: inputs) }
}

/// A sink's snapshot: the open transaction and the pre-committed ones whose
/// checkpoint has not been confirmed yet.
public struct StreamSinkState: Sendable, Hashable {
    public var open: [StreamResult] = []
    public var pending: [Int: [StreamResult]] = [:]
    public var inputEnded: [Bool]
    /// Results this sink has handed to the store (for the interface).
    public var written = 0
    init(inputs: Int) { inputEnded = Array(repeating: false, count: inputs) }
    var finished: Bool { inputEnded.allSatisfy { $0 } }
}

/// A task's state as a checkpoint records it.
public enum StreamTaskState: Sendable, Hashable {
    case source(StreamSourceState)
    case window(StreamWindowState)
    case sink(StreamSinkState)

    static func initial(_ task: StreamTaskID, _ config: StreamConfig) -> StreamTaskState {
        switch task {
        case .source: .source(StreamSourceState())
        case .window: .window(StreamWindowState(inputs: config.partitions))
        case .sink: .sink(StreamSinkState(inputs: config.parallelism))
        }
    }
}
