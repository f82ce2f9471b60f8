import Foundation
import Testing
import TestSupport

/// `clusterlab sandbox txnkv` at 80×24: the clients' transactions run, the
/// server's box shows its level, the live metrics count commits, and the
/// `r` prompt offers the server's commands.
@Suite(.serialized) struct TxnKVTmuxTests {
    @Test func transactionsRunAndTheServerShowsItsLevelAndCommits() throws {
        let tmux = try Tmux.start(command: "\(try Tmux.binary()) sandbox txnkv --seed 1", width: 80, height: 24)
        defer { tmux.kill() }

        try tmux.waitFor("Cluster · txnkv · 1 nodes")
        try tmux.waitFor("level SER 2PL")
        tmux.send("space")
        try tmux.waitFor({ screen in
            screen.range(of: #"serializable \(2pl\): [1-9][0-9]* committed"#, options: .regularExpression) != nil
        }, what: "the inspector counting commits", tries: 600)
        tmux.send("space")
        tmux.send("r")
        try tmux.waitFor("read KEY")
        tmux.send("Escape")
        tmux.send("q")
        try tmux.waitFor("EXITED=0")
    }
}
