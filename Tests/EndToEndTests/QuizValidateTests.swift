import Foundation
import Testing
import TestSupport

/// `clusterlab quiz TOPIC --validate` checks a bank instead of playing it:
/// length warnings on stderr without failing, load errors at file:line:column with exit 2.
@Suite struct QuizValidateTests {
    func bank(_ text: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("quiz-validate-\(getpid())-\(UUID().uuidString).yaml")
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    @Test func aLongRightChoiceIsWarnedButPasses() throws {
        let url = try bank("topic: t\nquestions:\n  - id: leaky\n    prompt: Pick b\n    choices: [short, {text: the right answer given away by its length, correct: true}]\n")
        defer { try? FileManager.default.removeItem(at: url) }
        let r = try BuiltBinary.run(["quiz", url.path, "--validate"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.contains("\(url.path):3:5: warning: the right choice is the longest by far"), "\(r.stderr)")
        #expect(r.stdout == "\(url.path): ok (1 warning)\n", "\(r.stdout)")
    }

    @Test func aBrokenBankFailsWithItsLocation() throws {
        let url = try bank("topic: t\nquestions:\n  - id: a\n    prompt: x\n")
        defer { try? FileManager.default.removeItem(at: url) }
        let r = try BuiltBinary.run(["quiz", url.path, "--validate"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("\(url.path):3:"), "\(r.stderr)")
    }

    @Test func aBalancedBankIsOk() throws {
        let url = try bank("topic: t\nquestions:\n  - id: fair\n    prompt: Pick b\n    choices: [one wrong answer, {text: a right one, correct: true}]\n")
        defer { try? FileManager.default.removeItem(at: url) }
        let r = try BuiltBinary.run(["quiz", url.path, "--validate"])
        #expect(r.status == 0 && r.stderr.isEmpty, "\(r.stderr)")
        #expect(r.stdout == "\(url.path): ok\n", "\(r.stdout)")
    }

    @Test func aShippedTopicIsValidatedByName() throws {
        let r = try BuiltBinary.run(["quiz", "raft", "--validate"], in: BuiltBinary.packageRoot)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("Courseware/quizzes/raft.yaml: ok"), "\(r.stdout)")
    }
}
