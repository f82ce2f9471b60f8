import Foundation
import ClusterSim
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// `clusterlab maelstrom test … --ui` in tmux, as a student uses it: the
/// node processes appear, messages flow, a partition typed at the prompt and
/// a crash show on screen, and after q no node process is left (the pids
/// come from the runner's hidden --pid-file).
@Suite(.serialized) struct MaelstromLiveTmuxTests {
    @Test func echoLiveAt80x24() throws {
        try watch(workload: "echo", node: "echo.py", width: 80, height: 24)
    }

    @Test(.enabled(if: MaelstromLiveTmuxTests.runs("broadcast"), "this build has no broadcast checker yet"))
    func broadcastLiveAt80x24() throws {
        try watch(workload: "broadcast", node: "broadcast.py", width: 80, height: 24)
    }

    @Test(.enabled(if: MaelstromLiveTmuxTests.runs("broadcast"), "this build has no broadcast checker yet"))
    func broadcastLiveAt120x40() throws {
        try watch(workload: "broadcast", node: "broadcast.py", width: 120, height: 40)
    }

    /// Stepping back through the record of a live broadcast run: paused, `b`
    /// moves the view back (fewer events, an earlier time, marked as the
    /// record, the processes not rewound), space returns to the present, and
    /// after q no node process is left.
    @Test(.enabled(if: MaelstromLiveTmuxTests.runs("broadcast"), "this build has no broadcast checker yet"))
    func stepsBackThroughTheRecordAt80x24() throws {
        let dir = try BuiltBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let pidFile = dir.appendingPathComponent("pids").path
        let root = BuiltBinary.packageRoot.path
        let tmux = try Tmux.start(command: "cd \(root) && \(try Tmux.binary()) maelstrom test -w broadcast --bin Labs/Maelstrom/broadcast.py "
                                  + "--node-count 3 --time-limit 300 --ui --pid-file \(pidFile)", width: 80, height: 24)
        defer { tmux.kill() }
        try tmux.waitFor("LIVE, recorded")
        try tmux.waitFor({ events(in: $0) > 40 }, what: "messages to flow (more than 40 events)")

        tmux.send("space")
        try tmux.waitFor({ $0.contains("PAUSED") || $0.contains("│ ‖ │") }, what: "the run to pause")
        let paused = try tmux.screen()
        let (count, time) = (events(in: paused), try #require(shownTime(paused), "t= on screen:\n\(paused)"))
        tmux.send("b"); tmux.send("b"); tmux.send("b")
        try tmux.waitFor({ events(in: $0) == count - 3 }, what: "three events back (from \(count))")
        let back = try tmux.screen()
        #expect(back.contains("recorded · viewing t="), "the status bar marks the record:\n\(back)")
        #expect(back.contains("processes not rewound"), "and says the processes are not rewound:\n\(back)")
        #expect(back.contains("real processes keep running state"), "the message line says why:\n\(back)")
        let earlier = try #require(shownTime(back), "t= on screen:\n\(back)")
        #expect(earlier <= time, "the time shown is the record's, not later than the pause (\(earlier) > \(time))")
        tmux.send("n")
        try tmux.waitFor({ events(in: $0) == count - 2 }, what: "n: one event forward in the record")

        tmux.send("space")  // back to the present, playing
        try tmux.waitFor({ !$0.contains("recorded · viewing") && events(in: $0) > count }, what: "the present again")

        tmux.send("q")
        try tmux.waitFor({ $0.range(of: #"EXITED=\d"#, options: .regularExpression) != nil }, what: "the command to end")
        for (name, pid) in try pids(pidFile) {
            #expect(processState(pid) == "gone", "\(name) (pid \(pid)) outlived the run")
        }
        #expect(try Self.leftNodes(started: "python.*Labs/Maelstrom", in: tmux).isEmpty, "no node process is left")
    }

    /// Processes whose command line names `pattern` (`pgrep -f`) in the
    /// session of `tmux`'s shell: node processes keep that session after
    /// their runner is gone, and other tests' runs on the machine are not in it.
    static func leftNodes(started pattern: String, in tmux: Tmux) throws -> [Int32] {
        let pane = tmux.tmux(["display-message", "-p", "-t", tmux.name, "#{pane_pid}"]).output
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let found = try Subprocess.run("/usr/bin/pgrep", ["-s", pane, "-f", pattern])
        return found.stdout.split(separator: "\n").compactMap { Int32($0) }.filter { processState($0) != "gone" }
    }

    /// The time in the status bar (`t=1.25s`), in microseconds.
    func shownTime(_ screen: String) -> Int64? {
        guard let r = screen.range(of: #"t=[0-9.]+(µs|ms|s)"#, options: .regularExpression) else { return nil }
        return DurationText.parse(String(screen[r].dropFirst(2)))
    }

    /// SIGTERM to `clusterlab` while the interface is open: the terminal is
    /// given back and the node processes (each in its own process group, so
    /// the signal does not reach them) are killed, not left running. The
    /// node ignores SIGTERM and keeps running after its stdin closes, so
    /// only the runner's SIGKILL ends it.
    @Test func aSignalWhileTheInterfaceIsOpenLeavesNoNodeProcess() throws {
        let dir = try BuiltBinary.temporaryDirectory()
        let pidFile = dir.appendingPathComponent("pids").path
        defer {
            for (_, pid) in (try? pids(pidFile)) ?? [] { kill(-pid, SIGKILL) }  // a failed run's leftovers
            try? FileManager.default.removeItem(at: dir)
        }
        let bin = BuiltBinary.packageRoot.appendingPathComponent("Tests/MaelstromTests/Fixtures/stubborn.py").path
        let tmux = try Tmux.start(command: "\(try Tmux.binary()) maelstrom test -w echo --bin \(bin) --node-count 3 "
                                  + "--time-limit 60 --ui --pid-file \(pidFile)", width: 80, height: 24)
        defer { tmux.kill() }
        try tmux.waitFor({ events(in: $0) > 5 }, what: "the run to start")
        let nodes = try pids(pidFile)
        #expect(nodes.count == 3)
        // The nodes' parent is the runner.
        let stat = try String(contentsOfFile: "/proc/\(nodes[0].1)/stat", encoding: .utf8)
        let fields = stat.split(separator: ")").last!.split(separator: " ")
        let runner = try #require(Int32(fields[1]))  // after the name: state, ppid, pgrp…
        #expect(kill(runner, SIGTERM) == 0)
        try tmux.waitFor({ $0.range(of: #"EXITED=\d"#, options: .regularExpression) != nil }, what: "the command to end")
        #expect(try tmux.screen().contains("EXITED=143"))
        try tmux.waitFor({ _ in nodes.allSatisfy { processState($0) == "gone" } }, what: "every node process to be gone")
    }

    func watch(workload: String, node: String, width: Int, height: Int) throws {
        let dir = try BuiltBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let pidFile = dir.appendingPathComponent("pids").path
        let bin = BuiltBinary.packageRoot.appendingPathComponent("Labs/Maelstrom/\(node)").path
        let tmux = try Tmux.start(command: "\(try Tmux.binary()) maelstrom test -w \(workload) --bin \(bin) --node-count 3 "
                                  + "--time-limit 300 --ui --pid-file \(pidFile)", width: width, height: height)
        defer { tmux.kill() }

        try tmux.waitFor("LIVE, recorded")
        try tmux.waitFor({ $0.contains("n1") && $0.contains("n2") && $0.contains("n3") }, what: "the three nodes")
        try tmux.waitFor({ events(in: $0) > 20 }, what: "messages to flow (more than 20 events)")
        try tmux.waitFor("recv ←")
        if width >= 100 { #expect(try tmux.screen().contains("│ real time │"), "real time, not a speed like 1/20×") }
        tmux.send("+")
        try tmux.waitFor("the speed does not apply here: real processes run in real time")

        tmux.send(":")
        tmux.send("-l", "partition n1 | n2 n3")
        tmux.send("Enter")
        try tmux.waitFor("PARTITIONED")

        tmux.send("c")  // n1 is selected
        try tmux.waitFor("CRASHED")

        tmux.send("space")  // pause: the status bar says PAUSED (‖ alone at 80 columns)
        try tmux.waitFor({ $0.contains("PAUSED") || $0.contains("│ ‖ │") }, what: "the run to pause")
        let started = try pids(pidFile)
        #expect(started.count == 3, "three node processes were started: \(started)")
        try tmux.waitFor({ _ in started.dropFirst().allSatisfy { processState($0) == "T" } },
                         what: "the node processes to be stopped (SIGSTOP) while paused")

        tmux.send("q")
        // EXITED=$? is also on screen as typed: wait for a number after it.
        try tmux.waitFor({ $0.range(of: #"EXITED=\d"#, options: .regularExpression) != nil }, what: "the command to end")
        let screen = try tmux.screen()
        #expect(!screen.contains("EXITED=2"), "a quit is not bad input:\n\(screen)")
        // The report may be longer than the screen (lost messages listed): read the scrollback too.
        let scrollback = tmux.tmux(["capture-pane", "-p", "-S", "-500", "-t", tmux.name]).output
        #expect(scrollback.contains("ended from the interface"), "the report says the run was cut short:\n\(scrollback)")
        for (name, pid) in try pids(pidFile).map({ ($0.0, $0.1) }) {
            #expect(processState(pid) == "gone", "\(name) (pid \(pid)) outlived the run")
        }
    }

    /// The event count in the event log's title (the status bar drops the step count at 80 columns).
    func events(in screen: String) -> Int {
        guard let r = screen.range(of: #"Events \((\d+)\)"#, options: .regularExpression) else { return 0 }
        return Int(screen[r].dropFirst(8).dropLast()) ?? 0
    }

    /// `NAME PID` lines of the runner's pid file.
    func pids(_ path: String) throws -> [(String, Int32)] {
        try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").compactMap { line in
            let parts = line.split(separator: " ")
            return parts.count == 2 ? Int32(parts[1]).map { (String(parts[0]), $0) } : nil
        }
    }

    /// The process's state letter in /proc, or "gone" (a zombie nobody reaps counts as gone).
    func processState(_ pid: (String, Int32)) -> String { processState(pid.1) }
    func processState(_ pid: Int32) -> String { Self.processState(pid) }
    static func processState(_ pid: Int32) -> String {
        if kill(pid, 0) == -1, errno == ESRCH { return "gone" }
        let stat = (try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)) ?? ""
        let state = stat.split(separator: ")").last?.split(separator: " ").first.map(String.init) ?? "gone"
        return state == "Z" ? "gone" : state
    }

    /// Whether this build runs `workload` (a node that exits at once is bad input, not an unknown workload).
    static func runs(_ workload: String) -> Bool {
        guard let bin = try? Tmux.binary(),
              let r = try? Subprocess.run(bin, ["maelstrom", "test", "-w", workload, "--bin", "/bin/true", "--time-limit", "0"])
        else { return false }
        return !r.stderr.contains("does not run that workload")
    }
}
