import Testing
import Foundation
import ClusterSim
import ClusterProtocols
import TestSupport

/// Durations near the largest a scenario accepts (9·10¹⁵ µs), a 1000× slow
/// link and reordering used to overflow virtual-time arithmetic and trap
/// (issue 12). These run in-process only because the arithmetic saturates
/// now; `aScenarioAndALabWithSuchANetworkExitCleanly` shows the same through
/// the command line, where a trap would be exit 132.
@Suite struct SaturatingTimeTests {
    static let longest: Int64 = 8_999_999_999_999_999
    static let slowLink = LinkSettings(latency: .constant(longest), reorder: 1, slowdown: 1000)

    @Test func arithmeticClampsAtTheEndsOfInt64() {
        #expect(SaturatingTime.add(.max - 1, 5) == .max)
        #expect(SaturatingTime.add(.min + 1, -5) == .min)
        #expect(SaturatingTime.add(2, 3) == 5)
        #expect(SaturatingTime.multiply(Self.longest, 5_000) == .max)
        #expect(SaturatingTime.multiply(-Self.longest, 5_000) == .min)
        #expect(SaturatingTime.multiply(7, 6) == 42)
        #expect(SaturatingTime.rounded(9.3e18) == .max && SaturatingTime.rounded(-9.3e18) == .min)
        #expect(SaturatingTime.rounded(.infinity) == .max && SaturatingTime.rounded(.nan) == .max)
        #expect(SaturatingTime.rounded(2.5) == 3)
        #expect(VirtualTime.ms(.max) == .distantFuture && VirtualTime.distantFuture + .ms(1) == .distantFuture)
    }

    @Test func aSlowReorderingLinkWithTheLongestLatencyPutsMessagesAtTheEndOfTime() {
        let sim = Simulation<PingNode>(layout: ClusterLayout(servers: 3), config: .init(interval: 1_000, jitter: 0),
                                       seed: 1, network: Self.slowLink)
        sim.advance(to: .ms(20))
        #expect(sim.violation == nil && sim.now == .ms(20))
        let inFlight = sim.inFlight
        #expect(!inFlight.isEmpty)
        #expect(inFlight.allSatisfy { $0.deliverAt == .max }, "saturated at the end of time, never negative")
    }

    @Test func theSameLinkSetByALinkActionDoesNotTrap() {
        let sim = Simulation<PingNode>(layout: ClusterLayout(servers: 2), config: .init(interval: 1_000, jitter: 0),
                                       seed: 2, network: LinkSettings(latency: .constant(100)))
        sim.perform(.setLink(from: NodeID(0), to: NodeID(1), Self.slowLink))
        sim.advance(to: .ms(20))
        #expect(sim.inFlight.contains { $0.from == NodeID(0) && $0.deliverAt == .max })
        #expect(sim.inFlight.contains { $0.from == NodeID(1) && $0.deliverAt <= 20_100 }, "the other direction is untouched")
    }

