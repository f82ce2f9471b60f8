import Foundation
import Testing
import TestSupport

/// The PBFT sandbox on a real 80×24 screen: a request typed at client c1
/// through the `r` prompt goes through pre-prepare, prepare and commit; every
/// replica's box shows it executed, and c1 accepts the result.
@Suite(.serialized) struct PBFTTmuxTests {
    @Test func aRequestTypedAtAClientIsExecutedByEveryReplica() throws {
        let tmux = try Tmux.start(command: "\(try Tmux.binary()) sandbox pbft", width: 80, height: 24)
        defer { tmux.kill() }

        try tmux.waitFor("last -")
        for _ in 0..<4 { tmux.send("Right") }  // n1 → n2 → n3 → n4 → c1
        try tmux.waitFor("Inspector · c1")
        tmux.send("r")
        try tmux.waitFor("command for c1>")
        tmux.send("-l", "request x"); tmux.send("Enter")
        tmux.send("space")
        try tmux.waitFor({ $0.components(separatedBy: "last #1 x exec").count - 1 == 4 },
                         what: "four replicas showing #1 x executed", tries: 600)
        try tmux.waitFor("accepted 1 · result x@1")

        tmux.send("q")
        try tmux.waitFor("EXITED=0")
    }
}
