import Foundation
import Testing
import TestSupport

/// The terminal after the interface stops in every way it can (issue 12):
/// a crash signal, SIGQUIT, C-z and `fg`; and the terminal's own input the
/// interface takes (the mouse, 256 colours). Each test has its own tmux server.
@Suite(.serialized) struct TerminalRestoreTmuxTests {
    /// The interface's process: the only child of the pane's shell.
    static func interfacePID(_ tmux: Tmux) throws -> pid_t {
        let shell = tmux.tmux(["display-message", "-p", "-t", tmux.name, "#{pane_pid}"]).output.trimmingCharacters(in: .whitespacesAndNewlines)
        for _ in 0..<50 {
            let r = Tmux.shell(["pgrep", "-P", shell])
            if let pid = r.output.split(separator: "\n").first.flatMap({ pid_t($0.trimmingCharacters(in: .whitespaces)) }) { return pid }
            usleep(100_000)
        }
        throw Tmux.Failure(description: "no child process of the pane's shell \(shell)")
    }

    /// tmux's view of the pane's modes: alternate screen, cursor shown, cursor keys in application mode.
    static func modes(_ tmux: Tmux) -> (alternate: Bool, cursorVisible: Bool, keypad: Bool) {
        let f = tmux.tmux(["display-message", "-p", "-t", tmux.name, "#{alternate_on} #{cursor_flag} #{keypad_cursor_flag}"]).output
            .split(separator: " ").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) == "1" }
        return (f.count > 0 && f[0], f.count > 1 && f[1], f.count > 2 && f[2])
    }

    static let sandbox = "SWIFT_BACKTRACE=interactive=no"

    @Test(arguments: [(SIGABRT, "ABRT"), (SIGSEGV, "SEGV"), (SIGQUIT, "QUIT")])
    func aFatalSignalLeavesTheTerminalRestored(signal: Int32, name: String) throws {
        let tmux = try Tmux.start(command: "\(Self.sandbox) \(try Tmux.binary()) sandbox raft", width: 80, height: 24)
        defer { tmux.kill() }
        try tmux.waitFor("Cluster · raft")
        let before = Self.modes(tmux)
        #expect(before.alternate && !before.cursorVisible && before.keypad, "the interface is up: \(before)")
        kill(try Self.interfacePID(tmux), signal)
        try tmux.waitFor({ $0.range(of: "EXITED=[0-9]", options: .regularExpression) != nil }, what: "the program to end after SIG\(name)", tries: 300)
        let after = Self.modes(tmux)
        #expect(!after.alternate, "SIG\(name): the alternate screen is off")
        #expect(after.cursorVisible, "SIG\(name): the cursor is visible")
        #expect(!after.keypad, "SIG\(name): keypad mode is off")
        let status = try tmux.screen().components(separatedBy: "EXITED=").last?.prefix { $0.isNumber } ?? ""
        #expect(status == "\(128 + signal)", "SIG\(name) still ends the program with its own status, got \(status)")
    }

    @Test func afterCtrlZAndFgTheKeypadIsBackAndTheFirstArrowWorks() throws {
        let tmux = try Tmux.start(command: "\(try Tmux.binary()) sandbox gossip", width: 80, height: 24)
        defer { tmux.kill() }
        try tmux.waitFor("Inspector · n1")
        tmux.send("C-z")
        try tmux.waitFor("Stopped")
        #expect(!Self.modes(tmux).alternate, "stopped: the shell has its screen back")
        tmux.send("-l", "fg")
        tmux.send("Enter")
        try tmux.waitFor("Inspector · n1")
        #expect(Self.modes(tmux).keypad, "keypad mode is on again after fg")
        tmux.send("Right")
        try tmux.waitFor("Inspector · n2")
        tmux.send("q")
        // (the shell printed EXITED when the job stopped)
        try tmux.waitFor({ !$0.contains("Inspector") && $0.split(separator: "\n").last?.hasPrefix("PROMPT$") == true },
                         what: "the program to end")
        #expect(!Self.modes(tmux).alternate)
    }

    @Test func aClickSelectsANodeAndTheWheelScrollsTheLog() throws {
        let tmux = try Tmux.start(command: "\(try Tmux.binary()) sandbox gossip", width: 120, height: 40)
        defer { tmux.kill() }
        try tmux.waitFor("Inspector · n1")
        // Find n3's box on screen and click inside it (SGR mouse report, 1-based).
        let lines = try tmux.screen().components(separatedBy: "\n")
        let row = try #require(lines.firstIndex { $0.contains("│n3 ") || $0.contains("│▶n3") })
        let column = try #require(lines[row].range(of: "n3")).lowerBound.utf16Offset(in: lines[row])
        let col = lines[row].prefix(column).count
        tmux.send("-l", "\u{1B}[<0;\(col + 2);\(row + 1)M\u{1B}[<0;\(col + 2);\(row + 1)m")
        try tmux.waitFor("Inspector · n3")
        tmux.send(":")
        tmux.send("-l", "step 60")
        tmux.send("Enter")
        try tmux.waitFor("step 60")
        let log = try #require(try tmux.screen().components(separatedBy: "\n").firstIndex { $0.contains("Events (") })
        tmux.send("-l", "\u{1B}[<64;100;\(log + 4)M")
        try tmux.waitFor("· ↑3")
        tmux.send("q")
        try tmux.waitFor("EXITED=0")
    }

    @Test func a256ColourTerminalGets256Colours() throws {
        let tmux = try Tmux.start(command: "env -u NO_COLOR \(try Tmux.binary()) sandbox gossip", width: 80, height: 24)
        defer { tmux.kill() }
        try tmux.waitFor("Inspector · n1")
        let styled = tmux.tmux(["capture-pane", "-e", "-p", "-t", tmux.name]).output
        #expect(styled.contains("38;5;"), "colours from the 256-colour palette under TERM=xterm-256color:\n\(styled)")
        tmux.send("q")
        try tmux.waitFor("EXITED=0")
    }
}
