import Testing
import ClusterSim
import ClusterProtocols
import TestSupport

/// The strategies, engine-free: each picks only live backends and spreads
/// load the way it is defined to.
@Suite struct BalancerPickerTests {
    static func picks(_ strategy: BalancingStrategy, weights: [Int], live: [Bool], count: Int, seed: UInt64 = 1,
                      inFlight: [Int]? = nil, latency: [Double]? = nil) -> [Int?] {
        var picker = BackendPicker(strategy: strategy, weights: weights)
        var random = SeededRandom(seed: seed)
        let load = inFlight ?? Array(repeating: 0, count: live.count)
        let lat = latency ?? Array(repeating: 0, count: live.count)
        return (0..<count).map { _ in
            picker.pick(live: live, inFlight: load, latency: lat, random: { Int(random.below(UInt64($0))) })
        }
    }

    @Test func smoothWeightedRoundRobinGivesNginxsSequenceForWeights511() {
        let seq = Self.picks(.weightedRoundRobin, weights: [5, 1, 1], live: [true, true, true], count: 14)
        let names = seq.map { ["a", "b", "c"][$0!] }
        #expect(names == ["a", "a", "b", "a", "c", "a", "a", "a", "a", "b", "a", "c", "a", "a"])
    }

    @Test func weightedRoundRobinGivesEachLiveBackendItsWeightPerCycle() {
        let weights = [3, 1, 4, 2]
        let live = [true, false, true, true]
        let seq = Self.picks(.weightedRoundRobin, weights: weights, live: live, count: 9 * 50)
        for b in 0..<4 { #expect(seq.filter { $0 == b }.count == (live[b] ? weights[b] * 50 : 0)) }
    }

    @Test(arguments: BalancingStrategy.allCases)
    func everyStrategyPicksOnlyLiveBackends(strategy: BalancingStrategy) {
        for seed in TestSeeds.sweep(20) {
            var random = SeededRandom(seed: seed)
            let n = 2 + Int(random.below(8))
            var live = (0..<n).map { _ in random.chance(0.6) }
            if !live.contains(true) { live[Int(random.below(UInt64(n)))] = true }
            let inFlight = (0..<n).map { _ in Int(random.below(5)) }
            let latency = (0..<n).map { _ in Double(1 + random.below(1000)) }
            let seq = Self.picks(strategy, weights: (0..<n).map { $0 + 1 }, live: live, count: 200, seed: seed,
                                 inFlight: inFlight, latency: latency)
            #expect(seq.allSatisfy { $0 != nil && live[$0!] }, "seed \(seed): \(strategy) picked a dead backend, live \(live)")
        }
    }

    @Test(arguments: BalancingStrategy.allCases)
    func noLiveBackendMeansNoPick(strategy: BalancingStrategy) {
        #expect(Self.picks(strategy, weights: [1, 1], live: [false, false], count: 3).allSatisfy { $0 == nil })
    }

    @Test func roundRobinGivesExactlyEvenCounts() {
        let seq = Self.picks(.roundRobin, weights: [1, 1, 1, 1, 1], live: [true, true, false, true, true], count: 400)
        #expect(seq.prefix(5).map { $0! } == [0, 1, 3, 4, 0])
        for b in [0, 1, 3, 4] { #expect(seq.filter { $0 == b }.count == 100) }
    }

    @Test func leastConnectionsKeepsInFlightCountsWithinOne() {
        var picker = BackendPicker(strategy: .leastConnections, weights: [1, 1, 1, 1])
        var inFlight = [3, 0, 1, 0]
        let live = [true, true, true, true]
        for _ in 0..<40 {
            let b = picker.pick(live: live, inFlight: inFlight, latency: [0, 0, 0, 0], random: { _ in 0 })!
            #expect(inFlight[b] == inFlight.min())
            inFlight[b] += 1
        }
        #expect(inFlight.max()! - inFlight.min()! <= 1)
    }

    @Test func powerOfTwoNeverPicksTheBusiestOfDistinctLoads() {
        for seed in TestSeeds.sweep(20) {
            let seq = Self.picks(.powerOfTwo, weights: [1, 1, 1, 1], live: [true, true, true, true], count: 300, seed: seed,
                                 inFlight: [0, 1, 2, 3])
            #expect(!seq.contains(3), "seed \(seed)")
            // The least loaded wins whenever drawn: 3 of the 6 pairs contain it.
            let zeroShare = Double(seq.filter { $0 == 0 }.count) / 300
            #expect(zeroShare > 0.35 && zeroShare < 0.65, "seed \(seed): share \(zeroShare)")
        }
    }

    @Test func randomIsRoughlyUniformOverLiveBackends() {
        let seq = Self.picks(.random, weights: [1, 1, 1, 1], live: [true, false, true, true], count: 30_000, seed: 7)
        for b in [0, 2, 3] { #expect(abs(seq.filter { $0 == b }.count - 10_000) < 500) }
    }

    @Test func leastLatencyPicksTheLowestEWMATimesLoad() {
        let seq = Self.picks(.leastLatency, weights: [1, 1, 1], live: [true, true, true], count: 5,
                             inFlight: [0, 0, 4], latency: [900, 400, 100])
        #expect(seq.allSatisfy { $0 == 1 })   // 900×1, 400×1, 100×5
    }

    @Test func histogramPercentilesAreWithinItsResolution() {
        var h = LatencyHistogram()
        for v in 1...10_000 { h.record(Int64(v)) }
        let p50 = Double(h.percentile(0.5)), p99 = Double(h.percentile(0.99))
        #expect(abs(p50 - 5_000) / 5_000 < 0.04)
        #expect(abs(p99 - 9_900) / 9_900 < 0.04)
        #expect(LatencyHistogram().percentile(0.99) == 0)
    }
}
