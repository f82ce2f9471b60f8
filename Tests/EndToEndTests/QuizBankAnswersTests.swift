import Testing
import Foundation
import TestSupport

/// Every quiz bank with a reference answers file (Instructors/quizzes/) scores full marks
/// with it (drawing every question, seed 1, as Courseware/instructor-guide.md
/// shows), and a file of wrong answers scores less.
@Suite struct QuizBankAnswersTests {
    static var topics: [String] {
        let dir = BuiltBinary.packageRoot.appendingPathComponent("Instructors/quizzes")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
        return names.filter { $0.hasSuffix(".answers.txt") }.map { String($0.dropLast(".answers.txt".count)) }.sorted()
    }

    func score(_ topic: String, answers: String) throws -> (got: Int, max: Int) {
        let r = try BuiltBinary.run(["quiz", topic, "--count", "1000", "--seed", "1", "--answers", answers],
                                    in: BuiltBinary.packageRoot)
        #expect(r.status == 0, "\(topic): \(r.stderr)")
        let last = r.stdout.split(separator: "\n").last.map(String.init) ?? ""
        let parts = last.replacingOccurrences(of: "score=", with: "").split(separator: "/").compactMap { Int($0) }
        try #require(last.hasPrefix("score=") && parts.count == 2, "\(topic): last line '\(last)'")
        return (parts[0], parts[1])
    }

    @Test func theNewBanksShip() { #expect(Set(Self.topics).isSuperset(of: ["replication", "sharding"])) }

    @Test(arguments: topics)
    func aBankScoresFullWithItsAnswersAndLessWithWrongOnes(_ topic: String) throws {
        let reference = BuiltBinary.packageRoot.appendingPathComponent("Instructors/quizzes/\(topic).answers.txt").path
        let full = try score(topic, answers: reference)
        #expect(full.got == full.max && full.max > 0, "\(topic): \(full.got)/\(full.max)")
        let wrong = FileManager.default.temporaryDirectory.appendingPathComponent("quiz-wrong-\(topic)-\(UUID().uuidString).txt")
        try String(repeating: "z\n", count: 200).write(to: wrong, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: wrong) }
        let bad = try score(topic, answers: wrong.path)
        #expect(bad.got < bad.max, "\(topic): wrong answers scored \(bad.got)/\(bad.max)")
    }
}
