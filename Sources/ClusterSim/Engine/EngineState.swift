/// Whether a node is running.
public enum NodeStatus: UInt8, Sendable, Hashable {
    /// Running and handling events.
    case up
    /// Volatile state lost; only what it persisted survives a restart.
    case crashed
    /// Alive but frozen: its messages and timers queue up until it resumes.
    case paused
}

/// A message on the wire.
struct Envelope<Message> {
    var id: Int64
    var from: Int32
    var to: Int32
    var sentAt: Int64
    var lamport: Int64
    /// The sender's vector clock at the send, in the clock pool; -1 with clocks off.
    var clockSlot: Int32
    var message: Message
}

/// Something due to happen at a virtual time; the sequence number breaks
/// ties, so order never depends on hashing or memory.
struct ScheduledEvent<Node: NodeStateMachine> {
    enum Payload {
        case deliver(Envelope<Node.Message>)
        case timer(node: Int32, id: UInt64, tag: Node.TimerTag)
        case start(node: Int32)
        case scripted(index: Int32)
    }
    var time: Int64
    var seq: UInt64
    var payload: Payload
}

/// A timer that is set: its unique id (a fired event whose id no longer
/// matches was cancelled or reset) and when it fires.
public struct TimerSlot: Sendable, Hashable {
    public var id: UInt64
    public var deadline: Int64
}

/// Fixed-width rows of vector-clock entries for messages in flight, reused
/// through a free list so sending a message allocates nothing.
struct ClockPool {
    var width: Int
    var storage: [Int32] = []
    var free: [Int32] = []

    /// Copies row `p` of `clocks` into a free slot and returns the slot.
    mutating func store(row p: Int, of clocks: [Int32]) -> Int32 {
        let slot: Int32
        if let s = free.popLast() { slot = s }
        else {
            slot = Int32(storage.count / width)
            storage.append(contentsOf: repeatElement(0, count: width))
        }
        let w = width
        storage.withUnsafeMutableBufferPointer { dst in
            clocks.withUnsafeBufferPointer { src in
                (dst.baseAddress! + Int(slot) * w).update(from: src.baseAddress! + p * w, count: w)
            }
        }
        return slot
    }

    mutating func release(_ slot: Int32) { if slot >= 0 { free.append(slot) } }
}

/// Everything about a run that changes as it goes, except the trace. Being a
/// value, a copy of it is a snapshot: time travel restores one and replays.
struct EngineState<Node: NodeStateMachine> {
    var now: Int64 = 0
    /// Queue events processed at `now` so far (to notice a run that stopped advancing).
    var stepsAtNow = 0
    var step: Int64 = 0
    var seq: UInt64 = 0
    var nextMessage: Int64 = 0
    var nextTimer: UInt64 = 0
    var random: SeededRandom
    var queue = EventQueue<ScheduledEvent<Node>.Payload>()
    var nodes: [Node?]
    var status: [NodeStatus]
    var durable: [Node.Durable?]
    var timers: [[Node.TimerTag: TimerSlot]]
    /// Events for paused nodes, in the order they arrived.
    var held: [[ScheduledEvent<Node>]]
    var network: Network
    /// When each directed link with a rate (keyed `from * count + to`) has
    /// finished sending what it was given: the next message leaves then.
    var linkBusyUntil: [Int: Int64] = [:]
    var lamport: [Int64]
    /// Row-major n×n: row p is node p's vector clock.
    var clocks: [Int32]
    var pool: ClockPool
    /// The next recorded user action to apply.
    var actionCursor = 0

    init(layout: ClusterLayout, seed: UInt64, network: Network) {
        let n = layout.count
        random = SeededRandom(seed: seed)
        nodes = .init(repeating: nil, count: n)
        status = .init(repeating: .up, count: n)
        durable = .init(repeating: nil, count: n)
        timers = .init(repeating: [:], count: n)
        held = .init(repeating: [], count: n)
        self.network = network
        lamport = .init(repeating: 0, count: n)
        clocks = .init(repeating: 0, count: n * n)
        pool = ClockPool(width: n)
    }

    mutating func schedule(at time: Int64, _ payload: ScheduledEvent<Node>.Payload) {
        queue.push(time: time, seq: seq, payload)
        seq &+= 1
    }
}
