import ClusterSim

/// What a `ClusterRun` over a `RunRecorder` reads the same way, finished or
/// live: clocks from the trace, messages in flight from the recorder's
/// spans, and the event log's lines. All of it reads the record up to
/// `viewedEvents` when stepping back has moved the view into the past.
public protocol RecorderViews: ClusterRun {
    var recorder: RunRecorder { get }
    /// How many events of the record the views show: nil for all of them
    /// (the present), a count after stepping back (see `RecordCursor.swift`).
    var viewedEvents: Int? { get set }
}

extension RecorderViews {
    public var layout: ClusterLayout { recorder.layout }
    public var trace: Trace { viewedEvents.map { recorder.trace(upTo: $0) } ?? recorder.trace }

    public func lamport(of n: NodeID) -> Int64 {
        trace.events.last(where: { Int($0.node) == n.index && $0.ticksClock })?.lamport ?? 0
    }

    public func vectorClock(of n: NodeID) -> VectorClock {
        guard let i = trace.events.lastIndex(where: { Int($0.node) == n.index && $0.ticksClock }) else {
            return VectorClock(count: layout.count)
        }
        return clockIndex.clock(at: i, in: trace) ?? VectorClock(count: layout.count)
    }

    /// Messages in flight at `time` (sent, not yet delivered or dropped).
    public func inFlight(at time: Int64) -> [InFlightMessage] {
        recorder.inFlight(at: time).map { recordedMessage($0, at: time) }
    }

    /// Message `id` as a view of the run at `time` shows it in flight.
    func recordedMessage(_ id: Int64, at time: Int64) -> InFlightMessage {
        let m = recorder.messages[Int(id)]
        return InFlightMessage.recorded(id: id, from: NodeID(m.from), to: NodeID(m.to), sentAt: m.sentAt,
                                        deliverAt: m.endedAt ?? time, kind: m.kind, isReply: m.isReply,
                                        text: m.text, held: false)
    }

    public func messageText(_ id: Int64) -> String? { id >= 0 && id < recorder.messages.count ? recorder.messages[Int(id)].text : nil }
    public func messageKind(_ id: Int64) -> String? { id >= 0 && id < recorder.messages.count ? recorder.messages[Int(id)].kind : nil }

    public func describe(event index: Int) -> String {
        let e = trace[index]
        let name = { (i: Int32) in self.layout.name(NodeID(Int(i))) }
        switch e.kind {
        case .send: return "send → \(name(e.peer)) \(messageText(e.message) ?? "#\(e.message)")"
        case .deliver: return "recv ← \(name(e.peer)) \(messageText(e.message) ?? "#\(e.message)")"
        case .drop:
            let reason = TraceEvent.DropReason(rawValue: e.detail)?.name ?? "?"
            return "drop \(name(e.peer))→\(name(e.node)) \(messageKind(e.message) ?? "#\(e.message)") (\(reason))"
        case .invoke, .ok, .fail, .info:
            let op = trace.operation(of: e)!
            return "\(e.kind.name) \(op.f) \(op.key) \(op.value)"
        default:
            return trace.text(of: e).map { e.kind == .log ? "log: \($0)" : $0 } ?? e.kind.name
        }
    }

    public func eventLine(_ index: Int) -> String {
        let e = trace[index]
        let who = e.node >= 0 ? layout.name(NodeID(Int(e.node))) : "*"
        let t = DurationText.format(e.time)
        return String(repeating: " ", count: max(0, 10 - t.count)) + t + "  " + who.padding(toLength: 4, withPad: " ", startingAt: 0)
            + " " + describe(event: index)
    }
}
