import Testing
import ClusterSim
import ClusterProtocols
import TestSupport

// Proof that the checkers can fail: each deliberate bug must be caught by
// an invariant, a liveness expectation or the linearizability checker in
// some scenario of the suite. A mutation that survives fails this test.

/// Where each mutation is looked for first (the rest of the suite follows).
private let likelyScenarios: [RaftMutation: [RaftScenario]] = [
    .voteTwiceInOneTerm: [.manyElections, .churn],
    .skipUpToDateCheck: [.backup, .rejoin, .churn],
    .commitPreviousTermByCounting: [.figure8Unreliable, .churn],
    .keepConflictingEntries: [.backup, .rejoin],
    .forgetToPersistVote: [.crashAfterVoting, .persistMinority, .churn],
    .applyBeforeCommit: [.rejoin, .backup],
    .resetElectionTimerOnAnyMessage: [.reElection, .rejoin],
    .leaderIgnoresHigherTerm: [.rejoin, .reElection],
    .readFromLocalState: [.rejoin, .backup],
    .acknowledgeBeforePersisting: [.persistAll, .persistLeaderAndFollower],
]

/// Figure 8 driven by hand, run through (d) under `mutations`; the hand
/// cluster's monitor reports what it saw.
private func figure8Violation(_ mutations: Set<RaftMutation>) -> String? {
    var c = figure8ThroughC(mutations: mutations)
    c.crash(0)
    c.restart(4)
    c.elect(4, voters: [1, 2, 3])
    c.elect(4, voters: [1, 2, 3])
    for _ in 0..<2 { c.heartbeat(4); c.settle([1, 2, 3, 4]) }
    return c.violation
}

/// The first (scenario, seed) that catches the mutation, and what caught it.
private func hunt(_ mutation: RaftMutation, seeds: Int) -> String? {
    if mutation == .commitPreviousTermByCounting, let v = figure8Violation([mutation]) {
        return "hand-driven Figure 8: \(v)"
    }
    var config = RaftConfig()
    config.mutations = [mutation]
    let order = (likelyScenarios[mutation] ?? []) + RaftScenario.allCases.filter { !(likelyScenarios[mutation] ?? []).contains($0) }
    for scenario in order {
        for seed in TestSeeds.sweep(seeds) {
            if let f = scenario.run(seed: seed, config: config).failure { return "\(scenario) \(f)" }
        }
    }
    return nil
}

@Test(arguments: RaftMutation.allCases)
func everyMutationIsCaught(_ mutation: RaftMutation) {
    let caught = hunt(mutation, seeds: 10)
    #expect(caught != nil, "mutation \(mutation) survived the suite")
    if let caught { print("mutation \(mutation) caught by \(caught)") }
}

@Test func figure8HandRunCatchesCommittingPreviousTermsByCounting() {
    #expect(figure8Violation([]) == nil)
    let v = figure8Violation([.commitPreviousTermByCounting])
    #expect(v?.hasPrefix("leader completeness") == true, "\(v ?? "not caught")")
}
