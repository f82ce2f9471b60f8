import Foundation
import Testing
import TestSupport

/// `clusterlab sandbox kafka-groups` at 80×24: the group forms, a consumer
/// crashed from the keyboard is evicted after its session timeout, and the
/// coordinator's new generation gives its partitions to the others.
@Suite(.serialized) struct KafkaGroupsTmuxTests {
    @Test func crashingAConsumerRebalancesItsPartitionsToTheOthers() throws {
        let tmux = try Tmux.start(command: "\(try Tmux.binary()) sandbox kafka-groups --seed 1", width: 80, height: 24)
        defer { tmux.kill() }

        try tmux.waitFor("Cluster · kafka-groups · 3 nodes")
        try tmux.waitFor("group Empty")
        tmux.send("l", "l", "l")  // n1 → n2 → n3 → c1
        try tmux.waitFor("Inspector · c1")
        tmux.send("space")
        try tmux.waitFor({ $0.contains("gen 2") && $0.contains("parts t0p0,t0p1 ") },
                         what: "c1 to get its partitions in generation 2", tries: 600)
        tmux.send("space")
        try tmux.waitFor("PAUSED")
        tmux.send("c")
        try tmux.waitFor("CRASHED")
        tmux.send("l")  // c2
        try tmux.waitFor("Inspector · c2")
        tmux.send("space")
        try tmux.waitFor({ $0.contains("gen 3") && $0.contains("parts t0p0,t0p1,t0p2") && $0.contains("group Stable") },
                         what: "c2 to own c1's partitions in generation 3", tries: 900)
        tmux.send("space")
        tmux.send("q")
        try tmux.waitFor("EXITED=0")
    }
}
