import Testing
import ClusterSim
import ClusterProtocols
import TestSupport

/// Each CRDT on its own (G-Counter, PN-Counter, OR-Set, LWW-Register), updated
/// on both sides of a partition: across 50 seeds the replicas agree within a
/// bounded time after the heal, measured with `ConvergenceTime` over
/// `ReplicaHoldings`, the same measure `clusterlab cap` uses for the stores.
@Suite struct CRDTConvergenceTimeTests {
    enum Kind: String, CaseIterable, Sendable { case gCounter, pnCounter, orSet, lwwRegister }

    static let healAt: Int64 = 500_000

    /// 30 updates of one kind at random servers over the first 600ms; a random
    /// split from 100ms to 500ms; 10% loss. Returns the run, not yet started.
    static func run(_ kind: Kind, seed: UInt64) -> (Simulation<CRDTNode>, incremented: Int64) {
        var rng = SeededRandom(seed: seed ^ 0x7A11)
        let servers = 3 + Int(rng.below(3))
        var script: [(time: Int64, action: ClusterAction)] = []
        var incremented: Int64 = 0
        for i in 0..<30 {
            let at = Int64(i) * 20_000 + Int64(rng.below(20_000))
            let node = NodeID(Int(rng.below(UInt64(servers))))
            let n = Int64(rng.below(5)), word = ["x", "y", "z"][Int(rng.below(3))]
            let command: String
            switch kind {
            case .gCounter: command = "inc \(n)"; incremented += n
            case .pnCounter: command = rng.chance(0.5) ? "inc \(n)" : "dec \(n)"
            case .orSet: command = rng.chance(0.6) ? "add \(word)" : "remove \(word)"
            case .lwwRegister: command = "set \(word)\(i)"
            }
            script.append((at, .command(node, command)))
        }
        // Both sides non-empty: n1 on one side, n2 on the other, the rest at random.
        var side = [NodeID(0)], other = [NodeID(1)]
        for s in 2..<servers { if rng.chance(0.5) { side.append(NodeID(s)) } else { other.append(NodeID(s)) } }
        script.append((100_000, .partition([side, other])))
        script.append((healAt, .heal))
        script.sort { $0.time < $1.time }
        let sim = Simulation<CRDTNode>(layout: ClusterLayout(servers: servers), config: .init(fanout: 1, interval: 20_000),
                                       seed: seed, network: LinkSettings(latency: .uniform(min: 1_000, max: 15_000), loss: 0.1),
                                       script: script)
        return (sim, incremented)
    }

    @Test(arguments: Kind.allCases)
    func everyCRDTConvergesAfterTheHealIn50Seeds(kind: Kind) {
        var diverged = 0, slowest: Int64 = 0
        for seed in TestSeeds.sweep(50) {
            let (sim, incremented) = Self.run(kind, seed: seed)
            sim.run(until: .us(Self.healAt - 1))
            if !ReplicaHoldings.of(sim)!.disagreements.isEmpty { diverged += 1 }
            sim.run(until: .us(Self.healAt))
            let took = ConvergenceTime.measure(sim, since: Self.healAt, limit: 1_500_000) {
                ReplicaHoldings.of(sim)!.disagreements.isEmpty
            }
            #expect(took != nil, "seed \(seed), \(kind): not converged 1.5s after the heal: \(ReplicaHoldings.of(sim)!.disagreements)")
            slowest = max(slowest, took ?? 0)
            if kind == .gCounter, took != nil {
                sim.run(until: .ms(2_000))
                let values = sim.layout.servers.map { sim.node($0)!.state.counter.increments.value }
                #expect(values.allSatisfy { $0 == incremented }, "seed \(seed): counts \(values), increments sum to \(incremented)")
            }
        }
        // The check can fail: while cut off, the two sides hold different states.
        #expect(diverged >= 40, "\(kind): replicas differed just before the heal in only \(diverged) of 50 seeds")
        #expect(slowest > 0, "\(kind): every seed had converged at the heal itself")
    }

    @Test func aPartitionThatNeverHealsNeverConverges() {
        let sim = Simulation<CRDTNode>(layout: ClusterLayout(servers: 3), config: .init(fanout: 1, interval: 20_000), seed: 7,
                                       network: LinkSettings(latency: .constant(5_000)),
                                       script: [(0, .partition([[NodeID(0)], [NodeID(1), NodeID(2)]])),
                                                (10_000, .command(NodeID(0), "inc 2"))])
        sim.run(until: .ms(20))
        #expect(ReplicaHoldings.of(sim)!.disagreements == ["counter"])
        #expect(ConvergenceTime.measure(sim, since: 20_000, limit: 500_000) { ReplicaHoldings.of(sim)!.disagreements.isEmpty } == nil)
        sim.perform(.heal)
        let took = ConvergenceTime.measure(sim, since: sim.now.microseconds, limit: 500_000) { ReplicaHoldings.of(sim)!.disagreements.isEmpty }
        #expect(took != nil && took! > 0)
    }
}
