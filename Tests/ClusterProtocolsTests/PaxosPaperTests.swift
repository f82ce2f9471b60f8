import Testing
import ClusterSim
import ClusterProtocols

/// Single-decree Paxos, tested sentence by sentence against Lamport's
/// "Paxos Made Simple" (2001).
@Suite struct PaxosPaperTests {
    /// §2.2: proposals have distinct numbers; a ballot's round counts first,
    /// the proposer only breaks ties.
    @Test func ballotsAreTotallyOrderedByRoundThenProposer() {
        #expect(Ballot(round: 1, proposer: 0) < Ballot(round: 1, proposer: 1))
        #expect(Ballot(round: 1, proposer: 4) < Ballot(round: 2, proposer: 0))
        #expect(Ballot(round: 3, proposer: 1).description == "3.n2")
    }

    /// §2.1: with one proposer and no failures, its value is chosen and every learner learns it.
    @Test func oneProposersValueIsChosenAndLearnedByAll() {
        let (sim, monitor) = PaxosRuns.sim(PaxosRuns.config(), seed: 1)
        sim.perform(.command(NodeID(2), "propose apple"))
        sim.run(until: VirtualTime(microseconds: 500_000))
        #expect(sim.violation == nil, "\(sim.violation!)")
        #expect(monitor.chosenValue == "apple")
        #expect(PaxosRuns.learned(sim) == Array(repeating: "apple", count: 5))
        #expect(sim.summary(of: NodeID(0))?.fields.first { $0.name == "chosen" }?.value == "apple")
    }

    /// §2.2: an acceptor that promised n answers a prepare numbered below n with a refusal.
    @Test func anAcceptorRefusesAPrepareBelowItsPromise() {
        var h = PaxosHand(servers: 3, config: PaxosRuns.config())
        h.propose(0, "a")   // Prepare(1.n1)
        h.propose(1, "b")   // Prepare(1.n2)
        h.deliver(1, 2, "Prepare")
        h.deliver(0, 2, "Prepare")
        #expect(h.nodes[2]!.promised == Ballot(round: 1, proposer: 1))
        #expect(h.inFlight.last.map { $0.to == 0 && $0.message == .nack(Ballot(round: 1, proposer: 0), promised: Ballot(round: 1, proposer: 1)) } == true)
    }

    /// §2.2 (P2c): a proposer whose promises report an accepted proposal
    /// proposes that proposal's value, not its own; so the chosen value stays chosen.
    @Test func aProposerAdoptsTheHighestAcceptedValueItHearsOf() {
        var h = PaxosHand(servers: 3, config: PaxosRuns.config())
        h.propose(0, "a")
        h.deliver(0, 1, "Prepare")
        h.deliver(1, 0, "Promise")          // n1 has n1 and n2: Accept(1.n1, a)
        h.deliver(0, 1, "Accept")           // a is accepted by n1 and n2: chosen
        #expect(h.monitor.chosenValue == "a")
        h.propose(2, "b")                   // Prepare(1.n3): round 1 again, above 1.n1 by its proposer
        h.deliver(2, 1, "Prepare")
        h.deliver(1, 2, "Promise")          // reports a@1.n1
        #expect(h.nodes[2]!.proposing == "a")
        #expect(h.inFlight.contains { $0.from == 2 && $0.message == .accept(Ballot(round: 1, proposer: 2), value: "a") })
        h.deliver(2, 1, "Accept")
        #expect(h.violation == nil)
    }

    /// §2.2: "an acceptor must remember this information even if it fails and then restarts".
    @Test func anAcceptorsPromiseAndAcceptanceSurviveACrash() {
        var h = PaxosHand(servers: 3, config: PaxosRuns.config())
        h.propose(0, "a")
        h.deliver(0, 1, "Prepare")
        h.deliver(1, 0, "Promise")
        h.deliver(0, 1, "Accept")
        h.propose(2, "b")
        h.deliver(2, 1, "Prepare")
        let before = h.nodes[1]!
        h.crash(1)
        h.restart(1)
        #expect(h.nodes[1]!.promised == before.promised && h.nodes[1]!.accepted == before.accepted)
        #expect(h.nodes[1]!.promised == Ballot(round: 1, proposer: 2) && h.nodes[1]!.accepted?.value == "a")
    }

    /// §2.4: two proposers that go straight to a higher ballot whenever they
    /// hear of one can pre-empt each other for ever; a random back-off lets
    /// one finish. Seed 1, latencies 4–6 ms, n1 and n2 proposing at time 0.
    @Test func duelingProposersLivelockWithoutBackoffAndDecideWithIt() {
        let seed: UInt64 = 1
        let (duel, duelMonitor) = PaxosRuns.sim(PaxosRuns.config(proposers: 2, backoff: 0), seed: seed, network: PaxosRuns.narrowLatency)
        duel.run(until: VirtualTime(microseconds: 5_000_000))
        #expect(duel.violation == nil)
        #expect(duelMonitor.chosenValue == nil && PaxosRuns.learned(duel).allSatisfy { $0 == nil },
                "seed \(seed): a value was chosen with no back-off")
        let rounds = duel.node(NodeID(0))!.highestRound
        #expect(rounds > 100, "seed \(seed): only \(rounds) rounds in 5 s: the proposers were not dueling")

        let (calm, calmMonitor) = PaxosRuns.sim(PaxosRuns.config(proposers: 2, backoff: 30_000), seed: seed, network: PaxosRuns.narrowLatency)
        calm.run(until: VirtualTime(microseconds: 5_000_000))
        #expect(calm.violation == nil)
        #expect(calmMonitor.chosenValue != nil && PaxosRuns.learned(calm).allSatisfy { $0 == calmMonitor.chosenValue },
                "seed \(seed): no value chosen with a 30 ms back-off")
    }

    /// A proposal after the decision changes nothing: the node reports the chosen value.
    @Test func aProposalAfterTheDecisionKeepsTheChosenValue() {
        let (sim, monitor) = PaxosRuns.sim(PaxosRuns.config(proposers: 1), seed: 2)
        sim.run(until: VirtualTime(microseconds: 300_000))
        sim.perform(.command(NodeID(4), "propose late"))
        sim.run(until: VirtualTime(microseconds: 600_000))
        #expect(monitor.chosenValue == "v1" && PaxosRuns.learned(sim).allSatisfy { $0 == "v1" })
    }
}
