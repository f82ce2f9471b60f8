/// What a handler may read and the effects it asks for.
///
/// The engine hands a handler one context, applies the effects it collected
/// in order when the handler returns, and reuses the buffers for the next
/// call, so a step allocates nothing in the common case.
public struct NodeContext<Node: NodeStateMachine> {
    public struct Send {
        public var to: NodeID
        public var message: Node.Message
    }
    public struct TimerRequest {
        public var tag: Node.TimerTag
        public var delay: Int64
        public var jitter: Int64
    }

    /// The node this context belongs to.
    public internal(set) var id: NodeID
    public let layout: ClusterLayout
    /// The node's Lamport clock as of this event (the engine maintains it).
    public internal(set) var lamport: Int64 = 0

    public internal(set) var sends: [Send] = []
    public internal(set) var timersSet: [TimerRequest] = []
    public internal(set) var timersCancelled: [Node.TimerTag] = []
    public internal(set) var logLines: [String] = []
    public internal(set) var persisted: Node.Durable? = nil
    public internal(set) var history: [HistoryOperation] = []
    public internal(set) var stateChanges: [String] = []
    var random: SeededRandom

    public init(id: NodeID, layout: ClusterLayout, random: SeededRandom = SeededRandom(seed: 0)) {
        self.id = id; self.layout = layout; self.random = random
    }

    public mutating func send(_ message: Node.Message, to: NodeID) {
        sends.append(Send(to: to, message: message))
    }

    /// Sends to every other server.
    public mutating func broadcast(_ message: Node.Message) {
        for i in 0..<layout.serverCount where i != id.index { send(message, to: NodeID(i)) }
    }

    /// Sets (or resets) the timer with this tag to fire after `delay`
    /// microseconds plus a uniform jitter in `0...jitter`.
    public mutating func setTimer(_ tag: Node.TimerTag, after delay: Int64, jitter: Int64 = 0) {
        timersSet.append(TimerRequest(tag: tag, delay: max(0, delay), jitter: max(0, jitter)))
    }

    public mutating func cancelTimer(_ tag: Node.TimerTag) { timersCancelled.append(tag) }

    /// Declares the state that survives a crash. The last call in a handler wins.
    public mutating func persist(_ durable: Node.Durable) { persisted = durable }

    public mutating func log(_ line: String) { logLines.append(line) }

    /// Notes a change of role or state the timeline should show (`leader t3`).
    public mutating func stateChanged(_ note: String) { stateChanges.append(note) }

    /// Records a client operation in the run's history (clients only).
    public mutating func record(_ op: HistoryOperation) { history.append(op) }

    /// A uniform integer in `0..<bound` from the run's generator.
    public mutating func random(below bound: Int) -> Int { Int(random.below(UInt64(bound))) }

    /// True with probability `p`, from the run's generator.
    public mutating func chance(_ p: Double) -> Bool { random.chance(p) }

    mutating func reset(for node: NodeID, lamport: Int64) {
        id = node; self.lamport = lamport
        if !sends.isEmpty { sends.removeAll(keepingCapacity: true) }
        if !timersSet.isEmpty { timersSet.removeAll(keepingCapacity: true) }
        if !timersCancelled.isEmpty { timersCancelled.removeAll(keepingCapacity: true) }
        if !logLines.isEmpty { logLines.removeAll(keepingCapacity: true) }
        if !history.isEmpty { history.removeAll(keepingCapacity: true) }
        if !stateChanges.isEmpty { stateChanges.removeAll(keepingCapacity: true) }
        persisted = nil
    }
}
