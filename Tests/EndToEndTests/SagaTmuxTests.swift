import Foundation
import Testing
import TestSupport

/// `clusterlab sandbox saga` at 80×24: the car refuses (`fail` at the
/// prompt), the orchestrator is crashed and restarted from the keyboard,
/// and the trip's compensations show in n1's box and inspector.
@Suite(.serialized) struct SagaTmuxTests {
    @Test func aCarFailureFromThePromptIsCompensatedAcrossAnOrchestratorCrash() throws {
        let tmux = try Tmux.start(command: "\(try Tmux.binary()) sandbox saga --seed 1", width: 80, height: 24)
        defer { tmux.kill() }

        try tmux.waitFor("Cluster · saga · 4 nodes")
        try tmux.waitFor("orchestrator")
        tmux.send(":"); tmux.send("-l", "request n4 fail"); tmux.send("Enter")
        tmux.send(":"); tmux.send("-l", "speed 1"); tmux.send("Enter")
        tmux.send("c")                                     // n1 is selected: crash it
        try tmux.waitFor("n1 · CRASHED")
        tmux.send("space")
        // The booker asks n1 at 0.2 s of simulated time and again every second. Wait on the clock in the
        // status bar, not on the "BookTrip t1" line: the reader's traffic scrolls that line out of the
        // event log within a few frames, and a loaded machine's polls missed it (CI, 2026-12-07).
        try tmux.waitFor({ Self.simulatedSeconds(in: $0).map { $0 >= 1.5 } ?? false },
                         what: "1.5 s of simulated time: the booker has asked the crashed n1", tries: 600)
        tmux.send("c")                                     // restart n1: the booker's retry reaches it
        try tmux.waitFor({ $0.contains("compensated 1") }, what: "n1's inspector: one saga compensated", tries: 600)
        tmux.send("space")
        let screen = try tmux.screen()
        #expect(screen.contains("orchestrator") && screen.contains("car"), "\(screen)")

        tmux.send("q")
        try tmux.waitFor("EXITED=0")
    }

    /// The simulated time in the status bar, `t=2.995s`, in seconds.
    static func simulatedSeconds(in screen: String) -> Double? {
        guard let r = screen.range(of: #"t=[0-9.]+s"#, options: .regularExpression) else { return nil }
        return Double(screen[r].dropFirst(2).dropLast())
    }
}
