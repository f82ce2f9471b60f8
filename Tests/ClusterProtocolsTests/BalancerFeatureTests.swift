import Testing
import ClusterSim
import ClusterProtocols
import TestSupport

/// Issue 7 item 3: bounded-load consistent hashing, keys, open-loop arrivals,
/// the live strategy switch and the windowed metrics, engine-free where the
/// feature allows and in whole runs where it is about behaviour.
@Suite struct BalancerFeatureTests {
    static func sim(_ c: BalancerConfig, servers: Int = 5, clients: Int = 8, seed: UInt64,
                    script: [(time: Int64, action: ClusterAction)] = []) -> Simulation<BalancerNode> {
        Simulation<BalancerNode>(layout: ClusterLayout(servers: servers, clients: clients), config: c, seed: seed,
                                 network: LinkSettings(latency: .uniform(min: 100, max: 500)), script: script,
                                 options: SimulationOptions(clocks: false, trace: false))
    }

    static func balancer(_ s: Simulation<BalancerNode>) -> LoadBalancer { s.node(NodeID(0))!.balancer! }

    // MARK: consistent hashing with bounded loads

    @Test func boundedLoadsKeepEveryBackendWithinCapacityEvenForAHotKey() {
        for seed in TestSeeds.sweep(20) {
            var random = SeededRandom(seed: seed)
            let n = 3 + Int(random.below(8))
            let epsilon = [0.1, 0.25, 0.5, 1.0][Int(random.below(4))]
            var picker = BackendPicker(strategy: .consistentHashBounded, weights: Array(repeating: 1, count: n), epsilon: epsilon)
            let keys = KeySampler(keys: 100, distribution: .zipf)
            var inFlight = Array(repeating: 0, count: n)
            let live = Array(repeating: true, count: n)
            for _ in 0..<500 {
                let key = keys.draw { Int(random.below(UInt64($0))) }
                let cap = picker.boundedCapacity(live: live, inFlight: inFlight)
                let b = picker.pick(live: live, inFlight: inFlight, latency: [], key: key, random: { Int(random.below(UInt64($0))) })!
                #expect(inFlight[b] < cap, "seed \(seed): n\(b + 2) had \(inFlight[b]) with capacity \(cap)")
                inFlight[b] += 1
                let total = inFlight.reduce(0, +)
                #expect(Double(inFlight.max()!) <= (1 + epsilon) * Double(total) / Double(n) + 1, "seed \(seed): \(inFlight)")
            }
        }
    }

    @Test func withoutTheBoundAHotKeyPilesOntoOneBackend() {
        // The checker above can fail: a huge ε is plain consistent hashing,
        // and a Zipf workload's hot key overloads its owner.
        var picker = BackendPicker(strategy: .consistentHashBounded, weights: [1, 1, 1, 1, 1], epsilon: 10)
        var random = SeededRandom(seed: 1)
        var inFlight = [0, 0, 0, 0, 0]
        let keys = KeySampler(keys: 100, distribution: .zipf)
        for _ in 0..<500 {
            let key = keys.draw { Int(random.below(UInt64($0))) }
            inFlight[picker.pick(live: [true, true, true, true, true], inFlight: inFlight, latency: [], key: key,
                                 random: { Int(random.below(UInt64($0))) })!] += 1
        }
        #expect(Double(inFlight.max()!) > 1.25 * 500 / 5, "seed 1: \(inFlight)")
    }

    @Test func aKeyGoesToItsRingOwnerWhileLoadIsEven() {
        let picker0 = BackendPicker(strategy: .consistentHashBounded, weights: [1, 1, 1, 1], epsilon: 0.25)
        for key in 0..<200 {
            var picker = picker0
            let b = picker.pick(live: [true, true, true, true], inFlight: [0, 0, 0, 0], latency: [], key: key, random: { _ in 0 })
            #expect(b == picker0.ring!.owner(of: key), "key \(key)")
        }
        // A dead owner's keys move clockwise to one live backend, the same every time.
        let key = 7, owner = picker0.ring!.owner(of: key)!
        var live = [true, true, true, true]; live[owner] = false
        var p1 = picker0, p2 = picker0
        let a = p1.pick(live: live, inFlight: [0, 0, 0, 0], latency: [], key: key, random: { _ in 0 })
        let b = p2.pick(live: live, inFlight: [0, 0, 0, 0], latency: [], key: key, random: { _ in 0 })
        #expect(a != nil && a != owner && a == b)
    }

