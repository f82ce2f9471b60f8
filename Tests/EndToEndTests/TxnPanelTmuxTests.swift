import Foundation
import Testing
import TestSupport

/// The transaction panel (`T`) in tmux, as a person uses it: on a live
/// Maelstrom txn-list-append run of the single-copy reference node
/// (Labs/Maelstrom/txn_list_append.py) it lists the transactions and the
/// checker finds the history serializable; stepping back shows fewer; a
/// sandbox that records none says so.
@Suite(.serialized) struct TxnPanelTmuxTests {
    @Test(arguments: [(80, 24), (120, 40)])
    func aLiveTxnListAppendRunIsListedAndSerializable(width: Int, height: Int) throws {
        let root = BuiltBinary.packageRoot.path
        let tmux = try Tmux.start(command: "cd \(root) && \(try Tmux.binary()) maelstrom test -w txn-list-append "
                                  + "--bin Labs/Maelstrom/txn_list_append.py --node-count 3 --time-limit 300 --rate 10 --ui",
                                  width: width, height: height)
        defer { tmux.kill() }
        try tmux.waitFor("LIVE, recorded")
        tmux.send("T")
        try tmux.waitFor({ Self.count(in: $0) >= 5 }, what: "five transactions listed")
        let live = try tmux.screen()
        #expect(live.contains("serializable: valid") && live.contains("no anomaly found (serializable)"), "\(live)")
        #expect(live.range(of: #"T\d+ +p\d +ok +(append|r) \d"#, options: .regularExpression) != nil, "a transaction's line:\n\(live)")

        tmux.send("space")
        try tmux.waitFor({ $0.contains("PAUSED") || $0.contains("│ ‖ │") }, what: "the run to pause")
        let paused = Self.count(in: try tmux.screen())
        // Back far enough to pass at least one completion: the panel reads the history at the event on screen.
        for _ in 0..<40 { tmux.send("b") }
        try tmux.waitFor({ Self.count(in: $0) < paused }, what: "fewer transactions than \(paused) after stepping back")
        tmux.send("q")
        try tmux.waitFor({ $0.range(of: #"EXITED=\d"#, options: .regularExpression) != nil }, what: "the command to end")
    }

    @Test func aSandboxWithoutTransactionsSaysSo() throws {
        let tmux = try Tmux.start(command: "\(try Tmux.binary()) sandbox raft", width: 80, height: 24)
        defer { tmux.kill() }
        try tmux.waitFor("raft · seed")
        tmux.send("T")
        try tmux.waitFor("no transactions in this run yet")
        tmux.send("T")
        try tmux.waitFor("Cluster · raft")
        tmux.send("q")
        try tmux.waitFor("EXITED=0")
    }

    /// Snapshot isolation on the doctors-on-call workload: played until the
    /// panel's checker names write skew, the cycle's transactions are marked
    /// and its edges listed, at 80x24 as a student sees it.
    @Test func writeSkewUnderSnapshotIsolationIsShownAsACycle() throws {
        let tmux = try Tmux.start(command: "\(try Tmux.binary()) sandbox txnkv --param isolation=snapshot --workload kind=doctors",
                                  width: 80, height: 24)
        defer { tmux.kill() }
        try tmux.waitFor("txnkv · seed")
        tmux.send("T")
        try tmux.waitFor("no transactions in this run yet")
        tmux.send("space")
        try tmux.waitFor("not serializable: G2-item")
        tmux.send("space")
        let screen = try tmux.screen()
        #expect(screen.contains("G2-item cycle: T"), "\(screen)")
        #expect(screen.range(of: #"\*T\d+ +p\d +ok +r alice"#, options: .regularExpression) != nil, "a marked transaction:\n\(screen)")
        #expect(screen.contains("-rw(alice)->") || screen.contains("-rw(bob)->"), "\(screen)")
        tmux.send("q")
        try tmux.waitFor("EXITED=0")
    }

    /// The count in the panel's title, `Transactions (12)` or `Txns (12)`.
    static func count(in screen: String) -> Int {
        guard let r = screen.range(of: #"(Transactions|Txns) \(\d+\)"#, options: .regularExpression) else { return 0 }
        return Int(screen[r].split(separator: "(")[1].dropLast()) ?? 0
    }
}
