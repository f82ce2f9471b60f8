import ExerciseKit
import ExerciseReference
import Testing

/// The broadcast suite is honest: the reference passes it, each known-buggy
/// variant fails the tests named, and it lists what its catalog entry does.
@Suite struct BroadcastExerciseTests {
    static func suite(_ variant: String? = nil) -> ExerciseSuite<BroadcastNode> {
        BroadcastExercise.suite(BroadcastNode.self, variant: variant)
    }

    @Test func matchesCatalog() { SuiteProof.matchesCatalog(Self.suite()) }

    @Test func referencePasses() { SuiteProof.referencePasses(Self.suite()) }

    /// Sent once, a value lost on the way or cut off by a partition never arrives.
    @Test func noRetryIsCaught() {
        SuiteProof.variantCaught(Self.suite("no-retry"), "no-retry", failing: ["lossy", "partition"])
    }

    /// Flooding the ring once needs every hop to get through.
    @Test func neighboursOnceIsCaught() {
        SuiteProof.variantCaught(Self.suite("neighbours-once"), "neighbours-once", failing: ["lossy", "partition"])
    }

    /// Converges, but sends everything to everyone for ever.
    @Test func floodEveryTickIsCaught() {
        SuiteProof.variantCaught(Self.suite("flood-every-tick"), "flood-every-tick", failing: ["efficient"])
    }

    /// The failure a report names is the one `exercise debug` reopens.
    @Test func aFailureReplays() {
        SuiteProof.failureReplays(Self.suite("no-retry"), test: "partition", seed: 3)
    }
}
