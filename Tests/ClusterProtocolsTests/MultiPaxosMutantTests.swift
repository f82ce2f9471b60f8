import Testing
import ClusterSim
import ClusterProtocols
import TestSupport
import Foundation

// Proof that the checkers can fail: each deliberate bug (`mutant:`) is
// caught on a swarm run whose seed is pinned here, and the same run
// without the bug passes. `huntMutants` (CLUSTERLAB_HUNT=1) searches for
// new seeds if a change to the protocol moves the runs.

private let caughtOn: [(MultiPaxosMutant, UInt64)] = [
    (.acceptLowerBallot, 14),  // one value per slot: an old ballot's value reaches a majority
    (.skipValueAdoption, 1),   // one value per slot: a no-op over a chosen write
    (.countMinority, 2),       // chosen value never changes: two leaders decide one slot differently
    (.forgetPromiseAfterCrash, 100),  // one value per slot: a restarted acceptor accepts below its promise
]

@Test(arguments: caughtOn)
func mutantIsCaughtOnItsSeed(_ mutant: MultiPaxosMutant, _ seed: UInt64) {
    let bad = MultiPaxosCluster.swarm(seed: seed, mutant: mutant)
    #expect(bad.failure != nil, "mutant \(mutant) survived seed \(seed)")
    if let f = bad.failure { print("mutant \(mutant) caught: \(f)") }
    let good = MultiPaxosCluster.swarm(seed: seed)
    #expect(good.failure == nil, "\(good.failure ?? "")")
}

@Test func everyMutantHasASeed() {
    #expect(Set(caughtOn.map(\.0)) == Set(MultiPaxosMutant.allCases))
}

@Test(.enabled(if: ProcessInfo.processInfo.environment["CLUSTERLAB_HUNT"] != nil), arguments: MultiPaxosMutant.allCases)
func huntMutants(_ mutant: MultiPaxosMutant) {
    for seed in TestSeeds.sweep(300) {
        if let f = MultiPaxosCluster.swarm(seed: seed, mutant: mutant).failure {
            print("HUNT \(mutant.rawValue) \(f)")
            return
        }
    }
    Issue.record("mutant \(mutant) not caught in the sweep")
}
