import Foundation
import Testing
import TestSupport

/// `clusterlab sandbox paxos` at 80×24: a value proposed at the `r` prompt
/// is chosen, and every node box says so.
@Suite(.serialized) struct PaxosTmuxTests {
    @Test func aValueProposedAtThePromptIsChosenAndShownInEveryBox() throws {
        let tmux = try Tmux.start(command: "\(try Tmux.binary()) sandbox paxos --seed 1", width: 80, height: 24)
        defer { tmux.kill() }

        try tmux.waitFor("Cluster · paxos · 5 nodes")
        try tmux.waitFor("p/a — —")                       // an acceptor that has promised nothing
        tmux.send("r")
        try tmux.waitFor("propose VALUE")                 // the prompt lists the command
        tmux.send("-l", "propose apple"); tmux.send("Enter")
        tmux.send(":"); tmux.send("-l", "speed 1"); tmux.send("Enter")
        tmux.send("space")
        try tmux.waitFor({ screen in
            // A box pads its line with spaces; the inspector goes on with " · ".
            screen.components(separatedBy: "chosen apple  ").count - 1 == 5
        }, what: "five boxes showing 'chosen apple'", tries: 600)
        let screen = try tmux.screen()
        #expect(screen.components(separatedBy: "decided").count - 1 >= 5, "\(screen)")

        tmux.send("q")
        try tmux.waitFor("EXITED=0")
    }
}
