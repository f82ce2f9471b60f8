import Testing
import Foundation
import TestSupport
@testable import LabKit

/// Labs/README.md §3 lists the range of every setting, generated from the
/// declarations the readers enforce; this fails when they differ.
/// `CLUSTERLAB_RECORD=1 swift test --filter SettingsTableTests` rewrites it.
@Suite struct SettingsTableTests {
    static let readme = BuiltBinary.packageRoot.appendingPathComponent("Labs/README.md")

    @Test func theReadmeListsTheDeclaredRanges() throws {
        let text = try String(contentsOf: Self.readme, encoding: .utf8)
        let record = ProcessInfo.processInfo.environment["CLUSTERLAB_RECORD"] == "1"
        var markers = text
        if !text.contains(SettingsTable.begin) {  // first recording: bare markers
            markers = text.replacingOccurrences(of: "<!-- ranges:begin -->", with: SettingsTable.begin)
        }
        let updated = try #require(SettingsTable.updating(markers), "Labs/README.md has no ranges markers")
        if record, updated != text { try updated.write(to: Self.readme, atomically: true, encoding: .utf8); return }
        #expect(updated == text, "Labs/README.md §3 ranges differ from the declarations; rerun with CLUSTERLAB_RECORD=1")
    }

    @Test func everyProtocolAndTheLabHaveRows() {
        let table = SettingsTable.markdown
        for key in ["`nodes`", "`until`", "`network.slowdown`", "`gossip` parameters | `interval`", "`raft` parameters | `heartbeat`",
                    "`balancer` parameters | `weights`", "`membership` parameters | `tick`", "lab | `limit`"] {
            #expect(table.contains(key), "missing row \(key)")
        }
    }
}
