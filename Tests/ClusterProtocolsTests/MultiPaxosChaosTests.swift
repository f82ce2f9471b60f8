import Testing
import ClusterSim
import ClusterProtocols
import TestSupport

// Multi-Paxos under random partitions, crashes and message loss: the three
// properties hold on every event, the clients finish once the faults end,
// and their history is linearizable. A failure names its seed
// (`CLUSTERLAB_SEED=n` replays it).

@Test func multiPaxosSurvivesRandomFaults() {
    for seed in TestSeeds.sweep(20) {
        let c = MultiPaxosCluster.swarm(seed: seed)
        #expect(c.failure == nil, "\(c.failure ?? "")")
        #expect(c.sim.trace.history.contains { $0.type == .ok }, "seed \(seed): no operation completed")
    }
}

@Test func aStableLeaderSkipsPhaseOne() {
    var config = MultiPaxosConfig()
    config.workload.opsPerClient = 40
    let c = MultiPaxosCluster(servers: 5, clients: 2, config: config, seed: 7)
    _ = c.sim.run(until: { _ in c.clientsDone }, limit: .us(30_000_000))
    let phaseOnes = c.sim.trace.events.filter { c.sim.trace.text(of: $0)?.hasPrefix("phase 1 with ballot") == true }.count
    #expect(c.failure == nil)
    #expect(c.clientsDone)
    // One phase 1 (two at most, if two timers fire together), however many commands follow.
    #expect((1...2).contains(phaseOnes), "\(phaseOnes) phase 1 runs for 80 commands")
}
