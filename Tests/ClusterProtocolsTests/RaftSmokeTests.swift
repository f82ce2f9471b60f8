import Testing
import ClusterSim
import ClusterProtocols
import TestSupport

@Test func raftSmoke() {
    let c = RaftCluster(servers: 5, clients: 3, config: .workload(ops: 50), seed: 1)
    c.checkOneLeader()
    c.awaitClients()
    print("steps \(c.sim.stepCount) time \(c.now) ok \(c.okCount) history \(c.sim.trace.history.count)")
    #expect(c.failure == nil, "\(c.failure ?? "")")
}
