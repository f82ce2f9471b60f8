import Foundation
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
                                  + "--time-limit 30 --ui --pid-file \(pidFile)", width: width, height: height)
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
        #expect(screen.contains("ended from the interface"), "the report says the run was cut short")
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
    func processState(_ pid: Int32) -> String {
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
