import ExerciseKit
import ExerciseReference
import Testing

/// The failure-detector suite is honest: the reference passes it, each
/// known-buggy variant fails the tests named, and it lists what its catalog
/// entry does.
@Suite struct FailureDetectorExerciseTests {
    static func suite(_ variant: String? = nil) -> ExerciseSuite<DetectorNode> {
        FailureDetectorExercise.suite(DetectorNode.self, variant: variant)
    }

    @Test func matchesCatalog() { SuiteProof.matchesCatalog(Self.suite()) }

    @Test func referencePasses() { SuiteProof.referencePasses(Self.suite()) }

    /// A peer heard from again stays accused.
    @Test func neverClearsIsCaught() {
        SuiteProof.variantCaught(Self.suite("never-clears"), "never-clears", failing: ["recovery"])
    }

    /// Half an interval of silence is normal between heartbeats: everyone is accused.
    @Test func timeoutBelowIntervalIsCaught() {
        SuiteProof.variantCaught(Self.suite("timeout-below-interval"), "timeout-below-interval",
                                 failing: ["no-false-suspicions", "latency-spike"])
    }

    /// One and a half intervals covers a quiet network's jitter, not a latency spike.
    @Test func tightTimeoutIsCaught() {
        SuiteProof.variantCaught(Self.suite("tight-timeout"), "tight-timeout", failing: ["latency-spike"])
    }

    /// A window that never learns is a fixed timeout of about 160 ms: jitter trips it.
    @Test func phiFixedEstimateIsCaught() {
        SuiteProof.variantCaught(Self.suite("phi-fixed-estimate"), "phi-fixed-estimate", failing: ["phi-jitter"])
    }

    /// The failure a report names is the one `exercise debug` reopens.
    @Test func aFailureReplays() {
        SuiteProof.failureReplays(Self.suite("phi-fixed-estimate"), test: "phi-jitter", seed: 3)
    }
}
