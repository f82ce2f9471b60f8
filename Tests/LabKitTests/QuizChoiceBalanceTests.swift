import Foundation
import Testing
import ClusterSim
import TestSupport
@testable import LabKit

/// Quiz banks follow the rule `lab validate` applies to labs (one function,
/// `ChoiceBalance.warning`): a right choice at least 1.5 times as long as the
/// longest wrong one is warned at its question,.
@Suite struct QuizChoiceBalanceTests {
    static let tiny = """
        topic: t
        questions:
          - id: fair
            prompt: Pick b
            choices: [one wrong answer, {text: a right one, correct: true}]
          - id: leaky
            prompt: Pick b
            choices: [short, {text: the right answer given away by its length, correct: true}]
          - id: several
            prompt: Pick both
            multiple: true
            choices: [{text: a, correct: true}, {text: a long right answer, correct: true}]
          - id: number
            prompt: How many?
            number: 3
        """

    @Test func aRightChoiceLongestByFarIsWarnedAtItsQuestion() throws {
        let bank = try QuizBank.load(SourceText(name: "q.yaml", text: Self.tiny))
        let warnings = bank.warnings
        #expect(warnings.map(\.line) == [6], "\(warnings)")
        #expect(warnings.first?.file == "q.yaml")
        #expect(warnings.first?.message.hasPrefix("warning: the right choice is the longest by far (41 characters, the longest wrong one 5)") == true)
    }

    /// At least 1.5 times the longest wrong choice warns; a long wrong choice never does.
    @Test func theThresholdIsOneAndAHalfTimesTheLongestWrongChoice() {
        #expect(ChoiceBalance.warning(texts: ["abcd", "abcdef"], right: [1]) != nil, "exactly 1.5 times warns")
        #expect(ChoiceBalance.warning(texts: ["abcd", "abcde"], right: [1]) == nil)
        #expect(ChoiceBalance.warning(texts: ["abcdefgh", "abcd"], right: [0]) != nil)
        #expect(ChoiceBalance.warning(texts: ["abcdefgh", "abcd"], right: [1]) == nil, "a long wrong choice is fine")
    }
}
