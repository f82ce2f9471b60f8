import ExerciseKit
import ExerciseReference
import Testing

/// The `two-phase-commit` suite is honest: the reference passes it, and each
/// known-buggy variant fails the tests named for its bug.
@Suite struct TwoPhaseCommitExerciseTests {
    @Test func suiteMatchesCatalog() {
        SuiteProof.matchesCatalog(TwoPhaseCommitExercise.suite(CommitNode.self))
    }

    @Test func referencePasses() {
        SuiteProof.referencePasses(TwoPhaseCommitExercise.suite(CommitNode.self))
    }

    /// A participant that voted yes and gives up waiting breaks atomicity
    /// when the coordinator had committed, and does not block when it must.
    @Test func abortingWhileWaitingIsCaught() {
        SuiteProof.variantCaught(TwoPhaseCommitExercise.suite(CommitNode.self, variant: "abort-when-waiting"), "abort-when-waiting",
                                 failing: ["coordinator-blocks", "coordinator-cut-off-after-commit"])
    }

    /// Committing on the first yes ignores a later no (or a missing vote).
    @Test func commitOnFirstYesIsCaught() {
        SuiteProof.variantCaught(TwoPhaseCommitExercise.suite(CommitNode.self, variant: "commit-on-first-yes"), "commit-on-first-yes",
                                 failing: ["participant-crash-before-prepare"])
    }

    /// A yes vote not made durable first is forgotten by a crash.
    @Test func prepareNotDurableIsCaught() {
        SuiteProof.variantCaught(TwoPhaseCommitExercise.suite(CommitNode.self, variant: "prepare-not-durable"), "prepare-not-durable",
                                 failing: ["participant-crash-after-prepare"])
    }
}
