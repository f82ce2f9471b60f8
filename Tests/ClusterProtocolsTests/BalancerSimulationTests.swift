import Testing
import ClusterSim
import ClusterProtocols
import TestSupport

/// Whole runs: the lab's claim that least-connections beats round-robin
/// when one backend is slow, measured end to end with the engine's clock.
@Suite struct BalancerSimulationTests {
    /// Runs to completion and returns every request's true latency
    /// (client send → response, in virtual µs): a closed-loop client sends
    /// its next request the moment a response arrives, so each latency is
    /// the time between a client's consecutive completions.
    static func latencies(_ strategy: BalancingStrategy, seed: UInt64, script: [(time: Int64, action: ClusterAction)] = [])
        -> (sim: Simulation<BalancerNode>, latencies: [Int64]) {
        var c = BalancerConfig()
        c.strategy = strategy; c.service = 1_000; c.slow = 1; c.slowFactor = 10
        c.requestsPerClient = 150
        let layout = ClusterLayout(servers: 5, clients: 8)
        let sim = Simulation<BalancerNode>(layout: layout, config: c, seed: seed,
                                           network: LinkSettings(latency: .uniform(min: 100, max: 500)), script: script,
                                           options: SimulationOptions(clocks: false, trace: false))
        var last = Array(repeating: Int64(0), count: layout.clientCount)
        var seen = Array(repeating: 0, count: layout.clientCount)
        var out: [Int64] = []
        while sim.step() {
            var allDone = true
            for (k, id) in layout.clients.enumerated() {
                guard let client = sim.node(id)?.client else { continue }
                let n = client.succeeded + client.failed
                if n > seen[k] { out.append(sim.now.microseconds - last[k]); last[k] = sim.now.microseconds; seen[k] = n }
                if !client.isDone { allDone = false }
            }
            if allDone { break }
        }
        return (sim, out.sorted())
    }

    static func p99(_ sorted: [Int64]) -> Int64 { sorted[min(sorted.count - 1, Int(Double(sorted.count) * 0.99))] }

    @Test func leastConnectionsHasLowerP99ThanRoundRobinWithOneSlowBackend() {
        for seed in TestSeeds.sweep(20) {
            let rr = Self.latencies(.roundRobin, seed: seed).latencies
            let lc = Self.latencies(.leastConnections, seed: seed).latencies
            #expect(rr.count == 1_200 && lc.count == 1_200, "seed \(seed): not every request completed")
            #expect(Self.p99(lc) < Self.p99(rr),
                    "seed \(seed): p99 least_connections \(Self.p99(lc))us, round_robin \(Self.p99(rr))us (CLUSTERLAB_SEED=\(seed))")
        }
    }

    @Test(arguments: BalancingStrategy.allCases)
    func everyStrategyCompletesEveryRequest(strategy: BalancingStrategy) {
        let seed: UInt64 = 3
        let (sim, lat) = Self.latencies(strategy, seed: seed)
        #expect(lat.count == 1_200, "seed \(seed)")
        let lb = sim.node(NodeID(0))!.balancer!
        #expect(lb.completed == 1_200 && lb.inFlight.allSatisfy { $0 == 0 }, "seed \(seed)")
        #expect(lb.histogram.total == 1_200 && lb.histogram.percentile(0.99) >= lb.histogram.percentile(0.5))
    }

    @Test func roundRobinForwardsExactlyEvenlyInARun() {
        let (sim, _) = Self.latencies(.roundRobin, seed: 5)
        #expect(sim.node(NodeID(0))!.balancer!.forwarded == [300, 300, 300, 300])
    }

    @Test func aCrashedBackendLeavesRotationAndItsRequestsGoElsewhere() {
        for seed in TestSeeds.sweep(5) {
            let (sim, lat) = Self.latencies(.roundRobin, seed: seed, script: [(time: 20_000, action: .crash(NodeID(2)))])
            let lb = sim.node(NodeID(0))!.balancer!
            #expect(lat.count == 1_200, "seed \(seed): requests lost with a backend")
            #expect(lb.live == [true, false, true, true], "seed \(seed)")
        }
    }

    @Test func aBackendThatRestartsBeforeHealthChecksNoticeHasItsLostRequestsResent() {
        for seed in TestSeeds.sweep(5) {
            let script: [(time: Int64, action: ClusterAction)] = [(time: 20_000, action: .crash(NodeID(1))),
                                                                  (time: 21_000, action: .restart(NodeID(1)))]
            let (sim, lat) = Self.latencies(.leastConnections, seed: seed, script: script)
            #expect(lat.count == 1_200, "seed \(seed): requests lost in the restart")
            #expect(sim.node(NodeID(0))!.balancer!.live.allSatisfy { $0 }, "seed \(seed)")
        }
    }

    @Test func theCatalogBuildsABalancerRunAndRejectsUnknownParameters() throws {
        let ok = "protocol: balancer\nnodes: 4\nclients: 3\nparameters: {strategy: power_of_two, slow: 1, weights: \"2,2,1\"}\nworkload: {requests: 5}\n"
        _ = try ProtocolCatalog.makeRun(ProtocolCatalog.scenario(SourceText(name: "t", text: ok)))
        let bad = "protocol: balancer\nnodes: 4\nparameters: {strategy: fastest}\n"
        #expect(throws: (any Error).self) { try ProtocolCatalog.makeRun(ProtocolCatalog.scenario(SourceText(name: "t", text: bad))) }
    }
}
