import ClusterSim

/// How the balancer chooses a backend for each request.
public enum BalancingStrategy: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    case roundRobin = "round_robin"
    /// Smooth weighted round-robin, as nginx does it.
    case weightedRoundRobin = "weighted_round_robin"
    case leastConnections = "least_connections"
    case random
    /// Two distinct random backends; the one with fewer requests in flight.
    case powerOfTwo = "power_of_two"
    /// Lowest EWMA of reported latency, scaled by in-flight + 1 (peak-EWMA style).
    case leastLatency = "least_latency"
    public var description: String { rawValue }
}

/// How a backend draws each request's service time around its mean.
public enum ServiceDistribution: String, Sendable, Hashable, CaseIterable {
    case exponential, uniform, constant
}

/// The `balancer` protocol's parameters. Node n1 is the balancer, n2… are
/// backends (backend 0 is n2), clients are closed-loop.
public struct BalancerConfig: Sendable {
    public var strategy: BalancingStrategy = .roundRobin
    /// A fast backend's mean service time, microseconds.
    public var service: Int64 = 1_000
    public var distribution: ServiceDistribution = .exponential
    /// How many backends (the first ones: n2, n3, …) are slow.
    public var slow: Int = 0
    /// A slow backend's mean service time is `service × slowFactor`.
    public var slowFactor: Int = 10
    /// Requests a backend serves at once; the rest wait in its queue.
    public var concurrency: Int = 1
    /// Requests a backend's queue holds; beyond it requests are rejected.
    public var queue: Int = 1_000
    /// Weights for `weighted_round_robin`; empty means capacity (fast:
    /// `slowFactor`, slow: 1).
    public var weights: [Int] = []
    /// Health-check period (0: none). A backend missing two pongs in a row
    /// is taken out of rotation and its requests go elsewhere.
    public var healthInterval: Int64 = 50_000
    /// EWMA weight of the newest latency sample for `least_latency`.
    public var ewmaAlpha: Double = 0.3
    /// Requests per client (0: unlimited).
    public var requestsPerClient: Int = 0

    public init() {}

    /// Backend `b`'s mean service time.
    public func meanService(ofBackend b: Int) -> Int64 { b < slow ? service * Int64(slowFactor) : service }

    /// The weights `weighted_round_robin` uses for `backends` backends.
    public func effectiveWeights(backends: Int) -> [Int] {
        if weights.count == backends { return weights }
        return (0..<backends).map { $0 < slow ? 1 : max(1, slowFactor) }
    }
}
