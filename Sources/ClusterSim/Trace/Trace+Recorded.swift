/// Recording a run that happens outside the engine (Maelstrom nodes as OS
/// processes, in wall-clock time): the same events, side tables and message
/// causality as a simulated run, so the exports, vector clocks and views work
/// on it unchanged. The recorder owns Lamport clocks and message ids.
extension Trace {
    /// Appends an event; `step` is its index (a recorded run has no engine steps).
    @discardableResult
    public mutating func record(_ kind: TraceEvent.Kind, time: Int64, node: Int, peer: Int = -1, message: Int64 = -1,
                                lamport: Int64 = 0, detail: Int32 = -1, flags: UInt8 = 0) -> Int {
        let e = TraceEvent(time: time, lamport: lamport, step: Int64(count), message: message,
                           node: Int32(truncatingIfNeeded: node), peer: Int32(truncatingIfNeeded: peer),
                           detail: detail, kind: kind, flags: flags)
        return append(e)
    }

    /// Keeps a text (log line, partition description) and returns its index for `detail`.
    public mutating func recordText(_ s: String) -> Int32 { addText(s) }

    /// Keeps a client operation and returns its index for `detail`.
    public mutating func recordOperation(_ op: HistoryOperation) -> Int32 { addOperation(op) }

    /// The id the next recorded message gets (ids are dense, from 0).
    public var nextMessageID: Int64 { Int64(sendEvent.count) }

    /// Notes that message `id` (which must be `nextMessageID`) was sent by event `index`.
    public mutating func recordSend(message id: Int64, event index: Int) { noteSend(message: id, event: index) }

    /// The record as it stood after its first `count` events: those events,
    /// and the texts, operations and sends they use (each is kept just
    /// before its event, so they are a prefix too). What a view stepping
    /// back through a recorded run reads. The trace must never have forgotten.
    public func prefix(events count: Int) -> Trace {
        precondition(firstEvent == 0, "a trace that forgot its past has no prefix")
        let count = max(0, min(count, events.count))
        var texts = 0, operations = 0, sends = 0
        for e in events[..<count] {
            switch e.kind {
            case .send: sends = max(sends, Int(e.message) + 1)
            case .invoke, .ok, .fail, .info: operations = max(operations, Int(e.detail) + 1)
            default: if text(of: e) != nil { texts = max(texts, Int(e.detail) + 1) }
            }
        }
        var cut = self
        cut.truncate(to: Mark(events: count, texts: texts, operations: operations, sends: sends))
        return cut
    }
}

extension InFlightMessage {
    /// A message of a recorded run (the engine builds its own).
    public static func recorded(id: Int64, from: NodeID, to: NodeID, sentAt: Int64, deliverAt: Int64, kind: String,
                                isReply: Bool, text: String, held: Bool) -> InFlightMessage {
        InFlightMessage(id: id, from: from, to: to, sentAt: sentAt, deliverAt: deliverAt, kind: kind,
                        isReply: isReply, text: text, held: held)
    }
}
