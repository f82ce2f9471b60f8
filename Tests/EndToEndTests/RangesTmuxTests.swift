import Foundation
import Testing
import TestSupport

/// The range store's sandbox on an 80×24 screen: its clients' transactions
/// run; crash a server from the keyboard and bring it back; then a
/// transaction typed at it commits, its read showing its own append.
@Suite(.serialized) struct RangesTmuxTests {
    /// The inspector's text (the right-hand column below the events), its lines joined without spaces.
    static func inspector(in screen: String) -> String {
        screen.split(separator: "\n").map { line in
            String(line.split(separator: "║", omittingEmptySubsequences: false).last ?? "")
                .filter { $0 != "│" && $0 != " " }
        }.joined()
    }

    @Test func theInspectorReaderKeepsOnlyTheRightColumn() {
        let screen = "║ │n3      │ ║│last_txn committed  │\n║ ╰────────╯ ║│k0=[1 424242]        │"
        #expect(Self.inspector(in: screen).contains("last_txncommittedk0=[1424242]"))
    }

    @Test func aServerCrashedFromTheKeyboardComesBackAndCoordinatesATransaction() throws {
        let tmux = try Tmux.start(command: "\(try Tmux.binary()) sandbox ranges --seed 1", width: 80, height: 24)
        defer { tmux.kill() }
        try tmux.waitFor("Cluster · ranges")
        tmux.send(":"); tmux.send("-l", "speed 1"); tmux.send("Enter")
        tmux.send("space")
        try tmux.waitFor({ $0.contains("leads r") }, what: "a range leader")
        // n1 is selected: crash it from the keyboard, then restart it.
        tmux.send("c")
        try tmux.waitFor("CRASHED")
        tmux.send("c")
        try tmux.waitFor({ !$0.contains("CRASHED") && Self.inspector(in: $0).contains("holdsr0r3") }, what: "n1 back, holding both ranges")
        tmux.send(":"); tmux.send("-l", "request n1 txn append k0 424242, r k0"); tmux.send("Enter")
        try tmux.waitFor({ screen in
            let text = Self.inspector(in: screen)
            return text.contains("last_txncommittedk0=[") && text.contains("424242]")
        }, what: "the typed transaction committed, reading its own append", tries: 600)
        tmux.send("q")
        try tmux.waitFor("EXITED=0")
    }
}
