import Foundation
import Testing
import ClusterSim
import TestSupport
@testable import LabKit

/// No shipped quiz bank gives its answers away by length (QuizChoiceBalanceTests
/// shows the warning fires), so the next author who brings one back sees this fail.
@Suite struct ShippedQuizChoiceBalanceTests {
    static var banks: [String] {
        let dir = BuiltBinary.packageRoot.appendingPathComponent("Courseware/quizzes")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
        return names.filter { $0.hasSuffix(".yaml") }.sorted().map { dir.appendingPathComponent($0).path }
    }

    @Test(arguments: banks)
    func noShippedRightChoiceIsLongestByFar(_ path: String) throws {
        let bank = try QuizBank.load(SourceText(name: path, text: try String(contentsOfFile: path, encoding: .utf8)))
        #expect(bank.warnings.isEmpty, "\(bank.warnings.map(\.description).joined(separator: "\n"))")
    }

    @Test func everyBankIsChecked() { #expect(Self.banks.count >= 7) }
}
