/// One backend's circuit breaker: closed (requests flow), open (none go,
/// until a cooldown passes), half-open (one trial request; its success closes
/// the breaker, its failure opens it again).
public struct CircuitBreaker: Sendable, Hashable {
    public enum State: String, Sendable, Hashable { case closed, open, halfOpen = "half-open" }
    public private(set) var state: State = .closed
    /// Consecutive failures while closed.
    public private(set) var failures = 0
    /// Half-open: the one trial request is out.
    public var trialInFlight = false
    public private(set) var openings = 0

    public init() {}

    /// Whether the balancer may send this backend a request now.
    public var admits: Bool {
        switch state {
        case .closed: return true
        case .open: return false
        case .halfOpen: return !trialInFlight
        }
    }

    /// A failure; true when it opened the breaker (the caller starts the cooldown).
    public mutating func failure(threshold: Int) -> Bool {
        guard threshold > 0 else { return false }
        switch state {
        case .closed:
            failures += 1
            guard failures >= threshold else { return false }
        case .halfOpen: break
        case .open: return false
        }
        state = .open; failures = 0; trialInFlight = false; openings += 1
        return true
    }

    /// A success; true when it closed a half-open breaker.
    public mutating func success() -> Bool {
        failures = 0
        guard state == .halfOpen else { return false }
        state = .closed; trialInFlight = false
        return true
    }

    /// The cooldown ended: let one trial through.
    public mutating func cooled() {
        guard state == .open else { return }
        state = .halfOpen; trialInFlight = false
    }
}
