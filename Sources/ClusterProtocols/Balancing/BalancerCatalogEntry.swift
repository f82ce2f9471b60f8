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
    static let autoscaleSettings: [ParameterSpec] = [
        .count("min", 1...63, note: "at most the backends"), .count("max", 1...63, note: "from min to the backends"),
        .init("high", .probability), .init("low", .probability, note: "below high"), .timer("interval"),
    ]
    /// Weights and factors are bounded so that sums and products of them
    /// (a weighted round's total, `service × slow_factor`) stay far inside Int64.
    static let parameters: [ParameterSpec] = [
        .init("strategy", .choice(BalancingStrategy.allCases.map(\.rawValue))),
        .timer("service"), .count("slow", 0...63, note: "at most the backends (nodes − 1)"),
        .count("slow_factor", 1...1_000),
        .init("distribution", .choice(ServiceDistribution.allCases.map(\.rawValue))),
        .count("concurrency", 1...1_000), .count("queue", 0...1_000_000),
        .init("weights", .counts(1...1_000_000), note: "one per backend"),
        .delay("health_interval", note: "0: no health checks"), .init("ewma_alpha", .probability),
        .init("epsilon", .number(0...10)), .count("keys", 1...10_000_000),
        .init("key_distribution", .choice(KeySampler.Distribution.allCases.map(\.rawValue))),
        .count("retries", 0...20), .delay("retry_backoff"), .delay("timeout", note: "0: never"),
        .count("breaker_failures", 0...1_000_000), .timer("breaker_cooldown"),
        .init("autoscale", .section(autoscaleSettings)),
        .init("metrics_window", .duration(1_000...ParameterSpec.timerRange.upperBound)),
    ]
    static let workload: [ParameterSpec] = [
        .count("requests", 0...100_000_000, note: "per client; 0: forever"),
        .init("arrival", .choice(ArrivalProcess.allCases.map(\.rawValue))),
        .init("rate", .number(0.001...1_000_000), note: "poisson only"),
        .init("peak_rate", .number(0...1_000_000), note: "poisson only"),
        .init("ramp", .duration(ParameterSpec.horizonRange), note: "poisson only"),
    ]

    static let definition = ProtocolDefinition(
        name: "balancer", summary: "A load balancer (n1) in front of backends of unequal speed; seven strategies, retries, breakers, an autoscaler.",
        defaultServers: 4, defaultClients: 6,
        parameters: parameters, workload: workload,
        make: { scenario, options in
            Simulation<BalancerNode>(scenario: scenario, config: try config(scenario), options: options)
        })

    static func config(_ scenario: Scenario) throws -> BalancerConfig {
        let p = try ParameterSection(scenario.parameters, declared: parameters)
        let w = try ParameterSection(scenario.workload, declared: workload)
        guard scenario.servers >= 2 else {
            throw scenario.protocolField.error("balancer needs at least 2 nodes: n1 balances, the rest are backends")
        }
        let backends = scenario.servers - 1
        var c = BalancerConfig()
        c.strategy = BalancingStrategy(rawValue: try p.string("strategy", default: c.strategy.rawValue))!
        c.service = try p.duration("service", default: c.service)
        c.slow = try p.int("slow", default: 0, within: 0...backends)
        c.slowFactor = try p.int("slow_factor", default: c.slowFactor)
        c.distribution = ServiceDistribution(rawValue: try p.string("distribution", default: c.distribution.rawValue))!
        c.concurrency = try p.int("concurrency", default: c.concurrency)
        c.queue = try p.int("queue", default: c.queue)
        c.weights = try p.ints("weights", count: backends) ?? c.weights
        c.healthInterval = try p.duration("health_interval", default: c.healthInterval)
        c.ewmaAlpha = try p.probability("ewma_alpha", default: c.ewmaAlpha)
        c.requestsPerClient = try w.int("requests", default: 100)
        c.epsilon = try p.double("epsilon", default: c.epsilon)
        let keys = try p.int("keys", default: c.keys.count)
        let keyDistribution = try p.string("key_distribution", default: c.keys.distribution.rawValue)
        c.keys = KeySampler(keys: keys, distribution: KeySampler.Distribution(rawValue: keyDistribution)!)
        c.retries = try p.int("retries", default: c.retries)
        c.retryBackoff = try p.duration("retry_backoff", default: c.retryBackoff)
        c.timeout = try p.duration("timeout", default: c.timeout)
        c.breakerFailures = try p.int("breaker_failures", default: c.breakerFailures)
        c.breakerCooldown = try p.duration("breaker_cooldown", default: c.breakerCooldown)
        if let f = try p.field("autoscale") { c.autoscale = try autoscale(p.section("autoscale"), at: f, backends: backends) }
        c.metricsWindow = try p.duration("metrics_window", default: c.metricsWindow)
        c.arrival = ArrivalProcess(rawValue: try w.string("arrival", default: c.arrival.rawValue))!
        c.rate = try w.double("rate", default: c.rate)
        c.peakRate = try w.double("peak_rate", default: c.peakRate)
        c.ramp = try w.duration("ramp", default: c.ramp)
        if c.arrival == .closed, let f = try w.field("rate") ?? w.field("peak_rate") ?? w.field("ramp") {
            throw f.keyError("rate, peak_rate and ramp are for arrival: poisson (closed-loop clients wait for answers)")
        }
        return c
    }

    /// `autoscale: {min, max, high, low, interval}`; spares are the backends beyond `min`.
    static func autoscale(_ a: ParameterSection, at f: YAMLField, backends: Int) throws -> AutoscalePolicy {
        let lo = try a.int("min", default: 1, within: 1...backends)
        let hi = try a.int("max", default: backends, within: lo...backends)
        var policy = AutoscalePolicy(min: lo, max: hi)
        policy.high = try a.probability("high", default: policy.high)
        policy.low = try a.probability("low", default: policy.low)
        policy.interval = try a.duration("interval", default: policy.interval)
        if policy.low >= policy.high { throw f.error("autoscale: low (\(policy.low)) must be below high (\(policy.high))") }
        return policy
    }
}
