import ClusterSim

/// n1 in choreographed mode: it takes trip requests and publishes the first
/// event, then learns the outcome from the events that come back (the car's
/// `proceed`: booked; the flight's `undo`: undone). It drives nothing: each
/// service reacts to its neighbour's event, and a refusal travels back as
/// `undo` events, each service compensating its own step.
public struct SagaTripService: Sendable, Hashable {
    public let config: SagaConfig
    /// Trips requested, and their outcome once known (true: booked) (durable).
    public private(set) var trips: [Int: Bool?] = [:]
    /// Who asked for each trip.
    public private(set) var clients: [Int: NodeID] = [:]
    /// Events not yet acknowledged (durable).
    public private(set) var outbox: [SagaOutboxEntry] = []

    public init(config: SagaConfig, durable: SagaTripServiceDurable?) {
        self.config = config
        if let d = durable { trips = d.trips; clients = d.clients; outbox = d.outbox }
    }

    var durable: SagaTripServiceDurable { SagaTripServiceDurable(trips: trips, clients: clients, outbox: outbox) }

    mutating func start(_ context: inout SagaContext) {
        context.setTimer(.retry, after: config.retry)
        for e in outbox { context.send(.event(e.event, trip: e.trip), to: e.to) }
    }

    mutating func receive(_ message: SagaMessage, from: NodeID, _ context: inout SagaContext) {
        switch message {
        case .bookTrip(let t):
            clients[t] = from
            if let outcome = trips[t] {
                if let booked = outcome { context.send(.tripResult(trip: t, booked: booked), to: from) }
                return
            }
            trips[t] = .some(nil)
            let entry = SagaOutboxEntry(to: SagaStep.flight.node, event: .proceed, trip: t)
            outbox.append(entry)
            context.persist(.tripService(durable))
            context.log("publishes trip t\(t) requested")
            context.send(.event(.proceed, trip: t), to: entry.to)
        case .event(let e, let t):
            context.send(.ack(e, trip: t), to: from)
            guard let outcome = trips[t], outcome == nil else { return }
            let booked = e == .proceed
            trips[t] = .some(booked)
            context.persist(.tripService(durable))
            context.stateChanged("t\(t) \(booked ? "completed" : "compensated")")
            if let c = clients[t] { context.send(.tripResult(trip: t, booked: booked), to: c) }
        case .ack(let e, let t):
            if let i = outbox.firstIndex(where: { $0.to == from && $0.event == e && $0.trip == t }) {
                outbox.remove(at: i); context.persist(.tripService(durable))
            }
        default: break
        }
    }

    mutating func timerFired(_ tag: SagaTimer, _ context: inout SagaContext) {
        guard tag == .retry else { return }
        for e in outbox { context.send(.event(e.event, trip: e.trip), to: e.to) }
        context.setTimer(.retry, after: config.retry)
    }

    /// Finished trips and whether each completed (for the checkers).
    var outcomes: [Int: Bool] { trips.compactMapValues { $0 } }

    public var summary: NodeSummary {
        let running = trips.filter { $0.value == nil }.keys.sorted()
        let latest = trips.keys.max().map { t in "t\(t) " + (trips[t]! == nil ? "running" : trips[t]!! ? "done" : "undone") }
        let fields = [NodeSummary.Field("saga", latest ?? "-"),
                      NodeSummary.Field("running", "\(running.count)"),
                      NodeSummary.Field("completed", "\(trips.values.filter { $0 == true }.count)"),
                      NodeSummary.Field("compensated", "\(trips.values.filter { $0 == false }.count)"),
                      NodeSummary.Field("outbox", "\(outbox.count)")]
        let details = trips.keys.sorted().map { t -> String in
            switch trips[t]! {
            case nil: "t\(t) running"
            case true?: "t\(t) completed"
            case false?: "t\(t) compensated"
            }
        }
        return NodeSummary(role: "trips", tone: .leader, fields: fields, details: details)
    }
}

/// What the trip service keeps across a crash.
public struct SagaTripServiceDurable: Sendable, Hashable {
    public var trips: [Int: Bool?]
    public var clients: [Int: NodeID]
    public var outbox: [SagaOutboxEntry]
}
