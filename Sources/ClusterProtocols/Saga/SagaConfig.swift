import ClusterSim

/// The three steps of the trip-booking saga, in forward order. Step `s` runs
/// at server `n(s.rawValue + 2)`: flight at n2, hotel at n3, car at n4 (n1
/// is the orchestrator, or in choreography the trip service).
public enum SagaStep: Int, Sendable, Hashable, CaseIterable, Comparable, CustomStringConvertible {
    case flight = 0, hotel, car

    public var description: String { ["flight", "hotel", "car"][rawValue] }
    /// The server that runs this step's local transactions.
    public var node: NodeID { NodeID(rawValue + 1) }
    /// The step after this one, nil after the last.
    public var next: SagaStep? { SagaStep(rawValue: rawValue + 1) }
    /// The step before this one, nil before the first.
    public var previous: SagaStep? { SagaStep(rawValue: rawValue - 1) }
    /// The step a server runs, nil for n1 and clients.
    public static func at(_ id: NodeID) -> SagaStep? { SagaStep(rawValue: id.index - 1) }
    public static func < (a: SagaStep, b: SagaStep) -> Bool { a.rawValue < b.rawValue }
}

/// Who drives the saga: one orchestrator that sends each step its command,
/// or services that react to one another's events.
public enum SagaMode: String, Sendable, Hashable, CaseIterable {
    case orchestrated, choreographed
}

/// Deliberate bugs, each of which a checker must catch.
public enum SagaMutation: String, Sendable, Hashable, CaseIterable {
    /// On a failure the orchestrator (or, in choreography, each service)
    /// declares the trip undone without cancelling the steps that completed.
    case skipCompensation = "skip-compensation"
    /// The orchestrator compensates the completed steps first-to-last instead
    /// of last-to-first (orchestrated mode only).
    case compensateInForwardOrder = "compensate-in-forward-order"
    /// A service books again when a reservation it already made arrives
    /// again (a retry or a duplicated message).
    case nonIdempotentStep = "non-idempotent-step"
}

/// What the clients do: one booker books trips one after another, one
/// reader polls the services' bookings.
public struct SagaWorkload: Sendable, Hashable {
    /// Trips the booker books (c1), one after another.
    public var trips = 3
    /// Pause between one trip's answer and the next trip.
    public var think: Int64 = 200_000
    /// How long the booker waits before asking n1 again about a trip.
    public var timeout: Int64 = 1_000_000
    /// How often the reader (c2) asks a service what it has booked.
    public var readEvery: Int64 = 30_000
    public init() {}
}

/// Settings shared by every node of a saga run.
public struct SagaConfig: Sendable, Hashable {
    public var mode: SagaMode = .orchestrated
    /// The step whose local transaction refuses (no seat, no room, no car).
    public var failAt: SagaStep?
    /// With `failAt`: only trips whose number is a multiple of this fail.
    public var failEvery = 1
    /// Any step refuses a trip with this probability (decided once per trip).
    public var failProbability = 0.0
    /// How long a service takes for a step's local transaction.
    public var stepTime: Int64 = 50_000
    /// How often unanswered commands and unacknowledged events are sent again.
    public var retry: Int64 = 150_000
    public var mutations: Set<SagaMutation> = []
    public var workload = SagaWorkload()
    public init() {}

    /// Whether `step` refuses `trip` by configuration (before any chance).
    func refuses(_ step: SagaStep, trip: Int) -> Bool {
        failAt == step && trip % failEvery == 0
    }
}