    @Test func zipfKeysAreSkewedAndUniformKeysAreNot() {
        var random = SeededRandom(seed: 3)
        let zipf = KeySampler(keys: 1_000, distribution: .zipf), uniform = KeySampler(keys: 1_000, distribution: .uniform)
        var hotZ = 0, hotU = 0
        for _ in 0..<50_000 {
            if zipf.draw({ Int(random.below(UInt64($0))) }) == 0 { hotZ += 1 }
            if uniform.draw({ Int(random.below(UInt64($0))) }) == 0 { hotU += 1 }
        }
        // Key 0's Zipf share is 1/H(1000) ≈ 13.4%; uniform 0.1%.
        #expect(abs(Double(hotZ) / 50_000 - 0.134) < 0.01, "seed 3: \(hotZ)")
        #expect(hotU < 150, "seed 3: \(hotU)")
    }

    @Test func aConsistentHashRunCompletesEveryRequestAndSpreadsLoad() {
        for seed in TestSeeds.sweep(5) {
            var c = BalancerConfig()
            c.strategy = .consistentHashBounded; c.requestsPerClient = 100
            c.keys = KeySampler(keys: 50, distribution: .zipf)
            let s = Self.sim(c, seed: seed)
            s.run(until: { Self.balancer($0).completed == 800 }, limit: .seconds(60))
            let lb = Self.balancer(s)
            #expect(lb.completed == 800, "seed \(seed)")
            #expect(lb.forwarded.allSatisfy { $0 > 0 }, "seed \(seed): \(lb.forwarded)")
        }
    }

    // MARK: open-loop arrivals

    @Test func poissonClientsSendAtTheRateWhateverTheAnswers() {
        for seed in TestSeeds.sweep(5) {
            var c = BalancerConfig()
            c.arrival = .poisson; c.rate = 2_000; c.requestsPerClient = 0
            let s = Self.sim(c, clients: 4, seed: seed)
            s.run(until: .seconds(2))
            let sent = (5..<9).reduce(0) { $0 + s.node(NodeID($1))!.client!.sent }
            #expect(abs(sent - 4_000) < 250, "seed \(seed): sent \(sent) in 2s at 2000/s")
        }
    }

    @Test func anOpenLoopOverloadGrowsTheQueueAClosedLoopCannot() {
        // Three backends of 1ms serve 3000/s; 4000/s open loop must queue up.
        var c = BalancerConfig()
        c.arrival = .poisson; c.rate = 4_000; c.requestsPerClient = 0; c.queue = 1_000_000
        let seed: UInt64 = 2
        let s = Self.sim(c, servers: 4, clients: 4, seed: seed)
        s.run(until: .seconds(1))
        let q1 = Self.balancer(s).inFlight.reduce(0, +)
        s.run(until: .seconds(2))
        let q2 = Self.balancer(s).inFlight.reduce(0, +)
        #expect(q1 > 300 && q2 > q1 + 300, "seed \(seed): in flight \(q1) then \(q2)")
    }

    @Test func theRampRisesToThePeakAndFallsBack() {
        var c = BalancerConfig()
        c.arrival = .poisson; c.rate = 1_000; c.peakRate = 3_000; c.ramp = 1_000_000
        let s = Self.sim(c, clients: 2, seed: 1)
        let client = s.node(NodeID(5))!.client!
        #expect(client.rate(at: 0) == 500)
        #expect(client.rate(at: 500_000) == 1_000)
        #expect(client.rate(at: 1_000_000) == 1_500)
        #expect(client.rate(at: 2_000_000) == 500 && client.rate(at: 5_000_000) == 500)
    }

    // MARK: live strategy switch and windowed metrics

    @Test func strategyCommandSwitchesLiveAndABadOneChangesNothing() {
        var c = BalancerConfig()
        c.requestsPerClient = 0
        let s = Self.sim(c, seed: 1)
        s.run(until: .ms(50))
        s.perform(.command(NodeID(0), "strategy power_of_two"))
        #expect(Self.balancer(s).strategy == .powerOfTwo && Self.balancer(s).picker.strategy == .powerOfTwo)
        s.perform(.command(NodeID(0), "strategy fastest"))
        #expect(Self.balancer(s).strategy == .powerOfTwo)
        let shown = s.summary(of: NodeID(0))?.fields.first { $0.name == "strategy" }?.value
        #expect(shown == "power_of_two")
        let parsed = try? CommandSyntax.action("request n1 strategy least_connections", s.layout)
        #expect(parsed == .command(NodeID(0), "strategy least_connections"))
    }

