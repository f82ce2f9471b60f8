/// Where an answer came from: typed by the student, or played from a
/// reference answers file (which never counts as the student's own work).
public enum AnswerSource: String, Codable, Sendable, Hashable {
    case student
    case answersFile = "answers-file"
}

/// One answer to one question (or one finish of a task), with when it was given.
public struct Attempt: Codable, Sendable, Hashable {
    /// The answer as given, in the lab author's letters (`b`, `a,c`, `3`,
    /// `done`, `skipped`).
    public var answer: String
    public var correct: Bool
    /// Points this answer would earn; only a first answer's are scored.
    public var points: Int
    /// Wall-clock seconds since 1970.
    public var at: Double
    public var source: AnswerSource

    public init(answer: String, correct: Bool, points: Int, at: Double, source: AnswerSource) {
        (self.answer, self.correct, self.points, self.at, self.source) = (answer, correct, points, at, source)
    }
}

/// Every answer a student gave to one question, first one first.
public struct QuestionRecord: Codable, Sendable, Hashable {
    /// The question's step, counted from 1 as the screen shows it.
    public var step: Int
    /// The most the question is worth.
    public var maxPoints: Int
    public var attempts: [Attempt]

    public init(step: Int, maxPoints: Int, attempts: [Attempt] = []) {
        (self.step, self.maxPoints, self.attempts) = (step, maxPoints, attempts)
    }

    /// The answer that is scored: the student's own first one. Later answers
    /// (after going back) are attempts; answers from a reference file never count.
    public var scored: Attempt? { attempts.first { $0.source == .student } }
}

/// A student's progress in every lab, saved so nothing they did is lost.
public struct StudentProgress: Codable, Sendable, Hashable {
    public struct LabRecord: Codable, Sendable, Hashable {
        public var title: String
        public var topic: String
        /// Index of the next step to do (0-based; exports show it from 1).
        public var position: Int
        /// How many steps the lab has (0 if unknown: saved by an older version).
        public var steps: Int
        /// The latest answer to each question, by step id (replayed on resume).
        public var responses: [String: String]
        /// First-attempt score from the student's own answers.
        public var score: Int
        public var maxScore: Int
        public var completed: Bool
        /// Seconds since 1970, when last saved.
        public var updated: Double
        /// Every attempt at every question, by step id.
        public var questions: [String: QuestionRecord]
        /// What the order of this lab's choices was drawn from, so a resumed
        /// lab shows them as the student first saw them.
        public var choiceSeed: String?
        /// Fields this version does not know, kept as read.
        public var unknown: [String: JSONValue] = [:]

        public init(title: String, topic: String, position: Int, steps: Int = 0, responses: [String: String],
                    score: Int, maxScore: Int, completed: Bool, updated: Double,
                    questions: [String: QuestionRecord] = [:], choiceSeed: String? = nil) {
            (self.title, self.topic, self.position, self.steps, self.responses) = (title, topic, position, steps, responses)
            (self.score, self.maxScore, self.completed, self.updated) = (score, maxScore, completed, updated)
            (self.questions, self.choiceSeed) = (questions, choiceSeed)
        }

        /// Played (in part) from a reference answers file: marked in every export.
        public var usedAnswersFile: Bool { questions.values.contains { $0.attempts.contains { $0.source == .answersFile } } }
        public var source: AnswerSource { usedAnswersFile ? .answersFile : .student }
        /// Every answer given, first ones included.
        public var attemptCount: Int { questions.values.reduce(0) { $0 + $1.attempts.count } }

        /// This record after a later play of the same lab: every earlier
        /// attempt stays first, so the first answer keeps counting; the place
        /// and latest answers are the newer play's unless it got less far
        /// (a lab done stays done).
        public func followed(by newer: LabRecord) -> LabRecord {
            var merged = newer
            if completed || position > newer.position {
                (merged.position, merged.responses, merged.completed) = (position, responses, completed)
            }
            merged.unknown = unknown.merging(newer.unknown) { _, new in new }
            merged.choiceSeed = choiceSeed ?? newer.choiceSeed
            for (id, q) in questions {
                merged.questions[id] = QuestionRecord(step: newer.questions[id]?.step ?? q.step, maxPoints: q.maxPoints,
                                                      attempts: q.attempts + (newer.questions[id]?.attempts ?? []))
            }
            merged.score = merged.questions.isEmpty ? newer.score : merged.questions.values.reduce(0) { $0 + ($1.scored?.points ?? 0) }
            return merged
        }

