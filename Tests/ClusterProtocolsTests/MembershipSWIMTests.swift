import Testing
import ClusterSim
import ClusterProtocols
import TestSupport

/// SWIM by the paper's sentences: indirect probes keep a node that is slow on
/// one link from being suspected, and a suspected node that hears of it
/// refutes with a higher incarnation.
@Suite struct MembershipSWIMTests {
    static let a = NodeID(0), b = NodeID(1)

    /// n1 ↔ n2 fifty times slower (50–500 ms) than every other link: a direct
    /// ping between them always misses the 30 ms ping timeout.
    static let slowLink: [(time: Int64, action: ClusterAction)] = {
        let slow = LinkSettings(latency: .uniform(min: 1_000, max: 10_000), slowdown: 50)
        return [(0, .setLink(from: a, to: b, slow)), (0, .setLink(from: b, to: a, slow))]
    }()

    @Test(arguments: TestSeeds.sweep(20))
    func aNodeSlowOnOneLinkIsNotSuspectedThanksToPingReq(seed: UInt64) {
        let sim = MembershipRuns.sim(MembershipRuns.config(.swim, indirect: 3), seed: seed, script: Self.slowLink)
        sim.run(until: .seconds(5))
        #expect(sim.trace.events.contains { $0.kind == .send && sim.message($0.message)?.kind == "PingReq" },
                "seed \(seed): the slow link should have needed ping-req")
        for n in sim.layout.servers {
            let node = sim.node(n)!
            #expect(node.suspicionCount == 0 && node.deathCount == 0,
                    "seed \(seed): \(sim.layout.name(n)) suspected \(node.suspicionCount), declared dead \(node.deathCount)")
        }
    }

    /// The same run without ping-req (k = 0): the slow link alone gets n1 and
    /// n2 suspected, which is what the indirect probes prevent.
    @Test func withoutPingReqTheSlowLinkCausesSuspicions() {
        var total = 0, refutations = 0
        for seed in TestSeeds.sweep(20) {
            let sim = MembershipRuns.sim(MembershipRuns.config(.swim, indirect: 0), seed: seed, script: Self.slowLink)
            sim.run(until: .seconds(5))
            total += MembershipRuns.suspicions(sim)
            refutations += sim.node(Self.a)!.incarnation + sim.node(Self.b)!.incarnation
        }
        #expect(total > 0)
        #expect(refutations > 0, "n1 or n2 should have refuted a suspicion")
    }

    @Test func aSuspectedNodeRefutesWithAHigherIncarnation() {
        let layout = ClusterLayout(servers: 5)
        var node = MembershipNode(id: Self.b, layout: layout, config: MembershipRuns.config(.swim), durable: nil)
        var context = NodeContext<MembershipNode>(id: Self.b, layout: layout)
        node.receive(.ping(seq: 7, updates: [MemberUpdate(node: Self.b, status: .suspected, incarnation: 0)]),
                     from: Self.a, &context)
        #expect(node.incarnation == 1)
        guard context.sends.count == 1, case .ack(7, let updates) = context.sends[0].message else {
            Issue.record("expected one Ack(7), got \(context.sends.map(\.message))"); return
        }
        #expect(context.sends[0].to == Self.a)
        #expect(updates.contains(MemberUpdate(node: Self.b, status: .alive, incarnation: 1)))

        // Old news of the refuted suspicion changes nothing; a newer one is refuted again.
        node.receive(.ping(seq: 8, updates: [MemberUpdate(node: Self.b, status: .suspected, incarnation: 0)]), from: Self.a, &context)
        #expect(node.incarnation == 1)
        node.receive(.ping(seq: 9, updates: [MemberUpdate(node: Self.b, status: .dead, incarnation: 1)]), from: Self.a, &context)
        #expect(node.incarnation == 2)
    }

    @Test func aliveAtAHigherIncarnationOverridesASuspicion() {
        let layout = ClusterLayout(servers: 3)
        var node = MembershipNode(id: Self.a, layout: layout, config: MembershipRuns.config(.swim), durable: nil)
        var context = NodeContext<MembershipNode>(id: Self.a, layout: layout)
        let peer = NodeID(2)
        node.receive(.ack(seq: 1, updates: [MemberUpdate(node: peer, status: .suspected, incarnation: 0)]), from: Self.b, &context)
        #expect(node.status(of: peer) == .suspected)
        #expect(context.timersSet.contains { $0.tag == .suspicion(peer, 0) })
        node.receive(.ack(seq: 2, updates: [MemberUpdate(node: peer, status: .alive, incarnation: 0)]), from: Self.b, &context)
        #expect(node.status(of: peer) == .suspected, "alive at the same incarnation does not override")
        node.receive(.ack(seq: 3, updates: [MemberUpdate(node: peer, status: .alive, incarnation: 1)]), from: Self.b, &context)
        #expect(node.status(of: peer) == .alive)
        // The old suspicion timer firing now does nothing.
        node.timerFired(.suspicion(peer, 0), &context)
        #expect(node.status(of: peer) == .alive && node.deathCount == 0)
    }

    /// In a run: without ping-req n2 is falsely suspected over its slow link,
    /// hears of it on a ping or ack, and refutes; the others adopt its higher incarnation.
    @Test(arguments: TestSeeds.sweep(20))
    func aFalselySuspectedNodeRefutesInARun(seed: UInt64) {
        let sim = MembershipRuns.sim(MembershipRuns.config(.swim, indirect: 0), seed: seed, script: Self.slowLink)
        sim.run(until: .seconds(5))
        let suspectedB = sim.layout.servers.contains { n in
            sim.trace.events.contains { $0.kind == .state && Int($0.node) == n.index && sim.trace.text(of: $0) == "n2 suspected" }
        }
        guard suspectedB else { return }
        #expect(sim.node(Self.b)!.incarnation >= 1, "seed \(seed)")
        let others = sim.layout.servers.filter { $0 != Self.b }.compactMap(sim.node)
        #expect(others.contains { $0.peers[Self.b.index].incarnation >= 1 }, "seed \(seed): nobody adopted n2's refutation")
    }
}
