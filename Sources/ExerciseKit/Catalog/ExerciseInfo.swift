/// What ClusterLab knows about an exercise without building the student's
/// code: where it lives, what to read, its tests and their points, its hints.
/// `clusterlab exercise list`, `start` and `hint` read only this; the suite
/// (built with the student's node type in the exercises package) must list
/// the same tests, which `ExerciseCatalogTests` checks.
public struct ExerciseInfo: Sendable, Hashable {
    public var id: String
    public var title: String
    /// The syllabus topic it belongs to (`raft`, `clocks`, …), for `list`.
    public var topic: String
    /// The folder under Labs/Exercises with the student's files (the Raft
    /// exercises share one, as 6.824's labs share raft.go).
    public var folder: String
    /// The files the student edits, relative to the folder.
    public var files: [String]
    /// What to read before starting: notes, papers' sections.
    public var readFirst: [String]
    /// What to build, in a short paragraph.
    public var summary: String
    /// Hints, revealed one at a time by `exercise hint`.
    public var hints: [String]
    public var tests: [TestInfo]

    public init(id: String, title: String, topic: String, folder: String, files: [String], readFirst: [String],
                summary: String, hints: [String], tests: [TestInfo]) {
        self.id = id; self.title = title; self.topic = topic; self.folder = folder; self.files = files
        self.readFirst = readFirst; self.summary = summary; self.hints = hints; self.tests = tests
    }

    public var maxPoints: Int { tests.reduce(0) { $0 + $1.points } }

    /// The test with this name. Suites name only tests their entry lists (a
    /// test checks every suite against its entry), so a miss is a bug here.
    public subscript(test name: String) -> TestInfo {
        guard let t = tests.first(where: { $0.name == name }) else {
            preconditionFailure("exercise \(id) lists no test '\(name)'")
        }
        return t
    }

    /// The executable the exercises package builds for this exercise.
    public var product: String { "exercise-\(id)" }
}

/// One test of a suite as the catalog lists it.
public struct TestInfo: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Hashable, Codable { case seeded, search }
    public var name: String
    public var points: Int
    public var summary: String
    public var kind: Kind

    public init(_ name: String, points: Int, _ summary: String, kind: Kind = .seeded) {
        self.name = name; self.points = points; self.summary = summary; self.kind = kind
    }
}