    @Test(arguments: TestSeeds.sweep(3))
    func exponentialAndNormalDrawsOfHugeMeansSaturate(seed: UInt64) {
        var random = SeededRandom(seed: seed)
        let huge: [LatencyDistribution] = [
            .exponential(mean: .max / 2, min: .max / 2), .exponential(mean: Self.longest, min: Self.longest),
            .normal(mean: .max / 2, stddev: .max / 2, min: 0), .normal(mean: Self.longest, stddev: Self.longest, min: 0),
        ]
        for d in huge {
            for _ in 0..<2_000 { #expect(d.sample(&random) >= 0, "seed \(seed): \(d)") }
            #expect(d.typicalMax > 0)
        }
        for d in huge {
            let sim = Simulation<PingNode>(layout: ClusterLayout(servers: 2), config: .init(interval: 1_000, jitter: 0),
                                           seed: seed, network: LinkSettings(latency: d, reorder: 1, slowdown: 1000))
            sim.advance(to: .ms(10))
            #expect(sim.inFlight.allSatisfy { $0.deliverAt >= $0.sentAt }, "seed \(seed): \(d)")
        }
    }

    @Test func delayingAMessageByTheLongestDurationDoesNotTrap() {
        let sim = Simulation<PingNode>(layout: ClusterLayout(servers: 2), config: .init(interval: 1_000, jitter: 0),
                                       seed: 2, network: Self.slowLink)
        sim.advance(to: .ms(2))
        let m = try! #require(sim.inFlight.first)
        sim.perform(.delay(message: m.id, by: .max))
        #expect(sim.inFlight.first { $0.id == m.id }?.deliverAt == .max)
    }

    @Test func aTimerOfTheLongestLengthIsSetAtTheEndOfTime() {
        let sim = Simulation<PingNode>(layout: ClusterLayout(servers: 2), config: .init(interval: .max, jitter: .max),
                                       seed: 4)
        sim.advance(to: .ms(1))
        #expect(sim.timers(of: NodeID(0)).first?.deadline == .max)
    }

    // MARK: The balancer's arithmetic

    @Test func weightsSummingPastInt64KeepTheirProportions() {
        var picker = BackendPicker(strategy: .weightedRoundRobin, weights: [.max, .max, .max / 2])
        var counts = [0, 0, 0]
        let live = [true, true, true], inFlight = [0, 0, 0]
        for _ in 0..<500 { counts[picker.pick(live: live, inFlight: inFlight, latency: [0, 0, 0]) { _ in 0 }!] += 1 }
        #expect(counts == [200, 200, 100], "2:2:1 as the weights say, got \(counts)")
    }

    @Test func aSlowBackendsServiceTimeSaturates() {
        var config = BalancerConfig()
        config.service = Self.longest
        config.slowFactor = 1_000
        config.slow = 1
        #expect(config.meanService(ofBackend: 0) == Self.longest * 1_000)
        config.service = .max / 100
        #expect(config.meanService(ofBackend: 0) == .max)
        #expect(config.meanService(ofBackend: 1) == .max / 100)
    }

    /// The largest values a scenario may declare (a service of an hour, a
    /// thousandfold slow factor, weights of a million): nothing traps. Larger
    /// ones are refused at their line:column (ParameterRangeTests); the
    /// saturating arithmetic above is the backstop behind that.
    @Test(arguments: ["constant", "uniform", "exponential"])
    func aBalancerWithTheLongestServiceAndHugeWeightsRuns(distribution: String) throws {
        let text = """
            protocol: balancer
            seed: 2
            nodes: 4
            parameters:
              strategy: weighted_round_robin
              service: 3600s
              slow: 2
              slow_factor: 1000
              distribution: \(distribution)
              weights: "1000000, 1000000, 1000000"
            """
        let run = try ProtocolCatalog.makeRun(ProtocolCatalog.scenario(SourceText(name: "huge.yaml", text: text)))
        run.advance(to: .seconds(1))
        #expect(run.violation == nil && run.now == .seconds(1))
    }

    // MARK: Through the command line (a trap would be exit 132)

    /// The longest latency a scenario may declare, slowed down 1000 times and
    /// reordered, runs (exit 0); the 8999999999999999us is refused at
    /// its line and column (exit 2), never a trap (exit 132).
    @Test(arguments: [("3600s", Int32(0)), ("8999999999999999us", Int32(2))])
    func aScenarioAndALabWithSuchANetworkExitCleanly(longest: String, status: Int32) throws {
        let dir = try BuiltBinary.temporaryDirectory()
        let network = """
              network:
                latency: {exponential: {mean: \(longest), min: \(longest)}}
                slowdown: 1000
                reorder: 100%
              actions:
                - {at: 1ms, link: {from: n1, to: n2, latency: {normal: {mean: \(longest), stddev: \(longest), min: 0us}}, slowdown: 1000, reorder: 100%}}
            """
        let scenario = dir.appendingPathComponent("slow.yaml")
        try ("protocol: gossip\nseed: 3\nnodes: 3\nuntil: 2s\n" + network).replacingOccurrences(of: "\n  ", with: "\n")
            .write(to: scenario, atomically: true, encoding: .utf8)
        let lab = dir.appendingPathComponent("slow-lab.yaml")
        try """
            id: slow-network
            title: A very slow network
            topic: clocks
            summary: Messages take longer than the run.
            minutes: 1
            scenario:
              protocol: gossip
              seed: 3
              nodes: 3
            \(network)
            steps:
              - say: Nothing arrives.
              - run: {for: 1s}
            """.write(to: lab, atomically: true, encoding: .utf8)
        for args in [["run", scenario.path], ["export", scenario.path, "--format", "jsonl"], ["lab", "validate", lab.path]] {
            let r = try BuiltBinary.run(args)
            #expect(r.status == status, "\(args): exit \(r.status)\n\(r.stderr.suffix(400))")
            if status == 2 { #expect(r.stderr.contains("slow") && r.stderr.contains(".yaml:"), "a location: \(r.stderr)") }
        }
    }
}
