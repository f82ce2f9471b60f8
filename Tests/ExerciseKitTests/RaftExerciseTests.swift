import ExerciseKit
import ExerciseReference
import Testing

/// The Raft exercises' proofs: the reference solution passes each suite, and
/// every known-buggy variant fails the tests named for it.
@Suite struct RaftElectionExerciseTests {
    static func suite(_ variant: String? = nil) -> ExerciseSuite<RaftNode> { RaftElectionExercise.suite(RaftNode.self, variant: variant) }

    @Test func matchesCatalog() { SuiteProof.matchesCatalog(Self.suite()) }
    @Test func referencePasses() { SuiteProof.referencePasses(Self.suite()) }

    @Test(arguments: [
        ("vote-twice", ["many-elections"]),
        ("no-step-down", ["re-election-partition"]),
        ("minority-majority", ["no-majority"]),
        ("fixed-timeout", ["initial-election"]),
        ("no-reset-on-heartbeat", ["initial-election"]),
    ])
    func variantCaught(_ variant: String, _ tests: [String]) {
        SuiteProof.variantCaught(Self.suite(variant), variant, failing: Set(tests))
    }
}

@Suite struct RaftLogExerciseTests {
    static func suite(_ variant: String? = nil) -> ExerciseSuite<RaftNode> { RaftLogExercise.suite(RaftNode.self, variant: variant) }

    @Test func matchesCatalog() { SuiteProof.matchesCatalog(Self.suite()) }
    @Test func referencePasses() { SuiteProof.referencePasses(Self.suite()) }

    @Test(arguments: [
        ("no-up-to-date-check", ["up-to-date-vote"]),
        ("figure-8", ["figure-8"]),
        ("no-consistency-check", ["rejoin"]),
        ("truncate-on-match", ["unreliable-agree"]),
        ("commit-not-bounded", ["rejoin"]),
        ("nextindex-stuck", ["rejoin"]),
    ])
    func variantCaught(_ variant: String, _ tests: [String]) {
        SuiteProof.variantCaught(Self.suite(variant), variant, failing: Set(tests))
    }
}

@Suite struct RaftPersistenceExerciseTests {
    static func suite(_ variant: String? = nil) -> ExerciseSuite<RaftNode> { RaftPersistenceExercise.suite(RaftNode.self, variant: variant) }

    @Test func matchesCatalog() { SuiteProof.matchesCatalog(Self.suite()) }
    @Test func referencePasses() { SuiteProof.referencePasses(Self.suite()) }

    @Test(arguments: [
        ("term-not-persisted", ["restart-remembers"]),
        ("vote-not-persisted", ["restart-remembers", "vote-survives-restart"]),
        ("log-not-persisted", ["restart-remembers", "crash-all"]),
        ("persist-on-timer", ["restart-remembers"]),
        ("persist-committed-only", ["restart-remembers"]),
    ])
    func variantCaught(_ variant: String, _ tests: [String]) {
        SuiteProof.variantCaught(Self.suite(variant), variant, failing: Set(tests))
    }
}

@Suite struct RaftKVExerciseTests {
    static func suite(_ variant: String? = nil) -> ExerciseSuite<RaftNode> { RaftKVExercise.suite(RaftNode.self, variant: variant) }

    @Test func matchesCatalog() { SuiteProof.matchesCatalog(Self.suite()) }
    @Test func referencePasses() { SuiteProof.referencePasses(Self.suite()) }

    @Test(arguments: [
        ("local-read", ["kv-stale-read"]),
        ("no-dedup", ["kv-unreliable"]),
        ("reply-before-commit", ["kv-partition"]),
        ("apply-uncommitted", ["kv-chaos"]),
        ("deposed-leader-answers", ["kv-partition"]),
    ])
    func variantCaught(_ variant: String, _ tests: [String]) {
        SuiteProof.variantCaught(Self.suite(variant), variant, failing: Set(tests))
    }
}

/// A correct but slower implementation (replication only on heartbeats,
/// nextIndex backed up one entry at a time) passes every Raft suite: the
/// goals' deadlines ask for Raft, not for the reference's speed.
@Suite struct RaftCorrectVariationTests {
    @Test func lazyReplicationPassesEverySuite() {
        SuiteProof.referencePasses(RaftElectionExercise.suite(RaftNode.self, variant: "lazy-replication"))
        SuiteProof.referencePasses(RaftLogExercise.suite(RaftNode.self, variant: "lazy-replication"))
        SuiteProof.referencePasses(RaftPersistenceExercise.suite(RaftNode.self, variant: "lazy-replication"))
        SuiteProof.referencePasses(RaftKVExercise.suite(RaftNode.self, variant: "lazy-replication"))
    }
}

/// Figure 3's checker on hand-made states: each property can fail, and names the servers.
@Suite struct RaftExerciseMonitorTests {
    static func view(_ role: ServerRole = .follower, term: Int, _ log: [(Int, String)], commit: Int = 0) -> RaftServerView {
        RaftServerView(role: role, currentTerm: term, votedFor: nil, log: log.map { LogEntry(term: $0.0, command: .text($0.1)) },
                       commitIndex: commit, lastApplied: 0)
    }

    @Test func electionSafety() {
        let v = RaftExerciseMonitor().observe([Self.view(.leader, term: 2, []), Self.view(.leader, term: 2, [])], touched: nil, step: 1)
        #expect(v?.property == .electionSafety && v?.message == "n2 and n1 are both leaders of term 2")
    }

    @Test func logMatching() {
        let v = RaftExerciseMonitor().observe([Self.view(term: 2, [(1, "a"), (2, "b")]), Self.view(term: 2, [(1, "a"), (2, "c")])],
                                              touched: nil, step: 1)
        #expect(v?.property == .logMatching)
    }

    @Test func leaderCompletenessAcrossSteps() {
        let m = RaftExerciseMonitor()
        #expect(m.observe([Self.view(term: 1, [(1, "a")], commit: 1), Self.view(term: 1, [(1, "a")]), nil], touched: nil, step: 1) == nil)
        let v = m.observe([nil, Self.view(term: 1, [(1, "a")]), Self.view(.leader, term: 2, [])], touched: nil, step: 2)
        #expect(v?.property == .leaderCompleteness && v?.message.contains("n3, leader of term 2, has nothing at index 1") == true)
    }

    @Test func stateMachineSafetyWhenACommittedEntryIsLost() {
        let m = RaftExerciseMonitor()
        #expect(m.observe([Self.view(term: 1, [(1, "a"), (1, "b")], commit: 2)], touched: nil, step: 1) == nil)
        let v = m.observe([Self.view(term: 1, [(1, "a")], commit: 2)], touched: [0], step: 2)
        #expect(v?.property == .stateMachineSafety && v?.message == "n1 has commitIndex 2 but only 1 log entries")
    }

    @Test func stepsBackForgetTheFuture() {
        let m = RaftExerciseMonitor()
        _ = m.observe([Self.view(.leader, term: 2, []), Self.view(.leader, term: 2, [])], touched: nil, step: 5)
        #expect(m.observe([Self.view(.leader, term: 2, []), Self.view(term: 2, [])], touched: nil, step: 3) == nil)
    }
}
