import ArgumentParser
import ClusterSim
import ClusterProtocols

/// A load balancer in front of backends (one of them slow) under closed-loop
/// clients. `p50_us`/`p99_us` are the balancer's latencies as the backends
/// report them (queue wait + service, no network).
struct BalancerBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "balancer",
        abstract: "A load balancer, backends of unequal speed and closed-loop clients.")

    @Option(help: "Backends (the balancer is one more node).") var backends = 10
    @Option(help: "Requests in all.") var requests = 1_000_000
    @Option(help: "Closed-loop clients.") var clients = 100
    @Option(help: "round_robin, weighted_round_robin, least_connections, random, power_of_two, least_latency, consistent_hash_bounded.")
    var strategy = "least_connections"
    @Option(help: "Slow backends.") var slow = 1
    @Option(help: "Mean service time of a fast backend, microseconds.") var service: Int64 = 1_000
    @Option(help: "Lamport and vector clocks on every event.") var clocks: OnOff = .off
    @Option(help: "Record every event in the trace.") var trace: OnOff = .off
    @Option(help: "Seed.") var seed: UInt64 = 1

    func validate() throws {
        try FlagRange.check("--backends", backends, 1...255)
        try FlagRange.check("--clients", clients, 1...10_000)
        try FlagRange.check("--requests", requests, 1...1_000_000_000)
        try FlagRange.check("--service", service, ParameterSpec.timerRange)
        guard BalancingStrategy(rawValue: strategy) != nil else {
            throw ValidationError("--strategy: one of \(BalancingStrategy.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        guard slow >= 0, slow <= backends else { throw ValidationError("--slow must be in 0...\(backends)") }
    }

    func run() throws {
        var config = BalancerConfig()
        config.strategy = BalancingStrategy(rawValue: strategy)!
        config.slow = slow
        config.service = service
        config.requestsPerClient = (requests + clients - 1) / clients
        let total = config.requestsPerClient * clients
        let layout = ClusterLayout(servers: backends + 1, clients: clients)
        let sim = Simulation<BalancerNode>(layout: layout, config: config, seed: seed,
                                           network: LinkSettings(latency: .uniform(min: 100, max: 500)),
                                           options: SimulationOptions(clocks: clocks.isOn, trace: trace.isOn))
        let n1 = NodeID(0)
        func finished() -> Bool { sim.node(n1).map { $0.balancer!.completed + $0.balancer!.rejected >= total } ?? true }
        let start = Wall.now()
        var steps = 0
        while sim.step() {
            steps &+= 1
            if steps & 1023 == 0, finished() { break }
        }
        _ = finished()
        let wall = Wall.now() - start
        let deliveries = layout.all.reduce(0) { $0 + (sim.node($1)?.received ?? 0) }
        let lb = sim.node(n1)!.balancer!
        let done = lb.completed + lb.rejected
        let perSecond = wall > 0 ? Double(done) / wall : 0
        print("steps=\(sim.stepCount) peak_rss_mb=\(Wall.peakRSSMegabytes()) strategy=\(strategy) requests_per_s=\(String(format: "%.0f", perSecond))")
        print(BenchLine.result(deliveries: deliveries, virtualMicroseconds: sim.now.microseconds, wall: wall)
              + " requests=\(done) p50_us=\(lb.histogram.percentile(0.5)) p99_us=\(lb.histogram.percentile(0.99))")
    }
}
