import Testing
import Foundation
import ClusterSim
import TestSupport
@testable import LabKit

/// The validator warns (never fails) when a question's right choice is the
/// longest by far, at least 1.5 times the longest wrong one: students learn
/// to pick the longest answer whatever order the choices are shown in.
@Suite struct LongestChoiceWarningTests {
    static let path = BuiltBinary.packageRoot.appendingPathComponent("Labs/clocks/lamport-vs-vector.yaml").path

    func check(_ text: String) -> (errors: [SourceError], warnings: [SourceError]) {
        LabValidator.check(SourceText(name: Self.path, text: text))
    }

    @Test func aRightChoiceLongestByFarIsWarnedAtItsQuestion() throws {
        let original = try String(contentsOfFile: Self.path, encoding: .utf8)
        #expect(check(original).warnings.isEmpty, "the shipped lab is balanced")
        let padded = original.replacingOccurrences(of: "        - text: b did not happen before a\n",
                                                   with: "        - text: b did not happen before a, because a Lamport timestamp only grows along causal chains\n")
        #expect(padded != original)
        let (errors, warnings) = check(padded)
        #expect(errors.isEmpty, "a warning, not an error")
        let line = try #require(original.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.hasSuffix("- id: lamport-order") }) + 1
        #expect(warnings.map(\.line) == [line], "\(warnings)")
        #expect(warnings.first?.message.hasPrefix("warning: the right choice is the longest by far") == true)
    }

    /// A prediction's right choice is the one that held in the dry run.
    @Test func aPredictionIsJudgedByTheChoiceThatHeld() throws {
        let original = try String(contentsOfFile: Self.path, encoding: .utf8)
        let padded = original.replacingOccurrences(of: "        - text: They are concurrent\n",
                                                   with: "        - text: They are concurrent, since neither vector clock dominates the other one here\n")
        #expect(padded != original)
        let line = try #require(original.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.hasSuffix("- id: predict-concurrent") }) + 1
        #expect(check(padded).warnings.map(\.line) == [line])
    }
}
