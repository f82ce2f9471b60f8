import Foundation
import Testing
import TestSupport

/// `clusterlab sandbox mapreduce` at 80×24 with backup tasks off: the job
/// reaches its reduce phase, n3 (which ran map tasks and is reducing) is
/// crashed from the keyboard, the master sends its completed map tasks back
/// to idle and runs them again, and the job finishes.
@Suite(.serialized) struct MapReduceTmuxTests {
    @Test func aWorkerCrashedFromTheKeyboardHasItsMapTasksRunAgainAndTheJobFinishes() throws {
        let command = "\(try Tmux.binary()) sandbox mapreduce --seed 1 --param backup_tasks=false"
        let tmux = try Tmux.start(command: command, width: 80, height: 24)
        defer { tmux.kill() }

        try tmux.waitFor("Cluster · mapreduce · 4 nodes")
        try tmux.waitFor("master: map")
        tmux.send(":"); tmux.send("-l", "step 80"); tmux.send("Enter")  // 305 ms: every map done, three reducers
        try tmux.waitFor("m 0/0/6 r 0/3/0")
        try tmux.waitFor("files 2")
        tmux.send("l"); tmux.send("l")                                    // n1 → n2 → n3
        try tmux.waitFor("Inspector · n3")
        tmux.send("c")
        try tmux.waitFor("n3 · CRASHED")
        tmux.send(":"); tmux.send("-l", "speed 1"); tmux.send("Enter")
        tmux.send("space")
        tmux.send("h"); tmux.send("h")                                    // back to n1's inspector
        try tmux.waitFor({ $0.contains("master: done") }, what: "the job finishing without n3", tries: 600)
        try tmux.waitFor({ $0.contains("map_reexec 2") }, what: "n1's inspector: n3's two completed map tasks run again", tries: 100)
        tmux.send("q")
        try tmux.waitFor("EXITED=0")
    }
}
