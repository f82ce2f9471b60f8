import Foundation
import Testing
@testable import TerminalUI

/// Compares a screen with `Snapshots/<name>.txt`. `CLUSTERLAB_RECORD_SNAPSHOTS=1`
/// writes the snapshot instead; a missing snapshot fails and says how to record it.
func assertSnapshot(_ grid: CellGrid, named name: String, sourceLocation: SourceLocation = #_sourceLocation) {
    // This file is Tests/TerminalUITests/Support/SnapshotAssert.swift.
    let dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Snapshots")
    let file = dir.appendingPathComponent("\(name).txt")
    let actual = "size \(grid.size)\n" + grid.text + "\n"
    if ProcessInfo.processInfo.environment["CLUSTERLAB_RECORD_SNAPSHOTS"] == "1" {
        try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try? actual.write(to: file, atomically: true, encoding: .utf8)
        return
    }
    guard let expected = try? String(contentsOf: file, encoding: .utf8) else {
        Issue.record("missing snapshot \(file.path): record it with CLUSTERLAB_RECORD_SNAPSHOTS=1 swift test --filter TerminalUITests",
                     sourceLocation: sourceLocation)
        return
    }
    if expected != actual {
        Issue.record("screen differs from \(file.lastPathComponent) (re-record with CLUSTERLAB_RECORD_SNAPSHOTS=1 if intended):\n\(actual)",
                     sourceLocation: sourceLocation)
    }
}
