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
///              weights: "10,10,1", health_interval: 50ms, ewma_alpha: 0.3}
/// workload: {requests: 100}   # per client; 0 runs forever
/// ```
enum BalancerProtocol {
    static let parameterKeys = ["strategy", "service", "slow", "slow_factor", "distribution", "concurrency",
                                "queue", "weights", "health_interval", "ewma_alpha"]

    static let definition = ProtocolDefinition(
        name: "balancer", summary: "A load balancer (n1) in front of backends of unequal speed; six strategies.",
        defaultServers: 4, defaultClients: 6,
        make: { scenario, options in
            Simulation<BalancerNode>(scenario: scenario, config: try config(scenario), options: options)
        })

    static func config(_ scenario: Scenario) throws -> BalancerConfig {
        let p = try ParameterSection(scenario.parameters, allowed: parameterKeys)
        let w = try ParameterSection(scenario.workload, allowed: ["requests"])
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
        return c
    }
}
