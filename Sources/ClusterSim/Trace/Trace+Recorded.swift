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
}

extension InFlightMessage {
    /// A message of a recorded run (the engine builds its own).
    public static func recorded(id: Int64, from: NodeID, to: NodeID, sentAt: Int64, deliverAt: Int64, kind: String,
                                isReply: Bool, text: String, held: Bool) -> InFlightMessage {
        InFlightMessage(id: id, from: from, to: to, sentAt: sentAt, deliverAt: deliverAt, kind: kind,
                        isReply: isReply, text: text, held: held)
    }
}
