import Foundation
import Testing
import ClusterSim
import TestSupport
@testable import LabKit

/// No shipped lab gives its answers away by length: `lab validate` warns when
/// a right choice is much the longest (LongestChoiceWarningTests shows the
/// warning fires), and the shipped labs carry none, so the next author who
/// brings one back sees this fail.
@Suite struct ShippedLabChoiceBalanceTests {
    @Test(arguments: ShippedLabTests.labs)
    func noRightChoiceIsLongestByFar(_ path: String) throws {
        guard MaelstromLabSupport.canPlay(path) else { return }
        let source = SourceText(name: path, text: try String(contentsOfFile: path, encoding: .utf8))
        let (errors, warnings) = LabValidator.check(source)
        #expect(errors.isEmpty, "\(errors)")
        #expect(warnings.isEmpty, "\(warnings.map(\.description).joined(separator: "\n"))")
    }
}
