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
