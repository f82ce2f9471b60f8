import ExerciseKit
import ExerciseReference
import Testing

/// The `load-balancer` suite is honest: the reference picker passes it, and
/// each known-buggy variant fails the test named for its bug.
@Suite struct LoadBalancerExerciseTests {
    @Test func suiteMatchesCatalog() {
        SuiteProof.matchesCatalog(LoadBalancerExercise.suite(BalancerPicker.self))
    }

    @Test func referencePasses() {
        SuiteProof.referencePasses(LoadBalancerExercise.suite(BalancerPicker.self))
    }

    /// Counts that only grow: least connections becomes "fewest sent", i.e. round-robin.
    @Test func neverDecrementingIsCaught() {
        SuiteProof.variantCaught(LoadBalancerExercise.suite(BalancerPicker.self, variant: "never-decrements"), "never-decrements",
                                 failing: ["in-flight-counts", "least-connections-tail"])
    }

    /// Keeping the busier of two random backends piles requests on the slow one.
    @Test func moreLoadedOfTwoIsCaught() {
        SuiteProof.variantCaught(LoadBalancerExercise.suite(BalancerPicker.self, variant: "more-loaded-of-two"), "more-loaded-of-two",
                                 failing: ["power-of-two-tail"])
    }

    /// Ties always to n2: at moderate load most counts are 0, so n2 gets about a third.
    @Test func tiesToFirstIsCaught() {
        SuiteProof.variantCaught(LoadBalancerExercise.suite(BalancerPicker.self, variant: "ties-to-first"), "ties-to-first",
                                 failing: ["least-connections-spread"])
    }
}
