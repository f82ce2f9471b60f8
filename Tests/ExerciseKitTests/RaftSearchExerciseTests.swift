import ClusterSim
import ExerciseKit
import ExerciseReference
import Testing

/// The Raft suites' model-checking tests: the search finds the double vote
/// and the Figure 8 commit with short schedules (the issue asks for at most
/// 20 steps), its schedules replay in an ordinary run that stops at the
/// violation, and the reference solution has no violation within the bounds.
@Suite struct RaftSearchExerciseTests {
    static func test<N>(_ suite: ExerciseSuite<N>, _ name: String) -> ExerciseTest<N> {
        suite.tests.first { $0.name == name }!
    }

    static func verdict(_ suite: ExerciseSuite<RaftNode>, _ name: String) -> SearchVerdict<RaftNode> {
        guard case .search(let search) = test(suite, name).body else { preconditionFailure("\(name) is not a search test") }
        return search()
    }

    @Test func theDoubleVoteIsFoundWithAShortScheduleThatReplaysToTheViolation() throws {
        let v = Self.verdict(RaftElectionExercise.suite(RaftNode.self, variant: "vote-twice"), "election-search")
        let f = try #require(v.failure, "the search misses the double vote after \(v.statesExplored) states")
        #expect(f.property == "election safety" && f.todo == nil)
        #expect(!v.schedule.isEmpty && v.schedule.count <= 20, "\(v.schedule)")
        let replay = try #require(v.replay)
        #expect(replay.violation?.invariant == "election safety", "the replayed run stops at the violation")
    }

    @Test func theFigure8CommitIsFoundFromItsSituationWithAShortSchedule() throws {
        let v = Self.verdict(RaftLogExercise.suite(RaftNode.self, variant: "figure-8"), "figure-8-search")
        let f = try #require(v.failure, "the search misses the Figure 8 commit after \(v.statesExplored) states")
        #expect(f.property == "leader completeness" && f.todo == nil, "\(f)")
        #expect(!v.schedule.isEmpty && v.schedule.count <= 20, "\(v.schedule)")
        let replay = try #require(v.replay)
        #expect(replay.violation?.invariant == "leader completeness", "the replayed run stops at the violation")
    }

    @Test func theReferenceHasNoViolationWithinTheBoundsAndExploresStates() throws {
        for (suite, name) in [(RaftElectionExercise.suite(RaftNode.self), "election-search"),
                              (RaftLogExercise.suite(RaftNode.self), "figure-8-search")] {
            let v = Self.verdict(suite, name)
            #expect(v.failure == nil, "\(name): \(v.failure.map { "\($0)" } ?? "") after \(v.schedule)")
            #expect(v.statesExplored > 1_000, "\(name) explored only \(v.statesExplored) states")
        }
    }
}
