import ClusterSim

/// One graded test of an exercise's suite, generic over the student's node
/// type: a deterministic scenario (nodes, network, faults, workload) and the
/// checks. A seeded test runs once per seed of the suite's seed set; a search
/// test (model checking) runs once and explores every order of events.
public struct ExerciseTest<Node: NodeStateMachine>: Sendable {
    public enum Body: Sendable {
        /// Builds the run for a seed (with the suite's invariants added), then
        /// drives it, throwing the first failure (a `TestFailure`).
        case seeded(make: @Sendable (UInt64) -> Simulation<Node>, drive: @Sendable (TestHarness<Node>) throws -> Void)
        /// Explores, and returns what it found with the run that replays it.
        case search(@Sendable () -> SearchVerdict<Node>)
    }

    /// Name, points and summary, as the exercise's catalog entry lists them.
    public var info: TestInfo
    public var body: Body

    public var name: String { info.name }
    public var points: Int { info.points }


    /// A seeded test.
    public init(_ info: TestInfo, make: @escaping @Sendable (UInt64) -> Simulation<Node>,
                drive: @escaping @Sendable (TestHarness<Node>) throws -> Void) {
        self.info = info; self.body = .seeded(make: make, drive: drive)
    }

    /// A model-checking test.
    public init(_ info: TestInfo, search: @escaping @Sendable () -> SearchVerdict<Node>) {
        self.info = info; self.body = .search(search)
    }
}

/// What a model-checking test found.
public struct SearchVerdict<Node: NodeStateMachine> {
    /// The broken property, at the last step of the shortest schedule.
    public var failure: TestFailure?
    /// The schedule that breaks it, one readable line per step.
    public var schedule: [String]
    public var statesExplored: Int
    public var depth: Int
    /// Whether the search covered every state within its bounds.
    public var exhausted: Bool
    /// A run that replays the schedule (for `exercise debug`), if one was found.
    public var replay: Simulation<Node>?

    public init(failure: TestFailure?, schedule: [String], statesExplored: Int, depth: Int, exhausted: Bool,
                replay: Simulation<Node>?) {
        self.failure = failure; self.schedule = schedule; self.statesExplored = statesExplored
        self.depth = depth; self.exhausted = exhausted; self.replay = replay
    }
}

/// An exercise's whole graded suite for one node type.
public struct ExerciseSuite<Node: NodeStateMachine>: Sendable {
    public var exercise: ExerciseInfo
    public var tests: [ExerciseTest<Node>]

    public init(_ exercise: ExerciseInfo, _ tests: [ExerciseTest<Node>]) {
        self.exercise = exercise; self.tests = tests
    }
}
