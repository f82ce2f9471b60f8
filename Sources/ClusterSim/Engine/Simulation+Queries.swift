import Foundation

/// A message on the wire, as the interface shows it.
public struct InFlightMessage: Sendable, Hashable {
    public var id: Int64
    public var from: NodeID
    public var to: NodeID
    public var sentAt: Int64
    public var deliverAt: Int64
    public var kind: String
    public var isReply: Bool
    public var text: String
    /// Waiting for a paused node to resume.
    public var held: Bool
}

extension Simulation {
    public func status(of n: NodeID) -> NodeStatus { state.status[n.index] }
    /// The node's state, or nil while it is crashed.
    public func node(_ n: NodeID) -> Node? { state.nodes[n.index] }
    public func durableState(of n: NodeID) -> Node.Durable? { state.durable[n.index] }
    public func summary(of n: NodeID) -> NodeSummary? { state.nodes[n.index]?.summary }
    public func lamport(of n: NodeID) -> Int64 { state.lamport[n.index] }

    /// Node n's current vector clock (zeros with clocks off).
    public func vectorClock(of n: NodeID) -> VectorClock {
        let c = layout.count
        return VectorClock(Array(state.clocks[n.index * c ..< (n.index + 1) * c]))
    }

    /// The timers set on node n with their deadlines, soonest first.
    public func timers(of n: NodeID) -> [(tag: Node.TimerTag, deadline: Int64)] {
        // Timers live in a dictionary, whose order changes from run to run:
        // ties on the deadline are broken by name so the inspector (and
        // anything reading this) shows the same list for the same run.
        state.timers[n.index].map { ($0.key, $0.value.deadline) }
            .sorted { ($0.1, $0.0.description) < ($1.1, $1.0.description) }
    }

    /// The payload of message `id`, if the trace kept it.
    public func message(_ id: Int64) -> Node.Message? {
        if id < firstMessage { return keptMessages[id] }
        let i = Int(id - firstMessage)
        return i < messages.count ? messages[i] : nil
    }

    /// Every message on the wire, soonest delivery first.
    public var inFlight: [InFlightMessage] {
        var out: [InFlightMessage] = []
        func add(_ e: ScheduledEvent<Node>, held: Bool) {
            guard case .deliver(let env) = e.payload else { return }
            out.append(InFlightMessage(id: env.id, from: NodeID(Int(env.from)), to: NodeID(Int(env.to)),
                                       sentAt: env.sentAt, deliverAt: e.time, kind: env.message.kind,
                                       isReply: env.message.isReply, text: env.message.description, held: held))
        }
        for e in state.queue.unordered { add(ScheduledEvent(time: e.key.time, seq: e.key.seq, payload: e.payload), held: false) }
        for h in state.held { for e in h { add(e, held: true) } }
        return out.sorted { ($0.deliverAt, $0.id) < ($1.deliverAt, $1.id) }
    }

    /// Events waiting in the queue (messages, timers, scripted actions).
    public var pendingEventCount: Int { state.queue.count }

    /// A one-line, human-readable account of trace event `index`.
    public func describe(event index: Int) -> String {
        let e = trace[index]
        let name = { (i: Int32) in self.layout.name(NodeID(Int(i))) }
        switch e.kind {
        case .send:
            return "send → \(name(e.peer)) \(message(e.message).map { "\($0)" } ?? "#\(e.message)")"
        case .deliver:
            return "recv ← \(name(e.peer)) \(message(e.message).map { "\($0)" } ?? "#\(e.message)")"
        case .drop:
            let reason = TraceEvent.DropReason(rawValue: e.detail)?.name ?? "?"
            return "drop \(name(e.peer))→\(name(e.node)) \(message(e.message).map { $0.kind } ?? "#\(e.message)") (\(reason))"
        case .timer: return "timer \(trace.text(of: e) ?? "")"
        case .invoke, .ok, .fail, .info:
            let op = trace.operation(of: e)!
            return "\(e.kind.name) \(op.f) \(op.key) \(op.value)"
        default:
            return trace.text(of: e).map { e.kind == .log || e.kind == .state || e.kind == .command ? "\(e.kind.name): \($0)" : $0 }
                ?? e.kind.name
        }
    }

    /// The whole trace as readable lines: `  12.5ms  n1  send → n2 Ping(1)`.
    public func eventLine(_ index: Int) -> String {
        let e = trace[index]
        let t = DurationText.format(e.time)
        let who = e.node >= 0 ? layout.name(NodeID(Int(e.node))) : "*"
        let pad = { (s: String, w: Int) in s.count >= w ? s : String(repeating: " ", count: w - s.count) + s }
        return "\(pad(t, 10))  \(who.padding(toLength: 4, withPad: " ", startingAt: 0)) \(describe(event: index))"
            + e.actorLabel
    }
}
