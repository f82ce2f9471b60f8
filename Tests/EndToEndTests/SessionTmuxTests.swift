import Foundation
import Testing
import TestSupport

/// A session saved in the interface and replayed keeps its speed (issue 13, bug 11).
@Suite(.serialized) struct SessionTmuxTests {
    @Test func replayKeepsTheSpeedItWasSavedAt() throws {
        let dir = try BuiltBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("s.json").path
        let tmux = try Tmux.start(command: "\(try Tmux.binary()) sandbox gossip", width: 80, height: 24)
        defer { tmux.kill() }
        try tmux.waitFor("Inspector · n1")
        for command in ["speed 0.1", "step 20", "crash n2", "save \(file)"] {
            tmux.send(":")
            tmux.send("-l", command)
            tmux.send("Enter")
        }
        try tmux.waitFor("saved \(file)")
        #expect(try tmux.screen().contains("speed 1/10×"))
        tmux.send("q")
        try tmux.waitFor("EXITED=0")
        tmux.send("-l", "clear; \(try Tmux.binary()) replay \(file); echo REPLAYED=$?")
        tmux.send("Enter")
        try tmux.waitFor("replayed \(file)")
        let screen = try tmux.screen()
        #expect(screen.contains("speed 1/10×"), "the saved speed, not 1/100×:\n\(screen)")
        #expect(screen.contains("CRASHED"))
        tmux.send("q")
        try tmux.waitFor("REPLAYED=0")
    }
}
