import Foundation
import Testing
import TestSupport

/// The membership matrix and the placement screen, driven in tmux as a person would.
@Suite(.serialized) struct ViewsTmuxTests {
    /// The cell under `peer`'s column header in `observer`'s row, read off the captured screen.
    static func cell(_ screen: String, observer: String, peer: String) throws -> String {
        let lines = screen.split(separator: "\n", omittingEmptySubsequences: false).map { Array($0) }
        let header = try #require(lines.firstIndex { String($0).contains("n1      n2") }, "no matrix header:\n\(screen)")
        let h = String(lines[header])
        let col = try #require(h.range(of: " \(peer) ").map { h.distance(from: h.startIndex, to: $0.lowerBound) + 1 })
        let row = try #require(lines[(header + 1)...].first { String($0.dropFirst()).hasPrefix(observer + " ") }, "no row \(observer)")
        return String(row[col..<min(row.count, col + 6)]).trimmingCharacters(in: .whitespaces)
    }

    @Test func membershipMatrixShowsACrashedNodeSuspectedInEveryOtherRow() throws {
        let tmux = try Tmux.start(command: "\(try Tmux.binary()) sandbox membership", width: 80, height: 24)
        defer { tmux.kill() }
        try tmux.waitFor("membership · seed")
        for command in ["crash n3", "step 400"] {
            tmux.send(":")
            tmux.send("-l", command)
            tmux.send("Enter")
        }
        try tmux.waitFor("step 400")
        tmux.send("M")
        try tmux.waitFor("Membership")
        let screen = try tmux.screen()
        for observer in ["n1", "n2", "n4", "n5"] {
            let c = try Self.cell(screen, observer: observer, peer: "n3")
            #expect(c == "SUSP" || c == "DEAD", "\(observer) sees n3 as '\(c)':\n\(screen)")
            #expect(try Self.cell(screen, observer: observer, peer: observer == "n1" ? "n2" : "n1") == "alive")
        }
        #expect(screen.contains("crashed · no view"), "n3's own row:\n\(screen)")
        tmux.send("M")
        try tmux.waitFor("Cluster · membership")
        tmux.send("q")
        try tmux.waitFor("EXITED=0")
    }
}
