import Foundation
import Testing
import TestSupport

/// `clusterlab sandbox erasure` at 80×24 (a gateway and 4 + 2 drives): crash
/// two drives and reads are still served; crash a third and the gateway
/// refuses them for want of a read quorum.
@Suite(.serialized) struct ErasureTmuxTests {
    @Test func readsSurviveTwoLostDrivesAndAreRefusedAtThree() throws {
        let tmux = try Tmux.start(command: "\(try Tmux.binary()) sandbox erasure --seed 1", width: 80, height: 24)
        defer { tmux.kill() }

        try tmux.waitFor("Cluster · erasure")
        tmux.send(":"); tmux.send("-l", "crash n2"); tmux.send("Enter")
        tmux.send(":"); tmux.send("-l", "crash n3"); tmux.send("Enter")
        try tmux.waitFor("CRASHED")
        tmux.send(":"); tmux.send("-l", "speed 1"); tmux.send("Enter")
        tmux.send("space")
        // Two drives down of 4 + 2: the client's reads go on, none refused.
        try tmux.waitFor({ SagaTmuxTests.simulatedSeconds(in: $0).map { $0 >= 1.5 } ?? false },
                         what: "1.5 s of simulated time with two drives down", tries: 600)
        let served = try tmux.screen()
        #expect(served.contains("refused 0"), "the gateway's inspector: no read refused with two of six drives down:\n\(served)")
        tmux.send(":"); tmux.send("-l", "crash n4"); tmux.send("Enter")
        // The gateway (selected) counts refused reads in its inspector.
        try tmux.waitFor({ $0.range(of: #"refused [1-9]"#, options: .regularExpression) != nil },
                         what: "the gateway's inspector counting refused reads", tries: 600)

        tmux.send("q")
        try tmux.waitFor("EXITED=0")
    }
}
