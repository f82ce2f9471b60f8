import ClusterSim
import ExerciseKit
import Testing

extension SuiteProof {
    /// A failing run replays exactly: the same test on the same seed fails
    /// at the same step, with the same words, twice over (what `exercise
    /// debug` relies on to open the failure the report names).
    static func failureReplays<Node>(_ suite: ExerciseSuite<Node>, test name: String, seed: UInt64,
                                     sourceLocation: SourceLocation = #_sourceLocation) {
        guard let test = suite.tests.first(where: { $0.name == name }), case .seeded(let make, let drive) = test.body else {
            Issue.record("\(suite.exercise.id) has no seeded test '\(name)'", sourceLocation: sourceLocation)
            return
        }
        let (first, run) = SuiteRunner.runSeeded(make: make, drive: drive, seed: seed)
        let (second, again) = SuiteRunner.runSeeded(make: make, drive: drive, seed: seed)
        #expect(first != nil, "\(name) passes on seed \(seed): nothing to replay", sourceLocation: sourceLocation)
        #expect(first == second, "\(name), seed \(seed): \(String(describing: first)) then \(String(describing: second))",
                sourceLocation: sourceLocation)
        #expect(run.trace.count == again.trace.count, sourceLocation: sourceLocation)
    }
}

import ExerciseReference
import Synchronization

/// `failureReplays` can fail: a test whose failure differs from run to run is caught.
@Suite struct SuiteProofReplaysTests {
    static let runs = Atomic<Int>(0)

    @Test func aFailureThatDiffersIsCaught() {
        let flaky = ExerciseTest<BroadcastNode>(TestInfo("flaky", points: 1, "fails differently each run"), make: { seed in
            Simulation<BroadcastNode>(layout: ClusterLayout(servers: 1), config: BroadcastConfig(servers: 1), seed: seed)
        }, drive: { h in
            let n = SuiteProofReplaysTests.runs.add(1, ordering: .relaxed).newValue
            try h.require("the same failure", "run \(n)")
        })
        withKnownIssue {
            SuiteProof.failureReplays(ExerciseSuite(BroadcastExercise.info, [flaky]), test: "flaky", seed: 1)
        }
    }
}
