import Foundation
import Testing
import TestSupport

/// Drives the real `clusterlab` binary in tmux, as a person at a terminal does.
@Suite(.serialized) struct TmuxTests {
    @Test func sandboxOpensRunsCrashesPartitionsStepsBackAndQuits() throws {
        let tmux = try Tmux.start(command: "\(try Tmux.binary()) sandbox --seed 1")
        defer { tmux.kill() }

        try tmux.waitFor("ClusterLab")
        try tmux.waitFor("n5")
        #expect(try tmux.screen().contains("t=0s"))

        tmux.send("space")
        try tmux.waitFor({ !$0.contains("t=0s") && $0.contains("RUNNING") }, what: "virtual time to advance")
        tmux.send("space")
        try tmux.waitFor("PAUSED")

        tmux.send("l", "c")  // select n2, crash it
        try tmux.waitFor("CRASHED")
        try tmux.waitFor("crash n2")

        tmux.send(":")
        tmux.send("-l", "partition n1 n2 | n3 n4 n5")
        tmux.send("Enter")
        try tmux.waitFor("PARTITIONED")
        tmux.send("H")
        try tmux.waitFor({ !$0.contains("PARTITIONED") && $0.contains("heal") }, what: "the partition to heal")

        let before = try Tmux.step(in: tmux.screen())
        tmux.send("b")
        try tmux.waitFor({ (try? Tmux.step(in: $0)) == before - 1 }, what: "step \(before - 1)")

        tmux.send("q")
        try tmux.waitFor("EXITED=0")
        let after = try tmux.screen()
        #expect(!after.contains("ClusterLab │"), "the interface is gone after q")
        #expect(after.contains("PROMPT$"), "the shell prompt is back")
    }

    @Test func homeOpensASandboxThatCrashesPartitionsGoesBackAndShowsTheTimeline() throws {
        let tmux = try Tmux.start(command: try Tmux.binary(), width: 120, height: 40)
        defer { tmux.kill() }

        try tmux.waitFor("Open something")
        // The sandboxes follow the labs, below the first screenful: tab jumps
        // from section to section to their first entry, echo; flood is two down.
        for _ in 0..<30 where !(try tmux.screen().contains("▶ echo")) {
            tmux.send("Tab")
            usleep(50_000)
        }
        try tmux.waitFor("▶ echo")
        tmux.send("j")
        try tmux.waitFor("▶ gossip")
        tmux.send("j")
        try tmux.waitFor("▶ flood")
        tmux.send("Enter")
        try tmux.waitFor("flood · seed 1")
        try tmux.waitFor("n5")

        tmux.send(":")
        tmux.send("-l", "step 30")
        tmux.send("Enter")
        try tmux.waitFor("step 30")
        tmux.send("l", "c")  // select n2, crash it
        try tmux.waitFor("CRASHED")
        tmux.send(":")
        tmux.send("-l", "partition n1 n2 | n3 n4 n5")
        tmux.send("Enter")
        try tmux.waitFor("PARTITIONED")

        tmux.send("b")  // one step back: before the partition
        try tmux.waitFor({ !$0.contains("PARTITIONED") && $0.contains("CRASHED") }, what: "the run before the partition")

        tmux.send("t")
        try tmux.waitFor("Timeline (")
        tmux.send("k", "k")
        try tmux.waitFor({ $0.contains("before (green) ·") && $0.contains("concurrent (dim) ·") }, what: "an event selected with its causal past and future")

        tmux.send("q")  // opened from Home: back there, then q quits
        try tmux.waitFor("Open something")
        tmux.send("q")
        try tmux.waitFor("EXITED=0")
        let after = try tmux.screen()
        #expect(!after.contains("ClusterLab │"), "the interface is gone after q")
        #expect(after.contains("PROMPT$"), "the shell prompt is back")
        tmux.send("-l", "echo usable")
        tmux.send("Enter")
        try tmux.waitFor("\nusable")
    }

