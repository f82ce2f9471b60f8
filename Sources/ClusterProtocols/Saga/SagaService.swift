import ClusterSim

/// One trip's booking at a service, as its local store keeps it.
public struct SagaBooking: Sendable, Hashable {
    public enum State: String, Sendable, Hashable {
        /// The local transaction is running (volatile: lost in a crash).
        case working
        /// Booked and not compensated: readers see it.
        case booked
        /// The local transaction refused (nothing was booked).
        case refused
        /// Compensated, or a cancel came before any booking (a tombstone:
        /// a late reservation must not book it again).
        case cancelled
    }
    public var state: State
    /// Local booking transactions committed for this trip (more than one is a double booking).
    public var seats = 0
    /// Compensating transactions committed for this trip.
    public var cancels = 0
    /// Reads answered while this trip was booked here.
    public var readsServed = 0
    /// Under `non-idempotent-step`: repeats of the reservation that came while it was running.
    var repeats = 0
    /// Who asked for the step (orchestrated: the orchestrator; choreographed: the node before).
    public var requester: NodeID?

    /// Booked and not compensated.
    public var isLive: Bool { seats > cancels }
}

/// A service that runs one step of the saga (flight, hotel or car) with its
/// own local store and local transactions: book a trip, refuse it, or cancel
/// (compensate) it. Every handler is idempotent: a trip is booked at most
/// once and cancelled at most once however often a request arrives, and a
/// cancelled trip stays cancelled (a late reservation is refused).
public struct SagaService: Sendable, Hashable {
    public let step: SagaStep
    public let config: SagaConfig
    /// The local store: one booking per trip it has heard of (durable).
    public private(set) var bookings: [Int: SagaBooking] = [:]
    /// Choreography: events not yet acknowledged (durable).
    public private(set) var outbox: [SagaOutboxEntry] = []
    /// Reads answered that saw a booking compensated afterwards: the saga's missing isolation.
    public private(set) var dirtyReads = 0
    /// Reservations to refuse from now on, set from the keyboard (`fail`).
    public private(set) var failuresArmed = 0

    public init(step: SagaStep, config: SagaConfig, durable: SagaServiceDurable?) {
        self.step = step; self.config = config
        if let d = durable {
            bookings = d.bookings.filter { $0.value.state != .working }
            outbox = d.outbox; dirtyReads = d.dirtyReads
        }
    }

    var durable: SagaServiceDurable { SagaServiceDurable(bookings: bookings, outbox: outbox, dirtyReads: dirtyReads) }

    mutating func start(_ context: inout SagaContext) {
        if config.mode == .choreographed { context.setTimer(.retry, after: config.retry) }
        resendOutbox(&context)
    }

    mutating func receive(_ message: SagaMessage, from: NodeID, _ context: inout SagaContext) {
        switch message {
        case .reserve(let t): reserve(t, from: from, &context)
        case .cancel(let t):
            compensate(t, &context)
            context.send(.cancelled(trip: t), to: from)
        case .event(.proceed, let t):
            reserve(t, from: from, &context)  // acknowledged once the step's local transaction committed
        case .event(.undo, let t):
            context.send(.ack(.undo, trip: t), to: from)
            undo(t, &context)
        case .ack(let e, let t):
            if let i = outbox.firstIndex(where: { $0.to == from && $0.event == e && $0.trip == t }) {
                outbox.remove(at: i); context.persist(.service(durable))
            }
        case .read:
            let live = bookings.filter(\.value.isLive).keys.sorted()
            for t in live { bookings[t]!.readsServed += 1 }
            context.send(.bookings(step: step, trips: live), to: from)
        default: break
        }
    }

    mutating func timerFired(_ tag: SagaTimer, _ context: inout SagaContext) {
        switch tag {
        case .work(let t): finishWork(t, &context)
        case .retry:
            resendOutbox(&context)
            context.setTimer(.retry, after: config.retry)
        default: break
        }
    }

    /// `fail [N]`: refuse the next N new reservations.
    mutating func command(_ text: String, _ context: inout SagaContext) {
        let words = text.split(separator: " ")
        guard words.first == "fail" else {
            context.log("ignores '\(text)': a service takes `fail [N]`"); return
        }
        guard let n = words.count > 1 ? Int(words[1]) : 1, n >= 1, n <= 1000 else {
            context.log("ignores '\(text)': N in `fail [N]` is a whole number 1–1000"); return
        }
        failuresArmed += n
        context.log("will refuse the next \(failuresArmed) reservation(s)")
    }

    /// A request to run this step for `trip`: start the local transaction
    /// unless the trip is already known here (then answer what was decided).
    mutating func reserve(_ t: Int, from: NodeID, _ context: inout SagaContext) {
        if var b = bookings[t] {
            switch b.state {
            case .working:
                if config.mutations.contains(.nonIdempotentStep) { b.repeats += 1; bookings[t] = b }
                return
            case .booked where config.mutations.contains(.nonIdempotentStep):
                b.seats += 1; bookings[t] = b
                context.log("books t\(t) \(step) again (seat \(b.seats))")
                context.persist(.service(durable))
            default: break
            }
            answer(t, to: from, &context)
            return
        }
        bookings[t] = SagaBooking(state: .working, requester: from)
        context.setTimer(.work(trip: t), after: config.stepTime)
    }

