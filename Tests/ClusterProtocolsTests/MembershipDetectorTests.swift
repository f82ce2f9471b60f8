import Testing
import ClusterSim
import ClusterProtocols
import TestSupport

/// The three detectors against the two errors a failure detector makes:
/// missing a crash (completeness, with a bound on detection time) and
/// suspecting a live node (accuracy), the latter under normal and high latency.
@Suite struct MembershipDetectorTests {
    static let crashAt: Int64 = 2_000_000
    static let victim = NodeID(2)

    /// How long after the crash every live node must suspect it, per detector.
    /// heartbeat: the last heartbeat arrives by crash + 10 ms (max latency), the
    /// silence timer fires `timeout` (150 ms) later. phi: phi reaches 8 at
    /// mean + 5.6 sd; with 50 ms heartbeats and the deviation near its 5 ms floor
    /// (the two bootstrap samples widen it a little) that is under 150 ms after
    /// the last arrival. swim: every member is probed within two passes of the
    /// shuffled list (2·4 periods of 100 ms), then the suspicion spreads on pings.
    static func bound(_ d: FailureDetector) -> Int64 {
        switch d {
        case .heartbeat: return 150_000 + 10_000
        case .phi: return 250_000
        case .swim: return 1_200_000
        }
    }

    @Test(arguments: FailureDetector.allCases, TestSeeds.sweep(20))
    func aCrashedNodeIsSuspectedByEveryLiveNodeWithinTheBound(detector: FailureDetector, seed: UInt64) {
        let sim = MembershipRuns.sim(MembershipRuns.config(detector), seed: seed, script: [(Self.crashAt, .crash(Self.victim))])
        sim.run(until: .us(Self.crashAt))
        #expect(MembershipRuns.notSuspecting(Self.victim, sim).count == MembershipRuns.servers - 1,
                "seed \(seed) \(detector): n3 suspected before it crashed")
        let limit = Self.crashAt + Self.bound(detector)
        let all = sim.run(until: { MembershipRuns.notSuspecting(Self.victim, $0).isEmpty }, limit: .us(limit))
        #expect(all, "seed \(seed) \(detector): by \(limit)µs still not suspecting n3: \(MembershipRuns.notSuspecting(Self.victim, sim).map { sim.layout.name($0) })")
    }

    @Test(arguments: FailureDetector.allCases, TestSeeds.sweep(20))
    func noFalseSuspicionInAHealthyLowLatencyCluster(detector: FailureDetector, seed: UInt64) {
        let sim = MembershipRuns.sim(MembershipRuns.config(detector), seed: seed)
        sim.run(until: .seconds(5))
        #expect(MembershipRuns.suspicions(sim) == 0, "seed \(seed) \(detector): \(MembershipRuns.suspicions(sim)) false suspicion(s)")
        for n in sim.layout.servers { #expect(sim.node(n)?.alive.count == MembershipRuns.servers - 1, "seed \(seed) \(detector)") }
    }

    /// Latency uniform in 1–80 ms against 50 ms heartbeats: a gap between two
    /// arrivals can reach 50 + 79 = 129 ms, past the fixed 100 ms timeout, so the
    /// plain detector cries wolf. Phi learns the spread (sd ≈ 32 ms) and at
    /// threshold 8 wants ≈ 5.6 sd past the mean, which no gap reaches.
    @Test func underHighLatencyPhiSuspectsFewerLiveNodesThanAFixedTimeout() {
        let slow = LinkSettings(latency: .uniform(min: 1_000, max: 80_000))
        var heartbeat = MembershipRuns.config(.heartbeat); heartbeat.timeout = 100_000
        let phi = MembershipRuns.config(.phi, threshold: 8)
        var counts: [(seed: UInt64, heartbeat: Int, phi: Int)] = []
        for seed in TestSeeds.sweep(20) {
            let a = MembershipRuns.sim(heartbeat, seed: seed, network: slow), b = MembershipRuns.sim(phi, seed: seed, network: slow)
            a.run(until: .seconds(5)); b.run(until: .seconds(5))
            counts.append((seed, MembershipRuns.suspicions(a), MembershipRuns.suspicions(b)))
        }
        let table = counts.map { "seed \($0.seed): heartbeat \($0.heartbeat), phi \($0.phi)" }.joined(separator: "\n")
        let h = counts.map(\.heartbeat).reduce(0, +), p = counts.map(\.phi).reduce(0, +)
        #expect(counts.contains { $0.heartbeat > 0 }, "the fixed timeout should give false suspicions for some seed:\n\(table)")
        #expect(p < h, "phi \(p) vs heartbeat \(h) false suspicions:\n\(table)")
        #expect(counts.allSatisfy { $0.phi <= $0.heartbeat }, "per seed:\n\(table)")
    }

    @Test func aSuspectedPeerIsUnsuspectedWhenHeardAgain() {
        for detector in [FailureDetector.heartbeat, .phi] {
            let a = NodeID(0), b = NodeID(1)
            let sim = MembershipRuns.sim(MembershipRuns.config(detector), seed: 3,
                                         script: [(1_000_000, .partition([[a], [b, NodeID(2), NodeID(3), NodeID(4)]])), (2_000_000, .heal)])
            sim.run(until: .ms(1_900))
            #expect(sim.node(b)?.status(of: a) == .suspected, "\(detector)")
            sim.run(until: .ms(3_000))
            #expect(sim.node(b)?.status(of: a) == .alive, "\(detector)")
        }
    }

    @Test func phiFollowsTheNormalTail() {
        #expect(abs(InterArrivalWindow.phi(elapsed: 10, mean: 10, stddev: 1) - 0.30103) < 1e-4)  // P = 1/2
        #expect(abs(InterArrivalWindow.phi(elapsed: 10 + 2.326348, mean: 10, stddev: 1) - 2) < 1e-3)  // P = 1%
        #expect(InterArrivalWindow.phi(elapsed: 1_000, mean: 10, stddev: 1) > 300)  // underflow stays finite
        var w = InterArrivalWindow(capacity: 3)
        for x in [1, 2, 3, 10, 10] { w.add(x) }
        #expect(w.samples.sorted() == [3, 10, 10] && abs(w.mean - 23.0 / 3) < 1e-9)
    }
}
