import Testing
import ClusterSim
import ClusterProtocols

/// Each membership node's summary carries its view of every peer
/// (`NodeSummary.views`), which the interface's membership matrix draws.
@Suite struct MembershipViewsTests {
    @Test(arguments: FailureDetector.allCases) func viewsMatchTheNodesOwnOpinion(detector: FailureDetector) {
        let seed: UInt64 = 3
        let sim = MembershipRuns.sim(MembershipRuns.config(detector), seed: seed, script: [(400_000, .crash(NodeID(3)))])
        sim.run(until: VirtualTime(microseconds: 3_000_000))
        var sawNonAlive = false
        for id in sim.layout.servers where id != NodeID(3) {
            let node = try! #require(sim.node(id), "seed \(seed)")
            let views = node.summary.views
            #expect(Set(views.keys) == Set(sim.layout.servers.filter { $0 != id }), "no view of itself, one of each peer: seed \(seed)")
            for (peer, view) in views {
                #expect(view.status == node.status(of: peer), "\(detector) n\(id.index + 1)→n\(peer.index + 1): seed \(seed)")
                #expect((view.phi != nil) == (detector == .phi) && (view.incarnation != nil) == (detector == .swim), "seed \(seed)")
            }
            sawNonAlive = sawNonAlive || views[NodeID(3)]?.status != .alive
        }
        #expect(sawNonAlive, "\(detector): the crashed n4 is suspected or dead somewhere: seed \(seed)")
    }

    @Test func protocolsWithoutADetectorLeaveViewsEmpty() {
        let sim = Simulation<GossipNode>(layout: ClusterLayout(servers: 3), config: .init(), seed: 1)
        sim.run(steps: 50)
        for id in sim.layout.servers { #expect(sim.summary(of: id)?.views.isEmpty == true) }
    }
}
