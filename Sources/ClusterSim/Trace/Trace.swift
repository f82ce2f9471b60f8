/// The append-only record of a run: events plus the side tables they point
/// into (texts, client operations, which event sent each message).
///
/// Stepping back truncates the trace to a mark and the replay appends the
/// same events again, so the trace is always exactly the run up to now.
public struct Trace: Sendable {
    public private(set) var events: [TraceEvent] = []
    /// Log lines, state notes, commands, action descriptions.
    public private(set) var texts: [String] = []
    public private(set) var operations: [HistoryOperation] = []
    /// For message id `m`, the index of the event that sent it.
    public private(set) var sendEvent: [Int32] = []

    public init() {}

    public var count: Int { events.count }

    public struct Mark: Sendable, Hashable {
        var events: Int, texts: Int, operations: Int, sends: Int
    }

    public var mark: Mark {
        Mark(events: events.count, texts: texts.count, operations: operations.count, sends: sendEvent.count)
    }

    mutating func truncate(to mark: Mark) {
        events.removeSubrange(mark.events...)
        texts.removeSubrange(mark.texts...)
        operations.removeSubrange(mark.operations...)
        sendEvent.removeSubrange(mark.sends...)
    }

    mutating func reserve(_ n: Int) { events.reserveCapacity(n) }

    @discardableResult
    mutating func append(_ e: TraceEvent) -> Int {
        events.append(e)
        return events.count - 1
    }

    mutating func addText(_ s: String) -> Int32 {
        texts.append(s)
        return Int32(texts.count - 1)
    }

    mutating func addOperation(_ op: HistoryOperation) -> Int32 {
        operations.append(op)
        return Int32(operations.count - 1)
    }

    /// Records that message `id` (the next id, ids are dense) was sent by event `index`.
    mutating func noteSend(message id: Int64, event index: Int) {
        assert(Int(id) == sendEvent.count, "message ids must be dense")
        sendEvent.append(Int32(truncatingIfNeeded: index))
    }

    /// The text attached to a log, state, command, partition or link event.
    public func text(of e: TraceEvent) -> String? {
        switch e.kind {
        case .log, .state, .command, .partition, .link, .heal, .crash, .restart, .pause, .resume, .start, .delay, .timer:
            return e.detail >= 0 && Int(e.detail) < texts.count ? texts[Int(e.detail)] : nil
        default: return nil
        }
    }

    /// The client operation of an invoke/ok/fail/info event.
    public func operation(of e: TraceEvent) -> HistoryOperation? {
        switch e.kind {
        case .invoke, .ok, .fail, .info: return operations[Int(e.detail)]
        default: return nil
        }
    }

    /// The client history of the run, in order (for the linearizability checker).
    public var history: [HistoryOperation] {
        events.compactMap { operation(of: $0) }
    }

    /// The event that sent the message a delivery delivered (its cause).
    public func causeOf(_ e: TraceEvent) -> Int? {
        e.kind == .deliver ? sendOf(message: e.message) : nil
    }

    /// The event that sent message `id`.
    public func sendOf(message id: Int64) -> Int? {
        id >= 0 && Int(id) < sendEvent.count ? Int(sendEvent[Int(id)]) : nil
    }
}
