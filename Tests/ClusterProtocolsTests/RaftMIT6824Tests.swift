import Testing
import ClusterSim
import ClusterProtocols
import TestSupport

// The MIT 6.824 Raft suite as engine runs, each across 50 seeds
// (CLUSTERLAB_SEEDS=n widens, CLUSTERLAB_SEED=s replays one), with Figure 3's
// properties checked after every event and the clients' history checked
// for linearizability at the end.

private func sweep(_ scenario: RaftScenario, config: RaftConfig = RaftConfig(), seeds: Int = 50) {
    for seed in TestSeeds.sweep(seeds) {
        let c = scenario.run(seed: seed, config: config)
        #expect(c.failure == nil, "seed \(seed): \(c.failure ?? "")")
        if c.failure != nil { return }
    }
}

@Test func initialElection2A() { sweep(.initialElection) }
@Test func reElection2A() { sweep(.reElection) }
@Test func manyElections2A() { sweep(.manyElections) }
@Test func failNoAgree2B() { sweep(.failNoAgree) }
@Test func rejoin2B() { sweep(.rejoin) }
@Test func backup2B() { sweep(.backup) }
@Test func persistAll2C() { sweep(.persistAll) }
@Test func persistMinority2C() { sweep(.persistMinority) }
@Test func persistLeaderAndFollower2C() { sweep(.persistLeaderAndFollower) }
@Test func crashAfterVoting2C() { sweep(.crashAfterVoting) }
@Test func figure8Unreliable2C() { sweep(.figure8Unreliable) }
@Test func churn2C() { sweep(.churn) }
@Test func snapshots2D() { sweep(.snapshots) }

@Test func readIndexPreVoteAndCheckQuorumSurviveChurn() {
    var config = RaftConfig()
    config.readMode = .readIndex
    config.preVote = true
    config.checkQuorum = true
    sweep(.churn, config: config)
    sweep(.rejoin, config: config, seeds: 20)
}
