import Testing
import ClusterSim
import TestSupport

/// Crash keeps only durable state; a restarted node resumes from it.
@Suite struct CrashTests {
    @Test(arguments: TestSeeds.sweep(10))
    func crashKeepsOnlyDurableStateAndRestartResumesFromIt(seed: UInt64) {
        let sim = Simulation<PingNode>(layout: ClusterLayout(servers: 3), config: .init(), seed: seed)
        sim.run(until: .ms(300))
        let n = NodeID(1)
        let before = try! #require(sim.node(n))
        #expect(before.volatilePings > 0 && before.persistedPongs > 0, "seed \(seed): node did nothing")
        sim.perform(.crash(n))
        #expect(sim.node(n) == nil)
        #expect(sim.status(of: n) == .crashed)
        #expect(sim.timers(of: n).isEmpty, "a crashed node has no timers")
        sim.run(until: .ms(400))
        #expect(!sim.trace.events.contains { $0.kind == .deliver && $0.node == 1 && $0.time > 300_000 },
                "seed \(seed): a crashed node receives nothing")
        sim.perform(.restart(n))
        let after = try! #require(sim.node(n))
        #expect(after.volatilePings == 0, "seed \(seed): volatile state is lost")
        #expect(after.persistedPongs == before.persistedPongs, "seed \(seed): durable state survives")
        #expect(after.restarts == 1)
        sim.run(until: .ms(800))
        #expect(sim.node(n)!.persistedPongs > before.persistedPongs, "seed \(seed): it resumes working")
    }

    @Test func timersAreResetAndCancelledByTag() {
        let sim = Simulation<PingNode>(layout: ClusterLayout(servers: 2), config: .init(interval: 10_000, jitter: 0), seed: 1)
        sim.run(steps: 2)  // both start: one tick timer each
        #expect(sim.timers(of: NodeID(0)).count == 1)
        #expect(sim.timers(of: NodeID(0))[0].deadline == 10_000)
        sim.run(until: .ms(10))
        // Each tick re-sets the same tag: still one timer per node, never two.
        #expect(sim.timers(of: NodeID(0)).count == 1)
        let fired = sim.trace.events.filter { $0.kind == .timer }.count
        #expect(fired == 2)
    }
}