    /// The windowed p99 (the `p99` field) with one slow backend, before and
    /// after a live switch from round-robin to least-connections.
    @Test func switchingToLeastConnectionsLowersTheWindowedP99() {
        for seed in TestSeeds.sweep(5) {
            var c = BalancerConfig()
            // The slow backend serves 100/s; round-robin sends it 160/s, so its queue grows.
            c.slow = 1; c.slowFactor = 10; c.arrival = .poisson; c.rate = 800; c.requestsPerClient = 0
            let s = Self.sim(c, servers: 6, clients: 4, seed: seed,
                             script: [(time: 1_500_000, action: .command(NodeID(0), "strategy least_connections"))])
            s.run(until: .ms(1_490))
            let before = Self.balancer(s).metrics.p99[5]
            s.run(until: .seconds(4))
            let after = Self.balancer(s).metrics.p99[5]
            #expect(before > 150_000 && after < 60_000, "seed \(seed): p99 round_robin \(before)us, least_connections \(after)us")
            let shown = s.summary(of: NodeID(0))?.fields.first { $0.name == "p99" }?.value
            #expect(shown == "\(after)us", "seed \(seed)")
        }
    }

    @Test func metricRowsCoverEveryBackendAndAllWithBoundedLoad() {
        var c = BalancerConfig()
        c.slow = 1; c.requestsPerClient = 0; c.metricsWindow = 50_000
        let s = Self.sim(c, seed: 4)
        s.run(until: .ms(600))
        let summary = s.summary(of: NodeID(0))
        let rows = summary?.metrics ?? []
        #expect(rows.map(\.label) == ["n2", "n3", "n4", "n5", "all"])
        for r in rows {
            let load = r.metric("load")!
            #expect(load.value >= 0 && load.value <= 1 && load.history.count == 12, "seed 4: \(r.label) \(load)")
            #expect(r.metric("p99")!.value >= r.metric("p50")!.value, "seed 4: \(r.label)")
        }
        // The slow backend (n2) is the busiest.
        #expect(rows[0].metric("load")!.value > rows[1].metric("load")!.value, "seed 4")
        // Backends and clients publish no metrics.
        let backend = s.summary(of: NodeID(1))
        #expect(backend?.metrics.isEmpty == true)
    }

    @Test func catalogReadsTheNewParametersAndPointsAtBadOnes() throws {
        let ok = """
        protocol: balancer
        nodes: 5
        clients: 3
        parameters: {strategy: consistent_hash_bounded, epsilon: 0.5, keys: 20, key_distribution: zipf, retries: 2,
                     retry_backoff: 2ms, timeout: 30ms, breaker_failures: 3, breaker_cooldown: 50ms,
                     autoscale: {min: 2, max: 4, high: 0.7, low: 0.2, interval: 100ms}, metrics_window: 50ms}
        workload: {requests: 10, arrival: poisson, rate: 500, peak_rate: 900, ramp: 1s}

        """
        _ = try ProtocolCatalog.makeRun(ProtocolCatalog.scenario(SourceText(name: "t", text: ok)))
        let bad: [(String, String)] = [
            ("parameters: {autoscale: {min: 2, max: 3, high: 0.3, low: 0.5}}", "low"),
            ("parameters: {key_distribution: pareto}", "pareto"),
            ("parameters: {autoscale: {min: 5}}", "min"),
            ("workload: {rate: 100}", "arrival: poisson"),
            ("parameters: {metrics_window: 10us}", "metrics_window"),
        ]
        for (line, word) in bad {
            let text = "protocol: balancer\nnodes: 4\n\(line)\n"
            do {
                _ = try ProtocolCatalog.makeRun(ProtocolCatalog.scenario(SourceText(name: "t.yaml", text: text)))
                Issue.record("accepted \(line)")
            } catch {
                let message = "\(error)"
                #expect(message.contains("t.yaml:3:") && message.contains(word), "\(line): \(message)")
            }
        }
    }
}
