import ClusterSim
import Foundation  // trimmingCharacters

/// The load balancer as scenario files name it.
///
/// ```yaml
/// protocol: balancer
/// nodes: 4          # n1 balances; n2…n4 are backends
/// clients: 8
/// parameters: {strategy: least_connections, service: 1ms, slow: 1, slow_factor: 10,
///              distribution: exponential, concurrency: 1, queue: 1000,
///              weights: "10,10,1", health_interval: 50ms, ewma_alpha: 0.3,
///              epsilon: 0.25, keys: 1000, key_distribution: zipf,
///              retries: 2, retry_backoff: 1ms, timeout: 50ms,
///              breaker_failures: 5, breaker_cooldown: 100ms,
///              autoscale: {min: 2, max: 6, high: 0.8, low: 0.3, interval: 200ms},
///              metrics_window: 100ms}
/// workload: {requests: 100, arrival: poisson, rate: 5000, peak_rate: 9000, ramp: 2s}
/// ```
/// `requests` is per client (0 runs forever); `rate` is for all clients together.
enum BalancerProtocol {
    static let parameterKeys = ["strategy", "service", "slow", "slow_factor", "distribution", "concurrency",
                                "queue", "weights", "health_interval", "ewma_alpha", "epsilon", "keys",
                                "key_distribution", "retries", "retry_backoff", "timeout", "breaker_failures",
                                "breaker_cooldown", "autoscale", "metrics_window"]

    static let definition = ProtocolDefinition(
        name: "balancer", summary: "A load balancer (n1) in front of backends of unequal speed; seven strategies, retries, breakers, an autoscaler.",
        defaultServers: 4, defaultClients: 6,
        make: { scenario, options in
            Simulation<BalancerNode>(scenario: scenario, config: try config(scenario), options: options)
        })

    static func config(_ scenario: Scenario) throws -> BalancerConfig {
        let p = try ParameterSection(scenario.parameters, allowed: parameterKeys)
        let w = try ParameterSection(scenario.workload, allowed: ["requests", "arrival", "rate", "peak_rate", "ramp"])
        guard scenario.servers >= 2 else {
            throw scenario.protocolField.error("balancer needs at least 2 nodes: n1 balances, the rest are backends")
        }
        let backends = scenario.servers - 1
        var c = BalancerConfig()
        c.strategy = BalancingStrategy(rawValue: try p.string("strategy", default: c.strategy.rawValue,
                                                              oneOf: BalancingStrategy.allCases.map(\.rawValue)))!
        c.service = try p.duration("service", default: c.service)
        c.slow = try p.int("slow", default: 0, in: 0...backends)
        c.slowFactor = try p.int("slow_factor", default: c.slowFactor, in: 1...1_000)
        c.distribution = ServiceDistribution(rawValue: try p.string("distribution", default: c.distribution.rawValue,
                                                                    oneOf: ServiceDistribution.allCases.map(\.rawValue)))!
        c.concurrency = try p.int("concurrency", default: c.concurrency, in: 1...1_000)
        c.queue = try p.int("queue", default: c.queue, in: 0...1_000_000)
        if let f = p.field("weights") {
            let parts = try f.string().split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
            guard parts.count == backends, parts.allSatisfy({ ($0 ?? 0) >= 1 }) else {
                throw f.error("weights: \(backends) positive integers separated by commas, one per backend")
            }
            c.weights = parts.map { $0! }
        }
        c.healthInterval = try p.duration("health_interval", default: c.healthInterval)
        c.ewmaAlpha = try p.probability("ewma_alpha", default: c.ewmaAlpha)
        c.requestsPerClient = try w.int("requests", default: 100, in: 0...100_000_000)
        c.epsilon = try p.field("epsilon")?.double(in: 0...10) ?? c.epsilon
        let keys = try p.int("keys", default: c.keys.count, in: 1...10_000_000)
        let keyDistribution = try p.string("key_distribution", default: c.keys.distribution.rawValue,
                                           oneOf: KeySampler.Distribution.allCases.map(\.rawValue))
        c.keys = KeySampler(keys: keys, distribution: KeySampler.Distribution(rawValue: keyDistribution)!)
        c.retries = try p.int("retries", default: c.retries, in: 0...20)
        c.retryBackoff = try p.duration("retry_backoff", default: c.retryBackoff)
        c.timeout = try p.duration("timeout", default: c.timeout)
        c.breakerFailures = try p.int("breaker_failures", default: c.breakerFailures, in: 0...1_000_000)
        c.breakerCooldown = try p.duration("breaker_cooldown", default: c.breakerCooldown)
        if let f = p.field("autoscale") { c.autoscale = try autoscale(f, backends: backends) }
        c.metricsWindow = try p.duration("metrics_window", default: c.metricsWindow)
        if c.metricsWindow < 1_000, let f = p.field("metrics_window") { throw f.error("metrics_window: at least 1ms") }
        c.arrival = ArrivalProcess(rawValue: try w.string("arrival", default: c.arrival.rawValue,
                                                          oneOf: ArrivalProcess.allCases.map(\.rawValue)))!
        c.rate = try w.field("rate")?.double(in: 0.001...100_000_000) ?? c.rate
        c.peakRate = try w.field("peak_rate")?.double(in: 0...100_000_000) ?? c.peakRate
        c.ramp = try w.duration("ramp", default: c.ramp)
        if c.arrival == .closed, let f = w.field("rate") ?? w.field("peak_rate") ?? w.field("ramp") {
            throw f.keyError("rate, peak_rate and ramp are for arrival: poisson (closed-loop clients wait for answers)")
        }
        return c
    }

    /// `autoscale: {min, max, high, low, interval}`; spares are the backends beyond `min`.
    static func autoscale(_ f: YAMLField, backends: Int) throws -> AutoscalePolicy {
        let a = try ParameterSection(f, allowed: ["min", "max", "high", "low", "interval"])
        let lo = try a.int("min", default: 1, in: 1...backends)
        let hi = try a.int("max", default: backends, in: lo...backends)
        var policy = AutoscalePolicy(min: lo, max: hi)
        policy.high = try a.probability("high", default: policy.high)
        policy.low = try a.probability("low", default: policy.low)
        policy.interval = try a.duration("interval", default: policy.interval)
        if policy.low >= policy.high { throw f.error("autoscale: low (\(policy.low)) must be below high (\(policy.high))") }
        if policy.interval <= 0, let i = a.field("interval") { throw i.error("autoscale: interval must be positive") }
        return policy
    }
}