    /// The local transaction commits: book, or refuse.
    mutating func finishWork(_ t: Int, _ context: inout SagaContext) {
        guard var b = bookings[t], b.state == .working else { return }
        var refuse = config.refuses(step, trip: t)
        if failuresArmed > 0 { refuse = true; failuresArmed -= 1 }
        if !refuse, config.failProbability > 0, context.chance(config.failProbability) { refuse = true }
        if refuse {
            b.state = .refused
            context.log("refuses t\(t): no \(step) available")
            context.stateChanged("t\(t) \(step) refused")
        } else {
            b.state = .booked; b.seats += 1 + b.repeats
            context.log("books t\(t) \(step)" + (b.repeats > 0 ? " \(b.seats) times" : ""))
            context.stateChanged("t\(t) \(step) booked")
        }
        bookings[t] = b
        if let to = b.requester { answer(t, to: to, &context) }
        context.persist(.service(durable))
    }

    /// Tells the requester what was decided: a reply (orchestrated) or the next event (choreographed).
    mutating func answer(_ t: Int, to: NodeID, _ context: inout SagaContext) {
        guard let b = bookings[t] else { return }
        switch config.mode {
        case .orchestrated:
            switch b.state {
            case .booked: context.send(.reserved(trip: t, ok: true), to: to)
            case .refused, .cancelled: context.send(.reserved(trip: t, ok: false), to: to)
            case .working: break
            }
        case .choreographed:
            if b.state != .working { context.send(.ack(.proceed, trip: t), to: to) }
            switch b.state {
            case .booked: emit(.proceed, t, to: step.next?.node ?? NodeID(0), &context)
            case .refused, .cancelled: emit(.undo, t, to: step.previous?.node ?? NodeID(0), &context)
            case .working: break
            }
        }
    }

    /// The compensating transaction: cancel the trip's booking if it is live.
    /// A trip never heard of gets a tombstone so a late reservation is refused.
    mutating func compensate(_ t: Int, _ context: inout SagaContext) {
        var b = bookings[t] ?? SagaBooking(state: .cancelled)
        if b.isLive {
            b.cancels += 1
            dirtyReads += b.readsServed
            context.log("cancels t\(t) \(step) (compensation)")
            context.stateChanged("t\(t) \(step) cancelled")
        }
        if b.state == .working { context.cancelTimer(.work(trip: t)) }
        if b.state != .refused { b.state = .cancelled }
        bookings[t] = b
        context.persist(.service(durable))
    }

    /// Choreography: a later step failed or was undone; compensate and pass it back.
    mutating func undo(_ t: Int, _ context: inout SagaContext) {
        if bookings[t]?.state == .cancelled || bookings[t]?.state == .refused { return }
        if config.mutations.contains(.skipCompensation) {
            var b = bookings[t] ?? SagaBooking(state: .cancelled)
            b.state = .cancelled; bookings[t] = b
            context.log("passes undo of t\(t) back without cancelling \(step)")
        } else {
            compensate(t, &context)
        }
        emit(.undo, t, to: step.previous?.node ?? NodeID(0), &context)
    }

    mutating func emit(_ e: SagaEvent, _ t: Int, to: NodeID, _ context: inout SagaContext) {
        let entry = SagaOutboxEntry(to: to, event: e, trip: t)
        if !outbox.contains(entry) { outbox.append(entry); context.persist(.service(durable)) }
        context.send(.event(e, trip: t), to: to)
    }

    func resendOutbox(_ context: inout SagaContext) {
        for e in outbox { context.send(.event(e.event, trip: e.trip), to: e.to) }
    }

    public var summary: NodeSummary {
        let live = bookings.filter(\.value.isLive).keys.sorted()
        let working = bookings.filter { $0.value.state == .working }.keys.sorted()
        let cancelled = bookings.values.reduce(0) { $0 + $1.cancels }
        let refused = bookings.values.filter { $0.state == .refused }.count
        var fields = [NodeSummary.Field("trips", Self.trips(live)),
                      NodeSummary.Field("booked", "\(live.count)"),
                      NodeSummary.Field("cancelled", "\(cancelled)"),
                      NodeSummary.Field("refused", "\(refused)"),
                      NodeSummary.Field("dirty_reads", "\(dirtyReads)")]
        if !working.isEmpty { fields.append(.init("working", Self.trips(working))) }
        if config.mode == .choreographed { fields.append(.init("outbox", "\(outbox.count)")) }
        if failuresArmed > 0 { fields.append(.init("fail", "\(failuresArmed)")) }
        let details = bookings.keys.sorted().map { t -> String in
            let b = bookings[t]!
            return "t\(t): \(b.state.rawValue) seats=\(b.seats) cancels=\(b.cancels) reads=\(b.readsServed)"
        } + outbox.map { "outbox: \($0.event.rawValue) t\($0.trip) to n\($0.to.index + 1)" }
        return NodeSummary(role: step.description, tone: working.isEmpty ? .follower : .candidate,
                           fields: fields, details: details)
    }

    static func trips(_ ts: [Int]) -> String { ts.isEmpty ? "-" : ts.map { "t\($0)" }.joined(separator: " ") }
}

/// What a service keeps across a crash: its local store and its outbox.
public struct SagaServiceDurable: Sendable, Hashable {
    public var bookings: [Int: SagaBooking]
    public var outbox: [SagaOutboxEntry]
    public var dirtyReads: Int
}
