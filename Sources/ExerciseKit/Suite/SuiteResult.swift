/// The outcome of one check of an exercise, as the runner writes it for
/// `clusterlab exercise check` to print and save in the student's progress.
/// It names its seed set, so two students' points mean the same thing.
public struct SuiteResult: Codable, Sendable, Hashable {
    public var exercise: String
    /// The seeds every seeded test ran on: `firstSeed ..< firstSeed + seedCount`.
    public var firstSeed: UInt64
    public var seedCount: Int
    public var tests: [TestResult]

    public init(exercise: String, firstSeed: UInt64, seedCount: Int, tests: [TestResult]) {
        self.exercise = exercise; self.firstSeed = firstSeed; self.seedCount = seedCount; self.tests = tests
    }

    public var earned: Int { tests.reduce(0) { $0 + $1.earned } }
    public var maxPoints: Int { tests.reduce(0) { $0 + $1.points } }
    public var passed: Bool { tests.allSatisfy(\.passed) }
    /// `seeds 1–50`, or `seed 17`.
    public var seedText: String {
        seedCount == 1 ? "seed \(firstSeed)" : "seeds \(firstSeed)–\(firstSeed + UInt64(seedCount) - 1)"
    }
}

/// One test's outcome over the seed set (or its one search).
public struct TestResult: Codable, Sendable, Hashable {
    public var name: String
    public var kind: TestInfo.Kind
    public var points: Int
    /// Seeds (runs) tried and passed; a search counts as one.
    public var runs: Int
    public var passedRuns: Int
    /// The first failing seed's report (the smallest seed that fails).
    public var failure: FailureReport?
    /// Search tests: states explored, the depth reached, states per second.
    public var statesExplored: Int?
    public var depth: Int?
    public var statesPerSecond: Double?
    /// Wall seconds the test took (reported, never asserted).
    public var seconds: Double

    public init(name: String, kind: TestInfo.Kind, points: Int, runs: Int, passedRuns: Int, failure: FailureReport?,
                statesExplored: Int? = nil, depth: Int? = nil, statesPerSecond: Double? = nil, seconds: Double = 0) {
        self.name = name; self.kind = kind; self.points = points; self.runs = runs; self.passedRuns = passedRuns
        self.failure = failure; self.statesExplored = statesExplored; self.depth = depth
        self.statesPerSecond = statesPerSecond; self.seconds = seconds
    }

    /// All or nothing: a test earns its points only when every run passes.
    public var passed: Bool { failure == nil && runs > 0 && passedRuns == runs }
    public var earned: Int { passed ? points : 0 }
    public var notImplemented: Bool { failure?.failure.todo != nil }
}

/// Everything a student needs to see and reopen one failure.
public struct FailureReport: Codable, Sendable, Hashable {
    /// The seed (nil for a search: it has none).
    public var seed: UInt64?
    public var failure: TestFailure
    /// A search's schedule, one step a line (the shortest that breaks it).
    public var schedule: [String]
    /// The last events of the prefix of the run that shows the failure.
    public var lastEvents: [String]
    /// The command that opens this failure in the interface at its step.
    public var debugCommand: String

    public init(seed: UInt64?, failure: TestFailure, schedule: [String] = [], lastEvents: [String], debugCommand: String) {
        self.seed = seed; self.failure = failure; self.schedule = schedule
        self.lastEvents = lastEvents; self.debugCommand = debugCommand
    }
}
