import ClusterSim

/// The `load-balancer` exercise's contract: the student writes only the
/// balancer's choice of backend, against this small interface; the balancer,
/// its backends and its clients are given (`PickerCluster`).
///
/// The balancer tells the picker every request it forwards and every answer
/// that comes back, so a picker that needs counts keeps them itself.
public protocol BackendPicking: Sendable {
    /// A picker for backends `0..<backends` (they are nodes n2, n3, …).
    init(backends: Int, config: LoadBalancerConfig)
    /// The backend the next request goes to (nil: none; the request fails).
    /// `context.random(below:)` is the run's generator.
    mutating func pick(_ context: inout NodeContext<PickerCluster<Self>>) -> Int?
    /// The balancer forwarded a request to `backend`.
    mutating func forwarded(to backend: Int, _ context: inout NodeContext<PickerCluster<Self>>)
    /// `backend` answered one of the requests it was forwarded.
    mutating func completed(at backend: Int, _ context: inout NodeContext<PickerCluster<Self>>)
    /// Requests in flight at each backend as the picker counts them (the
    /// suite compares them with the balancer's own count after every step).
    var inFlight: [Int] { get }
}

/// The exercise's run parameters.
public struct LoadBalancerConfig: Sendable, Hashable {
    public enum Strategy: String, Sendable, Hashable, CaseIterable {
        /// Given: the baseline the suite compares with; the picker is not asked.
        case roundRobin = "round-robin"
        case leastConnections = "least-connections"
        case powerOfTwoChoices = "power-of-two-choices"
    }
    public var strategy: Strategy = .leastConnections
    /// How many backends (the first ones: n2, …) are slow.
    public var slow = 1
    /// A fast backend's mean service time (exponential), µs.
    public var service: Int64 = 1_000
    /// A slow backend's mean service time is `service × slowFactor`.
    public var slowFactor: Int64 = 10
    /// Requests per second from all clients together (open loop, Poisson).
    public var rate: Double = 1_500
    /// Clients stop sending after this long (µs); the run then drains.
    public var sendFor: Int64 = 1_000_000
    /// nil for students; instructors' known-buggy variants of the reference solution read it.
    public var variant: String?

    public init(strategy: Strategy = .leastConnections, slow: Int = 1, variant: String? = nil) {
        self.strategy = strategy; self.slow = slow; self.variant = variant
    }

    /// Backend `b`'s mean service time.
    public func meanService(ofBackend b: Int) -> Int64 { b < slow ? service * slowFactor : service }
}
