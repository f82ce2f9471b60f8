import Foundation
import Testing
@testable import TerminalUI

/// The README's key table is the help's: generated from the same `KeyMap`.
@Suite struct KeyTableTests {
    static let readme = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("README.md")

    @Test func theReadmeKeyTableMatchesTheHelp() throws {
        var text = try String(contentsOf: Self.readme, encoding: .utf8)
        let begin = try #require(text.range(of: KeyTable.begin), "README.md has no key table marker")
        let end = try #require(text.range(of: KeyTable.end, range: begin.upperBound..<text.endIndex))
        let table = KeyTable.markdown()
        if ProcessInfo.processInfo.environment["CLUSTERLAB_RECORD_SNAPSHOTS"] == "1" {
            text.replaceSubrange(begin.upperBound..<end.lowerBound, with: table)
            try text.write(to: Self.readme, atomically: true, encoding: .utf8)
            return
        }
        #expect(String(text[begin.upperBound..<end.lowerBound]) == table,
                "README.md's keys differ from the help (re-record with CLUSTERLAB_RECORD_SNAPSHOTS=1)")
    }

    @Test func theTableHasEveryBindingOfEveryMode() {
        let table = KeyTable.markdown()
        for b in KeyMap.normal + KeyMap.lab + KeyMap.instructor + KeyMap.home + KeyMap.reader + KeyMap.search
            + KeyMap.partitionEditor + KeyMap.linkEditor + KeyMap.prompt + KeyMap.help + KeyMap.placement {
            #expect(table.contains(b.help.replacingOccurrences(of: "|", with: "\\|")), "\(b.keyLabel): \(b.help)")
        }
    }
}
