import ExerciseKit
import ExerciseReference
import Testing

/// The `quorum-kv` suite is honest: the reference server passes it (stale
/// reads flagged with R + W ≤ N included), and each known-buggy variant
/// fails the test named for its bug.
@Suite struct QuorumKVExerciseTests {
    @Test func suiteMatchesCatalog() {
        SuiteProof.matchesCatalog(QuorumKVExercise.suite(KVServer.self))
    }

    @Test func referencePasses() {
        SuiteProof.referencePasses(QuorumKVExercise.suite(KVServer.self))
    }

    /// Answering a put after W − 1 acks leaves R + (W − 1) ≤ N: across the
    /// split a write "succeeds" on one replica and reads on the other side miss it.
    @Test func earlyAckIsCaught() {
        SuiteProof.variantCaught(QuorumKVExercise.suite(KVServer.self, variant: "early-ack"), "early-ack",
                                 failing: ["partition-heals"])
    }

    /// The first reply may come from a replica the write has not reached.
    @Test func firstReplyIsCaught() {
        SuiteProof.variantCaught(QuorumKVExercise.suite(KVServer.self, variant: "first-reply"), "first-reply",
                                 failing: ["replica-down"])
    }
}