        enum CodingKeys: String, CodingKey, CaseIterable {
            case title, topic, position, steps, responses, score, maxScore, completed, updated, questions, choiceSeed, source
        }

        public init(from decoder: Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            title = try c.decode(String.self, forKey: .title)
            topic = try c.decode(String.self, forKey: .topic)
            position = try c.decode(Int.self, forKey: .position)
            steps = try c.decodeIfPresent(Int.self, forKey: .steps) ?? 0
            responses = try c.decode([String: String].self, forKey: .responses)
            score = try c.decode(Int.self, forKey: .score)
            maxScore = try c.decode(Int.self, forKey: .maxScore)
            completed = try c.decode(Bool.self, forKey: .completed)
            updated = try c.decode(Double.self, forKey: .updated)
            questions = try c.decodeIfPresent([String: QuestionRecord].self, forKey: .questions) ?? [:]
            choiceSeed = try c.decodeIfPresent(String.self, forKey: .choiceSeed)
            unknown = try decoder.unknownFields(known: Set(CodingKeys.allCases.map(\.rawValue)))
        }

        public func encode(to encoder: Encoder) throws {
            try encoder.encodeUnknownFields(unknown)
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(title, forKey: .title)
            try c.encode(topic, forKey: .topic)
            try c.encode(position, forKey: .position)
            try c.encode(steps, forKey: .steps)
            try c.encode(responses, forKey: .responses)
            try c.encode(score, forKey: .score)
            try c.encode(maxScore, forKey: .maxScore)
            try c.encode(completed, forKey: .completed)
            try c.encode(updated, forKey: .updated)
            try c.encode(questions, forKey: .questions)
            try c.encodeIfPresent(choiceSeed, forKey: .choiceSeed)
            try c.encode(source, forKey: .source)
        }
    }

    /// The newest file format this program reads; a newer file is refused
    /// rather than half-understood and then overwritten.
    public static let currentVersion = 2

    public var version = StudentProgress.currentVersion
    /// A random id made once per progress file: it seeds the order in which
    /// this student sees each question's choices.
    public var id: String
    /// The student's name or id, as they gave it (asked once, or `--student`).
    public var student: String?
    public var labs: [String: LabRecord] = [:]
    /// Exercises the student has checked or taken hints for, by exercise id.
    public var exercises: [String: ExerciseRecord] = [:]
    /// Fields this version does not know, kept as read.
    public var unknown: [String: JSONValue] = [:]

    public init(id: String = StudentProgress.newID()) { self.id = id }

    /// 16 random hex digits.
    public static func newID() -> String {
        var g = SystemRandomNumberGenerator()
        let n = g.next() as UInt64
        let hex = String(n, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }

    enum CodingKeys: String, CodingKey, CaseIterable { case version, id, student, labs, exercises }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        version = try c.decode(Int.self, forKey: .version)
        guard version <= Self.currentVersion else { throw ProgressStore.Problem.newerVersion(version) }
        id = try c.decodeIfPresent(String.self, forKey: .id) ?? Self.newID()
        student = try c.decodeIfPresent(String.self, forKey: .student)
        labs = try c.decode([String: LabRecord].self, forKey: .labs)
        exercises = try c.decodeIfPresent([String: ExerciseRecord].self, forKey: .exercises) ?? [:]
        unknown = try decoder.unknownFields(known: Set(CodingKeys.allCases.map(\.rawValue)))
    }

    public func encode(to encoder: Encoder) throws {
        try encoder.encodeUnknownFields(unknown)
        var c = encoder.container(keyedBy: CodingKeys.self)
        // Written in this program's format, whatever version was read.
        try c.encode(Self.currentVersion, forKey: .version)
        try c.encode(id, forKey: .id)
        try c.encodeIfPresent(student, forKey: .student)
        try c.encode(labs, forKey: .labs)
        if !exercises.isEmpty { try c.encode(exercises, forKey: .exercises) }
    }
}
