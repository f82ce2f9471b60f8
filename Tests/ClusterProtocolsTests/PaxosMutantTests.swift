import Testing
import ClusterSim
import ClusterProtocols

// Proof that Paxos's checkers can fail: each deliberate bug is caught, by
// the model checker (the shortest schedule to two learners disagreeing) or,
// for the one that needs a crash, by a schedule driven by hand; the real
// protocol passes the same search and the same schedule.

@Suite struct PaxosMutantTests {
    static let three = ClusterLayout(servers: 3)

    /// n1 and n2 each propose their own value (v1, v2) at the start.
    static func search(_ mutant: PaxosMutant?, depth: Int = 8) -> (StateSearch<PaxosNode>, SearchResult<PaxosNode>) {
        let config = PaxosRuns.config(proposers: 2, mutant: mutant)
        let search = StateSearch<PaxosNode>(layout: three, config: config, settings: SearchSettings(maxDepth: depth))
        return (search, search.run(invariants: [PaxosNode.learnersAgree]))
    }

    /// Finds the violation, prints its schedule, and replays it as an
    /// ordinary run, where the run's own monitor must object too.
    static func expectCaught(_ mutant: PaxosMutant, steps: Int) throws {
        let (_, result) = search(mutant)
        guard case .violation(let name, let message, let schedule) = result else {
            Issue.record("\(mutant.rawValue) survived the search: \(result)"); return
        }
        print("mutant \(mutant.rawValue) caught by the search in \(schedule.count) steps: \(message)\n  "
              + schedule.map(\.text).joined(separator: "\n  "))
        #expect(name == "learners agree")
        #expect(schedule.count == steps, "\(schedule.map(\.text))")
        let config = PaxosRuns.config(proposers: 2, mutant: mutant)
        let sim = try ScheduleReplay.simulation(layout: three, config: config, schedule: schedule,
                                                invariants: [PaxosNode.learnersAgree])
        #expect(sim.violation?.invariant == "learners agree", "the replayed schedule does not reproduce it")
    }

    @Test func acceptingALowerBallotIsFoundByTheSearch() throws {
        try Self.expectCaught(.acceptLowerBallot, steps: 8)
    }

    @Test func skippingValueAdoptionIsFoundByTheSearch() throws {
        try Self.expectCaught(.skipValueAdoption, steps: 8)
    }

    /// With a quorum of one of three acceptors, n1 and n2 each choose their own value at once.
    @Test func countingAMinorityIsFoundByTheSearch() throws {
        try Self.expectCaught(.countMinority, steps: 0)
    }

    @Test func theRealProtocolKeepsLearnersAgreeingInEveryOrderExplored() {
        let (search, result) = Self.search(nil)
        guard case .limit = result else { Issue.record("\(result)"); return }
        #expect(search.statistics.limit == .depth && search.statistics.depth == 8, "as deep as the mutants are found")
    }

    /// n2 completes phase 1 with n3's promise and sends Accept(1.n2, b);
    /// n3 crashes and restarts; then n1's older Prepare(1.n1) reaches it.
    static func forgottenPromiseSchedule(_ mutant: PaxosMutant?) -> PaxosHand {
        var h = PaxosHand(servers: 3, config: PaxosRuns.config(mutant: mutant))
        h.propose(0, "a")                   // n1: Prepare(1.n1)
        h.propose(1, "b")                   // n2: Prepare(1.n2)
        h.deliver(1, 2, "Prepare")          // n3 promises 1.n2
        h.deliver(2, 1, "Promise")          // n2 (n2, n3): Accept(1.n2, b), n2 accepts
        h.crash(2)
        h.restart(2)
        h.deliver(0, 2, "Prepare")          // n3 remembers 1.n2 and refuses, or forgot and promises 1.n1
        if h.inFlight.contains(where: { $0.from == 2 && $0.to == 0 && $0.message.kind == "Promise" }) {
            h.deliver(2, 0, "Promise")      // n1 (n1, n3): Accept(1.n1, a), n1 accepts
            h.deliver(0, 2, "Accept")       // n3 accepts a@1.n1: a is chosen
        }
        h.deliver(1, 2, "Accept")           // n3 accepts b@1.n2
        return h
    }

    @Test func forgettingThePromiseAfterACrashIsCaughtByAHandSchedule() {
        let h = Self.forgottenPromiseSchedule(.forgetPromiseAfterCrash)
        #expect(h.violation?.hasPrefix("a chosen value never changes: n2 accepted b@1.n2, above a@1.n1, which is now chosen") == true,
                "\(h.violation ?? "not caught")")
        let real = Self.forgottenPromiseSchedule(nil)
        #expect(real.violation == nil, "\(real.violation!)")
        #expect(real.monitor.chosenValue == "b")
    }
}
