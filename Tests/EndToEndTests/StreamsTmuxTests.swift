import Foundation
import Testing
import TestSupport

/// `clusterlab sandbox streams` at 80×24: a checkpoint completes (n1's box),
/// worker n4 is crashed from the keyboard, and the job manager restores the
/// job in a new epoch on the workers that are left.
@Suite(.serialized) struct StreamsTmuxTests {
    @Test func aCheckpointCompletesThenACrashedWorkerIsRestoredFromIt() throws {
        let tmux = try Tmux.start(command: "\(try Tmux.binary()) sandbox streams --seed 1", width: 80, height: 24)
        defer { tmux.kill() }

        try tmux.waitFor("Cluster · streams · 5 nodes")
        try tmux.waitFor("job manager")
        tmux.send(":"); tmux.send("-l", "speed 1"); tmux.send("Enter")
        tmux.send("space")
        try tmux.waitFor({ $0.contains("ckpt 1 done") || $0.contains("ckpt 2 done") },
                         what: "n1's box: a completed checkpoint", tries: 600)
        tmux.send("j"); tmux.send("j"); tmux.send("j")   // n1 → n2 → n3 → n4
        try tmux.waitFor("▶n4")
        tmux.send("c")
        try tmux.waitFor({ $0.contains("n4 · CRASHED") }, what: "n4 crashed", tries: 600)
        try tmux.waitFor({ $0.contains("n1 epoch 2") }, what: "n1's box: the restore's new epoch", tries: 600)
        try tmux.waitFor({ $0.contains("n3 epoch 2") && $0.contains("n5 epoch 2") },
                         what: "n3 and n5 run the restored tasks", tries: 600)
        tmux.send("space")
        tmux.send("q")
        try tmux.waitFor("EXITED=0")
    }
}
