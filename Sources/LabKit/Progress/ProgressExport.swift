import Foundation

/// What a student hands in and an instructor grades: who, each lab's
/// first-attempt score, and for every question when it was answered, how
/// many times, and whether a reference answers file was used. Steps count
/// from 1, as the screen shows them ("step 7").
public struct ProgressExport: Codable, Sendable, Hashable {
    public struct QuestionRow: Codable, Sendable, Hashable {
        public var id: String
        public var step: Int
        /// Points of the student's own first answer.
        public var score: Int
        public var max: Int
        public var firstAnswer: String?
        public var attempts: Int
        public var firstAnswered: String?
        public var lastAnswered: String?
        public var source: AnswerSource
    }
    public struct LabRow: Codable, Sendable, Hashable {
        public var id: String
        public var title: String
        public var topic: String
        public var score: Int
        public var max: Int
        public var completed: Bool
        /// The step the student is at (or the last one when completed), from 1.
        public var position: Int
        public var attempts: Int
        public var firstAnswered: String?
        public var lastAnswered: String?
        /// `answers-file` when any answer came from a reference file: not the student's own work.
        public var source: AnswerSource
        public var questions: [QuestionRow]
    }
    /// An exercise: the points of its best graded check (the whole suite on
    /// the standard seeds), that check's points per test, and the hints taken.
    public struct ExerciseRow: Codable, Sendable, Hashable {
        public var id: String
        public var title: String
        public var topic: String
        public var score: Int
        public var max: Int
        public var completed: Bool
        /// The seeds of the best graded check (`seeds 1–50`), or nil before one.
        public var seeds: String?
        public var tests: [String: Int]
        public var checks: Int
        public var firstChecked: String?
        public var lastChecked: String?
        public var bestChecked: String?
        public var hints: Int
    }
    public var student: String?
    public var progressID: String
    public var labs: [LabRow]
    public var exercises: [ExerciseRow]

    public init(_ progress: StudentProgress) {
        student = progress.student
        progressID = progress.id
        labs = progress.labs.sorted { $0.key < $1.key }.map { id, r in
            let questions = r.questions.sorted { ($0.value.step, $0.key) < ($1.value.step, $1.key) }.map { qid, q in
                QuestionRow(id: qid, step: q.step, score: q.scored?.points ?? 0, max: q.maxPoints,
                            firstAnswer: q.scored?.answer, attempts: q.attempts.count,
                            firstAnswered: Self.time((q.scored ?? q.attempts.first)?.at),
                            lastAnswered: Self.time(q.attempts.last?.at),
                            source: q.attempts.contains { $0.source == .answersFile } ? .answersFile : .student)
            }
            let times = r.questions.values.flatMap { $0.attempts.map(\.at) }
            return LabRow(id: id, title: r.title, topic: r.topic, score: r.score, max: r.maxScore, completed: r.completed,
                          position: r.steps > 0 ? min(r.position + 1, r.steps) : r.position + 1,
                          attempts: r.attemptCount, firstAnswered: Self.time(times.min()), lastAnswered: Self.time(times.max()),
                          source: r.source, questions: questions)
        }
        exercises = progress.exercises.sorted { $0.key < $1.key }.map { id, e in
            ExerciseRow(id: id, title: e.title, topic: e.topic, score: e.score, max: e.maxPoints, completed: e.completed,
                        seeds: e.best?.seedText, tests: e.best?.tests ?? [:], checks: e.checkCount,
                        firstChecked: Self.time(e.firstCheck), lastChecked: Self.time(e.latest?.at),
                        bestChecked: Self.time(e.best?.at), hints: e.hints.count)
        }
    }

    /// ISO 8601 in UTC, to the second.
    static func time(_ seconds: Double?) -> String? {
        guard let seconds else { return nil }
        let f = ISO8601DateFormatter()
        f.timeZone = TimeZone(identifier: "UTC")
        return f.string(from: Date(timeIntervalSince1970: seconds))
    }

    public static let csvHeader = "student,lab,title,topic,question,step,score,max,first_answer,attempts,first_answered,last_answered,completed,position,source,kind,hints"

    /// One row per lab (question and step empty), then one per question;
    /// then one per exercise (`kind` exercise: `first_answer` holds the seeds
    /// of the graded check, `attempts` the checks run, `hints` the hints
    /// taken), then one per test of its best graded check.
    public func csv() -> String {
        func q(_ s: String?) -> String { s.map { "\"" + $0.replacingOccurrences(of: "\"", with: "\"\"") + "\"" } ?? "" }
        var out = Self.csvHeader + "\n"
        for lab in labs {
            let head = "\(q(student)),\(q(lab.id)),\(q(lab.title)),\(q(lab.topic))"
            out += "\(head),,,\(lab.score),\(lab.max),,\(lab.attempts),\(q(lab.firstAnswered)),\(q(lab.lastAnswered)),\(lab.completed),\(lab.position),\(lab.source.rawValue),lab,\n"
            for r in lab.questions {
                out += "\(head),\(q(r.id)),\(r.step),\(r.score),\(r.max),\(q(r.firstAnswer)),\(r.attempts),\(q(r.firstAnswered)),\(q(r.lastAnswered)),,,\(r.source.rawValue),lab,\n"
            }
        }
        for e in exercises {
            let head = "\(q(student)),\(q(e.id)),\(q(e.title)),\(q(e.topic))"
            out += "\(head),,,\(e.score),\(e.max),\(q(e.seeds)),\(e.checks),\(q(e.firstChecked)),\(q(e.lastChecked)),\(e.completed),,student,exercise,\(e.hints)\n"
            for (test, points) in e.tests.sorted(by: { $0.key < $1.key }) {
                out += "\(head),\(q(test)),,\(points),,\(q(e.seeds)),,,\(q(e.bestChecked)),,,student,exercise,\n"
            }
        }
        return out
    }

    public func json() throws -> String {
        let e = JSONEncoder()
        e.outputFormatting = [.prettyPrinted, .sortedKeys]
        return String(decoding: try e.encode(self), as: UTF8.self)
    }
}

extension StudentProgress {
    /// What a student hands in, as CSV with a header.
    public func exportCSV() -> String { ProgressExport(self).csv() }
}
