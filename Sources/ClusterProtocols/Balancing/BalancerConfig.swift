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
    /// The request key's owner on a hash ring, unless that backend holds more
    /// than `(1+ε)×` the average load: then the next one clockwise that doesn't
    /// (Mirrokni, Thorup, Zadimoghaddam 2018).
    case consistentHashBounded = "consistent_hash_bounded"
    public var description: String { rawValue }
}

/// How a backend draws each request's service time around its mean.
public enum ServiceDistribution: String, Sendable, Hashable, CaseIterable {
    case exponential, uniform, constant
}

/// How clients send: one request at a time, or at random instants.
public enum ArrivalProcess: String, Sendable, Hashable, CaseIterable {
    /// Each client sends its next request when the previous one is answered.
    case closed
    /// Open loop: requests arrive as a Poisson process of rate `rate`,
    /// answered or not (what overloads a real service).
    case poisson
}

/// The autoscaler's bounds: backends in rotation stay within `min...max`; every
/// `interval` it adds one when utilisation is above `high`, removes one below `low`.
public struct AutoscalePolicy: Sendable, Hashable {
    public var min: Int, max: Int
    public var high: Double, low: Double
    public var interval: Int64
    public init(min: Int, max: Int, high: Double = 0.8, low: Double = 0.3, interval: Int64 = 200_000) {
        self.min = min; self.max = max; self.high = high; self.low = low; self.interval = interval
    }
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
    /// `consistent_hash_bounded`'s slack: no backend takes more than
    /// ⌈(1+ε) × average⌉ requests in flight.
    public var epsilon: Double = 0.25
    /// Which keys requests carry, and how often each.
    public var keys = KeySampler(keys: 1_000, distribution: .uniform)
    public var arrival: ArrivalProcess = .closed
    /// Open loop: requests per second from all clients together.
    public var rate: Double = 1_000
    /// Open loop: the rate rises linearly to `peakRate` over `ramp`, then falls
    /// back over the next `ramp` (0: a constant rate).
    public var peakRate: Double = 0
    public var ramp: Int64 = 0
    /// Extra attempts after a timeout or a rejection (0: none).
    public var retries: Int = 0
    /// The wait before retry k is `retryBackoff × 2^(k-1)`, plus up to as much again at random.
    public var retryBackoff: Int64 = 1_000
    /// An attempt not answered in this long counts as failed (0: never).
    public var timeout: Int64 = 0
    /// Consecutive failures that open a backend's circuit breaker (0: no breaker).
    public var breakerFailures: Int = 0
    /// How long an open breaker stays open before letting one trial request through.
    public var breakerCooldown: Int64 = 100_000
    public var autoscale: AutoscalePolicy? = nil
    /// The window the live p50/p99 and load are measured over.
    public var metricsWindow: Int64 = 100_000

    public init() {}

    /// Backend `b`'s mean service time.
    public func meanService(ofBackend b: Int) -> Int64 {
        b < slow ? SaturatingTime.multiply(service, Int64(slowFactor)) : service
    }

    /// The weights `weighted_round_robin` uses for `backends` backends.
    public func effectiveWeights(backends: Int) -> [Int] {
        if weights.count == backends { return weights }
        return (0..<backends).map { $0 < slow ? 1 : max(1, slowFactor) }
    }
}
