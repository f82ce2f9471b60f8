import Testing
import Foundation
import TestSupport

/// The consistency quiz bank plays to full score with its answers file (which
/// answers every question, in the order `--seed 1` draws them) and scores
/// less with wrong answers.
@Suite struct ConsistencyQuizTests {
    static let answers = BuiltBinary.packageRoot.appendingPathComponent("Instructors/quizzes/consistency.answers.txt").path

    @Test func theReferenceAnswersScoreFull() throws {
        let r = try BuiltBinary.run(["quiz", "consistency", "--answers", Self.answers])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.split(separator: "\n").last == "score=5/5", "\(r.stdout)")
        let all = try BuiltBinary.run(["quiz", "consistency", "--count", "1000", "--seed", "1", "--answers", Self.answers])
        #expect(all.stdout.split(separator: "\n").last == "score=10/10", "\(all.stdout)")
    }

    @Test func wrongAnswersScoreLessAndEveryQuestionLoads() throws {
        let wrong = FileManager.default.temporaryDirectory.appendingPathComponent("consistency-wrong-\(getpid()).txt")
        try "a\na\na\n99\na\n".write(to: wrong, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: wrong) }
        let r = try BuiltBinary.run(["quiz", "consistency", "--answers", wrong.path])
        #expect(r.stdout.split(separator: "\n").last == "score=0/5", "\(r.stdout)")
        let all = try BuiltBinary.run(["quiz", "consistency", "--count", "10", "--answers", wrong.path])
        #expect(all.stdout.contains("score=") && all.stdout.contains("10. "), "\(all.stdout)")
    }
}
