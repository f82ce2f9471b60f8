import ClusterSim

/// An event of the choreography, sent with at-least-once delivery (kept in
/// the sender's outbox until acknowledged).
public enum SagaEvent: String, Sendable, Hashable {
    /// Go forward: the trip was requested (n1 → flight) or the step before booked.
    case proceed
    /// Go back: a later step refused or was undone.
    case undo
}

/// Messages of the trip-booking saga.
public enum SagaMessage: ProtocolMessage, Hashable {
    /// Booker → n1: book trip `trip` (sent again until answered).
    case bookTrip(trip: Int)
    /// n1 → booker: the trip is booked (`booked`) or was undone.
    case tripResult(trip: Int, booked: Bool)
    /// Orchestrator → service: run your step's local transaction for `trip`.
    case reserve(trip: Int)
    /// Service → orchestrator: the step committed (`ok`) or refused.
    case reserved(trip: Int, ok: Bool)
    /// Orchestrator → service: run the compensating transaction.
    case cancel(trip: Int)
    /// Service → orchestrator: compensated (or there was nothing to compensate).
    case cancelled(trip: Int)
    /// Choreography: an event about `trip` for the next (or previous) node.
    case event(SagaEvent, trip: Int)
    /// Choreography: the event was received; the sender drops it from its outbox.
    case ack(SagaEvent, trip: Int)
    /// Reader → service: which trips have you booked?
    case read
    /// Service → reader: the trips booked there now.
    case bookings(step: SagaStep, trips: [Int])

    public var kind: String {
        switch self {
        case .bookTrip: "BookTrip"
        case .tripResult: "TripResult"
        case .reserve: "Reserve"
        case .reserved: "Reserved"
        case .cancel: "Cancel"
        case .cancelled: "Cancelled"
        case .event(let e, _): e == .proceed ? "Proceed" : "Undo"
        case .ack: "Ack"
        case .read: "Read"
        case .bookings: "Bookings"
        }
    }

    public var isReply: Bool {
        switch self {
        case .tripResult, .reserved, .cancelled, .ack, .bookings: true
        default: false
        }
    }

    public var description: String {
        switch self {
        case .bookTrip(let t): "BookTrip t\(t)"
        case .tripResult(let t, let b): "TripResult t\(t) \(b ? "booked" : "undone")"
        case .reserve(let t): "Reserve t\(t)"
        case .reserved(let t, let ok): "Reserved t\(t) \(ok ? "ok" : "refused")"
        case .cancel(let t): "Cancel t\(t)"
        case .cancelled(let t): "Cancelled t\(t)"
        case .event(_, let t): "\(kind) t\(t)"
        case .ack(let e, let t): "Ack \(e.rawValue) t\(t)"
        case .read: "Read"
        case .bookings(let s, let trips): "Bookings \(s): " + (trips.isEmpty ? "none" : trips.map { "t\($0)" }.joined(separator: " "))
        }
    }
}

/// The timers of a saga run's nodes.
public enum SagaTimer: Hashable, Sendable, CustomStringConvertible {
    /// Send unanswered commands / unacknowledged events again.
    case retry
    /// A service's local transaction for a trip finishes.
    case work(trip: Int)
    /// The booker starts its next trip.
    case nextTrip
    /// The booker asks again about its trip.
    case bookTimeout
    /// The reader reads the next service.
    case read

    public var description: String {
        switch self {
        case .retry: "retry"
        case .work(let t): "work t\(t)"
        case .nextTrip: "next-trip"
        case .bookTimeout: "book-timeout"
        case .read: "read"
        }
    }
}

/// A message waiting in a choreography node's outbox for its acknowledgement.
public struct SagaOutboxEntry: Sendable, Hashable {
    public var to: NodeID
    public var event: SagaEvent
    public var trip: Int
}
