import Foundation
import Testing
import TestSupport

/// `clusterlab sandbox 2pc` at 80×24: step until two participants are
/// prepared, crash the coordinator with `c`, and see them blocked; `c`
/// again restarts it and the block clears.
@Suite(.serialized) struct TwoPCTmuxTests {
    static func boxes(_ text: String, in screen: String) -> Int { screen.components(separatedBy: "│" + text).count - 1 }

    @Test func crashingTheCoordinatorAfterPrepareBlocksTheParticipants() throws {
        let tmux = try Tmux.start(command: "\(try Tmux.binary()) sandbox 2pc --seed 1", width: 80, height: 24)
        defer { tmux.kill() }

        try tmux.waitFor("Cluster · 2pc · 4 nodes")
        try tmux.waitFor("▶n1")                          // the coordinator is selected
        // Step (n) until two participants show a prepared transaction: the
        // coordinator has sent Prepare and they voted yes.
        var prepared = false
        for _ in 0..<60 where !prepared {
            let step = try Tmux.step(in: tmux.screen())
            tmux.send("n")
            try tmux.waitFor({ (try? Tmux.step(in: $0)) ?? step > step }, what: "the next step")
            prepared = Self.boxes("prepared 1", in: try tmux.screen()) + Self.boxes("prepared 2", in: try tmux.screen()) >= 2
        }
        #expect(prepared, "two participants prepared within 60 steps")
        tmux.send("c")
        try tmux.waitFor("CRASHED")
        tmux.send(":"); tmux.send("-l", "speed 1"); tmux.send("Enter")
        tmux.send("space")
        try tmux.waitFor({ Self.boxes("blocked ", in: $0) >= 2 }, what: "two participant boxes showing 'blocked'", tries: 600)

        tmux.send("c")                                    // restart: presumed abort ends the block
        try tmux.waitFor("restart n1")
        try tmux.waitFor({ Self.boxes("blocked ", in: $0) == 0 && !$0.contains("CRASHED") },
                         what: "no participant blocked after the restart", tries: 600)

        tmux.send("q")
        try tmux.waitFor("EXITED=0")
    }
}
