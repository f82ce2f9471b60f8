import Testing
import ClusterSim
import ClusterProtocols
import TestSupport

/// Every mechanism at once under faults: after the faults heal, anti-entropy
/// (with hints and read repair) leaves every key's replicas holding the same
/// versions. Each seed also picks the versioning and the consistency levels.
@Suite struct QuorumConvergenceTests {
    @Test(arguments: TestSeeds.sweep(12))
    func replicasConvergeAfterPartitionsAndCrashesHeal(seed: UInt64) {
        var c = QuorumConfig()
        c.versioning = seed % 2 == 0 ? .vector : .lww
        c.readConsistency = [.one, .quorum, .all][Int(seed % 3)]
        c.writeConsistency = [.one, .quorum][Int(seed / 3 % 2)]
        c.hintedHandoff = seed % 4 != 1
        c.antiEntropyInterval = 300_000
        c.merkleDepth = 4
        c.gcGrace = 60_000_000  // longer than the run: no tombstone is forgotten before every replica has it
        c.memtableLimit = 4
        c.workload.opsPerClient = 25; c.workload.keys = 6; c.workload.deleteWeight = 1
        let script: [(time: Int64, action: ClusterAction)] = [
            (200_000, .partition([[NodeID(0), NodeID(1)], [NodeID(2), NodeID(3), NodeID(4)]])),
            (400_000, .crash(NodeID(3))), (1_500_000, .heal), (1_600_000, .restart(NodeID(3))),
        ]
        let sim = Simulation<QuorumProcess>(layout: ClusterLayout(servers: 5, clients: 3), config: c, seed: seed,
                                            network: LinkSettings(latency: .uniform(min: 1_000, max: 10_000)), script: script)
        _ = sim.run(until: .ms(10_000))
        let servers = (0..<5).map { sim.node(NodeID($0))!.server! }
        #expect(servers.allSatisfy { $0.hints.isEmpty }, "seed \(seed): every hint was handed off")
        let ring = ReplicaRing(servers: 5)
        let keys = Set(servers.flatMap { $0.storage.allRows().keys }).sorted()
        #expect(!keys.isEmpty, "seed \(seed)")
        for key in keys {
            let held = ring.replicas(for: key, count: 3).map { servers[$0.index].storage.peek(key) }
            #expect(held.allSatisfy { $0 == held[0] }, "seed \(seed) (\(c.versioning)): \(key) differs: \(held)")
        }
    }
}
