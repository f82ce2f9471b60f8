import ClusterSim
import ExerciseKit
import Foundation
import Testing
import TestSupport

/// The proofs every exercise's tests make: the reference solution passes its
/// whole suite; each known-buggy variant fails at least one test; the suite
/// lists exactly the tests its catalog entry does. Seed counts are small here
/// (`CLUSTERLAB_SEEDS=50` widens them); `clusterlab bench exercises` runs the full counts.
enum SuiteProof {
    /// Seeds for proofs in CI.
    static func seeds(_ count: Int = 5) -> [UInt64] { TestSeeds.sweep(count) }

    /// Every test passes on every seed; the report is printed when one doesn't.
    static func referencePasses<Node>(_ suite: ExerciseSuite<Node>, seeds: [UInt64] = seeds(),
                                      sourceLocation: SourceLocation = #_sourceLocation) {
        let result = SuiteRunner.run(suite, seeds: seeds)
        #expect(result.passed, "reference solution of \(suite.exercise.id) fails:\n\(SuiteReport.text(result, title: suite.exercise.title))",
                sourceLocation: sourceLocation)
        #expect(result.earned == suite.exercise.maxPoints, sourceLocation: sourceLocation)
    }

    /// The variant fails at least one test, and every test in `expected` is
    /// among those it fails (none of them as "not implemented yet").
    /// Returns the names of the failing tests.
    @discardableResult
    static func variantCaught<Node>(_ suite: ExerciseSuite<Node>, _ variant: String, failing expected: Set<String> = [],
                                    seeds: [UInt64] = seeds(), sourceLocation: SourceLocation = #_sourceLocation) -> Set<String> {
        let only = expected
        let result = SuiteRunner.run(suite, seeds: seeds, only: only)
        let failing = Set(result.tests.filter { !$0.passed }.map(\.name))
        #expect(!failing.isEmpty, "variant '\(variant)' of \(suite.exercise.id) passes every test on \(seeds.count) seeds",
                sourceLocation: sourceLocation)
        #expect(expected.isSubset(of: failing), "variant '\(variant)' should fail \(expected.sorted()), fails \(failing.sorted())",
                sourceLocation: sourceLocation)
        #expect(!result.tests.contains { $0.notImplemented }, "variant '\(variant)' reports a TODO", sourceLocation: sourceLocation)
        return failing
    }

    /// The suite's tests are the catalog entry's, in order, with the same points and kinds.
    static func matchesCatalog<Node>(_ suite: ExerciseSuite<Node>, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(suite.tests.map(\.info) == suite.exercise.tests, sourceLocation: sourceLocation)
        #expect(ExerciseCatalog.info(suite.exercise.id) == suite.exercise, "\(suite.exercise.id) is not in ExerciseCatalog.all",
                sourceLocation: sourceLocation)
    }
}
