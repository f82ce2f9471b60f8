/// The append-only record of a run: events plus the side tables they point
/// into (texts, client operations, which event sent each message).
///
/// Stepping back truncates the trace to a mark and the replay appends the
/// same events again, so the trace is always exactly the run up to now.
///
/// A run that streams its events out can forget them as it goes
/// (`forgetPast`): `events`, `texts` and `sendEvent` then hold only the
/// latest stretch, indices stay those of the whole run (read events with
/// `trace[i]`), and the client history is kept whole.
public struct Trace: Sendable {
    /// The events since the last `forgetPast` (all of them if never): event
    /// `i` of the run is `events[i - firstEvent]`.
    public private(set) var events: [TraceEvent] = []
    /// Log lines, state notes, commands, action descriptions.
    public private(set) var texts: [String] = []
    public private(set) var operations: [HistoryOperation] = []
    /// For message id `m`, the index of the event that sent it.
    public private(set) var sendEvent: [Int32] = []
    /// Events, texts and message ids forgotten so far (0 unless forgotten).
    public private(set) var firstEvent = 0
    private var firstText: Int32 = 0
    private var firstSend: Int64 = 0
    /// Send events of messages that were in flight when their sends were forgotten.
    private var keptSends: [Int64: Int] = [:]

    public init() {}

    /// Events in the whole run, forgotten ones included.
    public var count: Int { firstEvent + events.count }

    /// Event `i` of the run (it must not have been forgotten).
    public subscript(i: Int) -> TraceEvent { events[i - firstEvent] }

    /// Forgets every event, text and send recorded so far, except the sends
    /// of `inFlight` messages (their deliveries still name their cause).
    mutating func forgetPast(keepingSendsOf inFlight: [Int64]) {
        var kept: [Int64: Int] = [:]
        for id in inFlight { if let e = sendOf(message: id) { kept[id] = e } }
        keptSends = kept
        firstEvent += events.count; events.removeAll(keepingCapacity: true)
        firstText += Int32(texts.count); texts.removeAll(keepingCapacity: true)
        firstSend += Int64(sendEvent.count); sendEvent.removeAll(keepingCapacity: true)
    }

    public struct Mark: Sendable, Hashable {
        var events: Int, texts: Int, operations: Int, sends: Int
    }

    /// (Time travel, the only user of marks, needs a trace that never forgot.)
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
        return count - 1
    }

    mutating func addText(_ s: String) -> Int32 {
        texts.append(s)
        return firstText + Int32(texts.count - 1)
    }

    mutating func addOperation(_ op: HistoryOperation) -> Int32 {
        operations.append(op)
        return Int32(operations.count - 1)
    }

    /// Records that message `id` (the next id, ids are dense) was sent by event `index`.
    mutating func noteSend(message id: Int64, event index: Int) {
        assert(id == firstSend + Int64(sendEvent.count), "message ids must be dense")
        sendEvent.append(Int32(truncatingIfNeeded: index))
    }

    /// The text attached to a log, state, command, partition or link event.
    public func text(of e: TraceEvent) -> String? {
        switch e.kind {
        case .log, .state, .command, .partition, .link, .heal, .crash, .restart, .pause, .resume, .start, .delay, .timer:
            let i = Int(e.detail) - Int(firstText)
            return e.detail >= 0 && i >= 0 && i < texts.count ? texts[i] : nil
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

    /// The client history of the run, in order (for the linearizability
    /// checker). Operations are recorded one per event, in event order, and
    /// kept when events are forgotten.
    public var history: [HistoryOperation] { operations }

    /// The event that sent the message a delivery delivered (its cause).
    public func causeOf(_ e: TraceEvent) -> Int? {
        e.kind == .deliver ? sendOf(message: e.message) : nil
    }

    /// The event that sent message `id`.
    public func sendOf(message id: Int64) -> Int? {
        if id < firstSend { return keptSends[id] }
        let i = Int(id - firstSend)
        return i < sendEvent.count ? Int(sendEvent[i]) : nil
    }
}