    @Test func aLabAnsweredQuitAndReopenedResumesAtTheNextStep() throws {
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("clusterlab-e2e-data-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        defer { try? FileManager.default.removeItem(at: data) }
        // A progress id whose order of the first question's choices is the author's (each student's is shuffled).
        try FileManager.default.createDirectory(at: data.appendingPathComponent("clusterlab"), withIntermediateDirectories: true)
        try Data(#"{"version": 2, "id": "lab-guide-tests-3", "labs": {}}"#.utf8).write(to: data.appendingPathComponent("clusterlab/progress.json"))
        let labs = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Labs")
        let open = "XDG_DATA_HOME=\(data.path) CLUSTERLAB_LABS=\(labs.path) \(try Tmux.binary()) lab open clocks-lamport-vs-vector"
        let tmux = try Tmux.start(command: open, width: 120, height: 40)
        defer { tmux.kill() }

        try tmux.waitFor("Lamport timestamps versus vector clocks · score 0/5")
        try tmux.waitFor("] start")  // a lab opens at its start: ] runs it to the first question
        tmux.send("]")
        try tmux.waitFor("Event a has Lamport timestamp 7")
        tmux.send("Enter")
        try tmux.waitFor("answer>")
        tmux.send("-l", "b")
        tmux.send("Enter")
        try tmux.waitFor("Correct (+1)")
        try tmux.waitFor("score 1/5")
        tmux.send("q")  // part-way through the lab: asked first
        try tmux.waitFor("Quit ClusterLab?")
        tmux.send("y")
        try tmux.waitFor("EXITED=0")

        tmux.send("-l", "clear; \(open); echo REOPENED=$?")
        tmux.send("Enter")
        try tmux.waitFor("resumed where you left off")
        try tmux.waitFor("How many of n1's")
        #expect(try tmux.screen().contains("score 1/5"))
        tmux.send("q", "y")
        try tmux.waitFor("REOPENED=0")
    }

    @Test func tooSmallTerminalSaysSo() throws {
        let tmux = try Tmux.start(command: "\(try Tmux.binary()) sandbox", width: 60, height: 20)
        defer { tmux.kill() }
        try tmux.waitFor("terminal too small: need 80×24, have 60×20")
        tmux.send("q")
        try tmux.waitFor("EXITED=0")
    }
}

/// A tmux session running a command in a shell, polled with bounded retries.
struct Tmux {
    let name: String

    struct Failure: Error, CustomStringConvertible { var description: String }

    /// The built `clusterlab`: next to the test bundle, or in `.build/debug`.
    static func binary() throws -> String {
        var candidates: [URL] = []
        if let bundle = CommandLine.arguments.first.map(URL.init(fileURLWithPath:)) {
            var dir = bundle.deletingLastPathComponent()
            for _ in 0..<4 { candidates.append(dir.appendingPathComponent("clusterlab")); dir.deleteLastPathComponent() }
        }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        candidates.append(root.appendingPathComponent(".build/debug/clusterlab"))
        guard let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0.path) }) else {
            throw Failure(description: "clusterlab binary not found (looked in \(candidates.map(\.path))): run swift build first")
        }
        return found.path
    }

    static func start(command: String, width: Int = 100, height: Int = 30) throws -> Tmux {
        guard shell(["tmux", "-V"]).status == 0 else {
            let reason = "tmux is not installed: the end-to-end tests need it (apt-get install tmux)"
            print("TmuxTests: \(reason)")
            throw Failure(description: reason)
        }
        let t = Tmux(name: "clusterlab-e2e-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        // A plain shell runs the command, so we can see the terminal it leaves behind.
        // Each test gets its own tmux server (-L), so it never touches the user's and is wholly killed after.
        let r = t.tmux(["new-session", "-d", "-s", t.name, "-x", "\(width)", "-y", "\(height)",
                       "env TERM=xterm-256color bash --norc --noprofile -i"])
        guard r.status == 0 else { throw Failure(description: "tmux new-session failed: \(r.output)") }
        t.send("-l", "PS1='PROMPT$ '; \(command); echo EXITED=$?")
        t.send("Enter")
        return t
    }

    /// Runs a tmux command against this test's own server.
    func tmux(_ args: [String]) -> (status: Int32, output: String) { Tmux.shell(["tmux", "-L", name] + args) }

    func send(_ keys: String...) { _ = tmux(["send-keys", "-t", name] + keys) }

    func screen() throws -> String {
        let r = tmux(["capture-pane", "-p", "-t", name])
        guard r.status == 0 else { throw Failure(description: "capture-pane failed: \(r.output)") }
        return r.output
    }

    func waitFor(_ text: String) throws { try waitFor({ $0.contains(text) }, what: "'\(text)'") }

    /// Polls the screen until `ready` holds: `tries` tries (default 300: 30 s and more, generous for a
    /// loaded machine running the whole suite), 0.1 s apart.
    func waitFor(_ ready: (String) throws -> Bool, what: String, tries: Int = 300) throws {
        var last = ""
        for _ in 0..<tries {
            last = try screen()
            if try ready(last) { return }
            usleep(100_000)
        }
        print("TmuxTests: timed out waiting for \(what); the screen was:\n\(last)")
        throw Failure(description: "timed out waiting for \(what); the screen was:\n\(last)")
    }

    /// Stops this test's tmux server and removes its socket file, which tmux
    /// leaves behind here (one per test would pile up in /tmp).
    func kill() {
        let socket = tmux(["display-message", "-p", "-t", name, "#{socket_path}"]).output
            .trimmingCharacters(in: .whitespacesAndNewlines)
        _ = tmux(["kill-server"])
        if socket.hasPrefix("/"), socket.hasSuffix("/" + name) { unlink(socket) }
    }

    /// The step counter in the status bar.
    static func step(in screen: String) throws -> Int {
        guard let r = screen.range(of: #"step (\d+)"#, options: .regularExpression),
              let n = Int(screen[r].dropFirst(5)) else { throw Failure(description: "no step on screen:\n\(screen)") }
        return n
    }

    /// Runs a program (tmux) and returns its status and combined output.
    static func shell(_ args: [String]) -> (status: Int32, output: String) {
        do {
            let r = try Subprocess.run(args[0], Array(args.dropFirst()))
            return (r.status, r.stdout + r.stderr)
        } catch { return (127, "\(error)") }
    }
}
