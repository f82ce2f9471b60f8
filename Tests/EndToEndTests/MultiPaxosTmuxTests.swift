import Foundation
import Testing
import TestSupport

/// `clusterlab sandbox multipaxos` at 80×24: a leader emerges in ballot
/// round 1, the boxes show each server's ballot and commit index, and after
/// the leader crashes another takes over with a higher ballot and takes a
/// `put` typed at the prompt.
@Suite(.serialized) struct MultiPaxosTmuxTests {
    /// The server whose box says it leads, if one does.
    static func leader(in screen: String) -> Int? {
        guard let r = screen.range(of: #"n(\d) leader"#, options: .regularExpression) else { return nil }
        return Int(screen[r].dropFirst().prefix(1))
    }

    @Test func aLeaderCrashesAndAnotherTakesOverWithAHigherBallot() throws {
        let tmux = try Tmux.start(command: "\(try Tmux.binary()) sandbox multipaxos --seed 1", width: 80, height: 24)
        defer { tmux.kill() }
        try tmux.waitFor("n5")
        tmux.send(":"); tmux.send("-l", "speed 1"); tmux.send("Enter")
        tmux.send("space")
        var first = 0
        try tmux.waitFor({ screen in first = Self.leader(in: screen) ?? 0; return first > 0 }, what: "a leader", tries: 300)
        try tmux.waitFor("b1.n\(first) c")  // the boxes: ballot 1.nX and the commit index
        tmux.send("space")
        try tmux.waitFor("PAUSED")

        tmux.send(":"); tmux.send("-l", "crash n\(first)"); tmux.send("Enter")
        try tmux.waitFor("CRASHED")
        tmux.send("space")
        var second = 0
        try tmux.waitFor({ screen in
            second = Self.leader(in: screen) ?? 0
            return second > 0 && second != first && screen.contains("b2.n\(second)")
        }, what: "a new leader in ballot round 2", tries: 300)
        tmux.send("space")
        try tmux.waitFor("PAUSED")

        tmux.send(":"); tmux.send("-l", "request n\(second) put x 7"); tmux.send("Enter")
        try tmux.waitFor("put x 7")
        tmux.send("q")
        try tmux.waitFor("EXITED=0")
    }
}
