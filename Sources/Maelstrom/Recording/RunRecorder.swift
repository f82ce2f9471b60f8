import ClusterSim

/// The record of a Maelstrom run as it happens: ClusterSim trace events
/// (send, deliver, drop, crash, restart, pause, partition, client ops, log
/// lines) with Lamport clocks kept here and vector clocks rebuilt from the
/// message causality by `VectorClockIndex`, plus what a view of the run
/// needs that the trace does not hold: every message's text and span, and
/// each node's stderr lines with their times.
///
/// A delivery is recorded when the runner hands the message to the node's
/// stdin; a paused node reads it only after it resumes.
///
/// Process indices follow `ClusterLayout`: servers `n1…` first, then the
/// workload's clients `c1…`. Calls to services (`lin-kv`, …) are not
/// processes: they appear as log lines at the calling node.
public final class RunRecorder {
    public let layout: ClusterLayout
    public private(set) var trace = Trace()
    private var lamport: [Int64]

    /// A message's whole life, for views that step through the run.
    public struct Message: Sendable, Hashable {
        public var from: Int, to: Int
        public var sentAt: Int64
        /// When it was delivered or dropped; nil while in flight.
        public var endedAt: Int64?
        /// The index of the event that delivered or dropped it; nil while in flight.
        public var endEvent: Int?
        public var delivered: Bool
        public var kind: String
        /// The message as its sender wrote it (kept as bytes: decoding every message would cost the run).
        public var bytes: [UInt8]
        public var isReply: Bool
        public var text: String { String(decoding: bytes, as: UTF8.self) }
    }
    public private(set) var messages: [Message] = []

    /// One line a node wrote to stderr.
    public struct StderrLine: Sendable, Hashable {
        public var time: Int64
        public var text: String
    }
    /// Every node's stderr, by server index (the newest `stderrLimit` lines each).
    public private(set) var stderr: [[StderrLine]]
    public let stderrLimit: Int
    /// The pid of every process each server ran, in order (restarts add one).
    public private(set) var pids: [[Int32]]

    public init(layout: ClusterLayout, stderrLimit: Int = 20_000) {
        self.layout = layout
        self.stderrLimit = stderrLimit
        lamport = Array(repeating: 0, count: layout.count)
        stderr = Array(repeating: [], count: layout.serverCount)
        pids = Array(repeating: [], count: layout.serverCount)
    }

    private func tick(_ node: Int) -> Int64 { lamport[node] += 1; return lamport[node] }

    /// Records a send and returns the message's id.
    public func send(time: Int64, from: Int, to: Int, kind: String, bytes: [UInt8], isReply: Bool) -> Int64 {
        let id = trace.nextMessageID
        let e = trace.record(.send, time: time, node: from, peer: to, message: id, lamport: tick(from))
        trace.recordSend(message: id, event: e)
        messages.append(Message(from: from, to: to, sentAt: time, endedAt: nil, endEvent: nil, delivered: false,
                                kind: kind, bytes: bytes, isReply: isReply))
        return id
    }

    public func deliver(time: Int64, message id: Int64) {
        let m = messages[Int(id)]
        let sent = trace[trace.sendOf(message: id)!].lamport
        lamport[m.to] = max(lamport[m.to], sent)
        let e = trace.record(.deliver, time: time, node: m.to, peer: m.from, message: id, lamport: tick(m.to))
        messages[Int(id)].endedAt = time
        messages[Int(id)].endEvent = e
        messages[Int(id)].delivered = true
    }

    public func drop(time: Int64, message id: Int64, reason: TraceEvent.DropReason) {
        let m = messages[Int(id)]
        let e = trace.record(.drop, time: time, node: m.to, peer: m.from, message: id, detail: reason.rawValue, flags: TraceEvent.noClock)
        messages[Int(id)].endedAt = time
        messages[Int(id)].endEvent = e
    }

    /// A node-level event with a text: `.crash`, `.restart`, `.pause`, `.resume`, `.start`, `.log`.
    public func nodeEvent(_ kind: TraceEvent.Kind, time: Int64, node: Int, text: String) {
        let t = trace.recordText(text)
        trace.record(kind, time: time, node: node, lamport: tick(node), detail: t)
    }

    /// A cluster-wide event (a `.log` line of the runner's): no node's clock ticks.
    public func clusterEvent(_ kind: TraceEvent.Kind, time: Int64, text: String, byUser: Bool = false) {
        let t = trace.recordText(text)
        trace.record(kind, time: time, node: -1, detail: t, flags: TraceEvent.noClock | (byUser ? TraceEvent.byUser : 0))
    }

    /// A change of the network (`.partition`, `.heal`, `.link`), with the
    /// network as it is after it: no node's clock ticks.
    public func networkEvent(_ kind: TraceEvent.Kind, time: Int64, text: String, network: WallNetwork, byUser: Bool = false) {
        let t = trace.recordText(text)
        let e = trace.record(kind, time: time, node: -1, detail: t, flags: TraceEvent.noClock | (byUser ? TraceEvent.byUser : 0))
        networks.append((event: e, network: network))
    }

    /// The network after each of its changes, with the change's event index
    /// (so a view of the record at any moment shows the partitions then).
    public private(set) var networks: [(event: Int, network: WallNetwork)] = []

    /// The last prefix of the trace asked for (a paused view reads it every frame).
    var prefixCache: (events: Int, trace: Trace)?

    /// The run's history, every op with any JSON value (the trace keeps each as a `HistoryOperation`).
    public private(set) var operations: [MaelstromOperation] = []
    /// When each of `operations` happened, microseconds since the run started.
    public private(set) var operationTimes: [Int64] = []

    /// A client operation (`invoke`, `ok`, `fail`, `info`) at client process `node`.
    public func operation(time: Int64, node: Int, _ full: MaelstromOperation) {
        operations.append(full)
        operationTimes.append(time)
        let op = full.historyOperation
        let kind: TraceEvent.Kind
        switch op.type {
        case .invoke: kind = .invoke
        case .ok: kind = .ok
        case .fail: kind = .fail
        case .info: kind = .info
        }
        let d = trace.recordOperation(op)
        trace.record(kind, time: time, node: node, lamport: tick(node), detail: d)
    }

    public func stderrLine(time: Int64, node: Int, text: String) {
        if stderr[node].count >= stderrLimit { stderr[node].removeFirst(stderr[node].count / 2) }
        stderr[node].append(StderrLine(time: time, text: text))
    }

    public func started(node: Int, pid: Int32) { pids[node].append(pid) }

    /// The messages in flight at `time` (sent at or before it, not yet delivered or dropped).
    public func inFlight(at time: Int64) -> [Int64] {
        var out: [Int64] = []
        for (i, m) in messages.enumerated() where m.sentAt <= time && (m.endedAt.map { $0 > time } ?? true) {
            out.append(Int64(i))
        }
        return out
    }

    /// Every stderr line of server `node` written at or before `time`.
    public func stderr(of node: Int, upTo time: Int64) -> [StderrLine] {
        stderr[node].filter { $0.time <= time }
    }
}
