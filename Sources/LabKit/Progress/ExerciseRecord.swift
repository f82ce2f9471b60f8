/// A student's work on one exercise: the checks they ran and the hints they
/// took, kept in the same progress file as the labs (same atomic writes) so
/// an instructor collects both the same way.
public struct ExerciseRecord: Codable, Sendable, Hashable {
    /// One `exercise check`: when, on which seeds, and the points per test.
    public struct Check: Codable, Sendable, Hashable {
        /// Seconds since 1970.
        public var at: Double
        /// The seeds of the check: `firstSeed ..< firstSeed + seedCount`.
        public var firstSeed: UInt64
        public var seedCount: Int
        /// Points earned per test name (every test of the suite when graded).
        public var tests: [String: Int]
        /// Whether the check counts: the whole suite on the standard seed set.
        public var graded: Bool

        public init(at: Double, firstSeed: UInt64, seedCount: Int, tests: [String: Int], graded: Bool) {
            self.at = at; self.firstSeed = firstSeed; self.seedCount = seedCount; self.tests = tests; self.graded = graded
        }

        public var earned: Int { tests.values.reduce(0, +) }
        /// `seeds 1–50`.
        public var seedText: String {
            seedCount == 1 ? "seed \(firstSeed)" : "seeds \(firstSeed)–\(firstSeed + UInt64(max(seedCount, 1)) - 1)"
        }
    }

    public var title: String
    public var topic: String
    public var maxPoints: Int
    /// The graded check with the most points (the earliest of equals): what the exercise scores.
    public var best: Check?
    /// The latest check, graded or not.
    public var latest: Check?
    /// When the first check ran, and how many have.
    public var firstCheck: Double?
    public var checkCount: Int
    /// When each hint was revealed, in order: `hints.count` hints are shown.
    public var hints: [Double]

    public init(title: String, topic: String, maxPoints: Int) {
        self.title = title; self.topic = topic; self.maxPoints = maxPoints
        best = nil; latest = nil; firstCheck = nil; checkCount = 0; hints = []
    }

    public var score: Int { best?.earned ?? 0 }
    public var completed: Bool { maxPoints > 0 && score == maxPoints }

    /// Records a check: the latest always; the best when it is graded and beats it.
    public mutating func record(_ check: Check) {
        latest = check
        checkCount += 1
        if firstCheck == nil { firstCheck = check.at }
        if check.graded, check.earned > (best?.earned ?? -1) { best = check }
    }
}
