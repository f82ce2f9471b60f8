import Foundation
import Testing
import TestSupport

/// `clusterlab sandbox kafka` at 80×24: each broker's box shows its
/// partition (leader or follower, ISR size, high watermark/log end); crashing
/// the leader from the keyboard makes the controller elect a follower, which
/// leads epoch 1 with a smaller ISR.
@Suite(.serialized) struct KafkaTmuxTests {
    @Test func crashingTheLeaderFromTheKeyboardElectsANewOne() throws {
        let command = "\(try Tmux.binary()) sandbox kafka --seed 1 --param partitions=1"
            + " --workload records=100000 --workload read_every=500ms"
        let tmux = try Tmux.start(command: command, width: 80, height: 24)
        defer { tmux.kill() }

        try tmux.waitFor("Cluster · kafka · 4 nodes")
        tmux.send(":"); tmux.send("-l", "speed 1"); tmux.send("Enter")
        tmux.send("space")
        try tmux.waitFor({ screen in
            screen.range(of: #"t0-0 L I3 [1-9][0-9]*/"#, options: .regularExpression) != nil
        }, what: "n2 leading with records committed", tries: 600)

        tmux.send("l", "c")  // select n2, the leader of t0-0, and crash it
        try tmux.waitFor("CRASHED")
        try tmux.waitFor({ screen in
            screen.range(of: #"n[34] epoch 1"#, options: .regularExpression) != nil && screen.contains("t0-0 L I2")
        }, what: "n3 or n4 leading epoch 1 with an ISR of two", tries: 600)

        tmux.send("q")
        try tmux.waitFor("EXITED=0")
    }
}
