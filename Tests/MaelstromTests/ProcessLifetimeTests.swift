import Foundation
import Maelstrom
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// No node process outlives a `clusterlab maelstrom test` run, whatever way
/// it ends: the built binary is started as a person would start it, its
/// nodes' pids are read from the hidden `--pid-file`, and after it exits
/// each pid must be gone. Outcomes are polled with generous bounds.
@Suite(.serialized) struct ProcessLifetimeTests {
    struct Launched {
        var child: ChildProcess
        var pidFile: String
    }

    func launch(_ fixture: String, nodes: Int = 3, seconds: Double = 600, extra: [String] = []) throws -> Launched {
        let bin = try #require(BuiltBinary.clusterlab, "build clusterlab first (swift build)")
        let dir = try BuiltBinary.temporaryDirectory()
        let pidFile = dir.appendingPathComponent("pids").path
        let python = try #require(ChildProcess.resolve("python3"))
        let args = ["maelstrom", "test", "-w", "echo", "--bin", python, FixtureNodes.path(fixture),
                    "--node-count", String(nodes), "--time-limit", String(seconds), "--rate", "20",
                    "--init-timeout", "60", "--pid-file", pidFile, "--log-stderr"] + extra
        return Launched(child: try ChildProcess(executable: bin.path, arguments: args), pidFile: pidFile)
    }

    func pids(_ file: String) -> [pid_t] {
        ((try? String(contentsOfFile: file, encoding: .utf8)) ?? "")
            .split(separator: "\n").compactMap { $0.split(separator: " ").last.flatMap { pid_t($0) } }
    }

    /// Waits until `count` nodes said on stderr (echoed by --log-stderr) that they ignore SIGTERM.
    func waitUntilReady(_ c: ChildProcess, _ count: Int) -> Bool {
        var err = LineReader(limit: 1 << 20)
        var ready = 0
        return FixtureNodes.eventually(within: 120) {
            if c.stderr >= 0 { _ = err.drain(c.stderr) { if String(decoding: $0, as: UTF8.self).contains("| ready") { ready += 1 } } }
            return ready >= count
        }
    }

    /// Waits for the runner to exit (draining its output so it never blocks on a full pipe); its exit status.
    func waitForExit(_ c: ChildProcess) -> Int32? {
        var out = LineReader(limit: 1 << 20), err = LineReader(limit: 1 << 20)
        let exited = FixtureNodes.eventually(within: 120) {
            if c.stdout >= 0 { _ = out.drain(c.stdout) { _ in } }
            if c.stderr >= 0 { _ = err.drain(c.stderr) { _ in } }
            return c.reap()
        }
        if !exited { c.killAndReap(); return nil }
        guard let s = c.exitStatus else { return nil }
        return s & 0x7f == 0 ? (s >> 8) & 0xff : 128 + (s & 0x7f)
    }

    func expectAllGone(_ list: [pid_t], _ how: String) {
        #expect(!list.isEmpty, "\(how): no node pids were recorded")
        for pid in list {
            let gone = FixtureNodes.eventually(within: 10) { FixtureNodes.isGone(pid) }
            #expect(gone, "\(how): node process \(pid) outlived the run")
            if !gone { kill(pid, SIGKILL) }
        }
    }

    @Test(arguments: [SIGTERM, SIGINT, SIGHUP])
    func signallingTheRunnerEndsEveryNodeEvenOnesIgnoringSIGTERM(signal: Int32) throws {
        let l = try launch("stubborn.py")
        // Signal only once every node runs its own code (not a launcher still starting it).
        #expect(waitUntilReady(l.child, 3), "the nodes never started")
        let list = pids(l.pidFile)
        kill(l.child.pid, signal)
        let status = waitForExit(l.child)
        #expect(status == 128 + signal)
        expectAllGone(list, "signal \(signal)")
    }

    @Test func aNodeErrorEndsEveryNode() throws {
        let l = try launch("garbage.py")
        let status = waitForExit(l.child)
        #expect(status == 2)
        expectAllGone(pids(l.pidFile), "node error")
    }

    @Test func aNormalEndEndsEveryNode() throws {
        let l = try launch("stubborn.py", seconds: 1)
        let status = waitForExit(l.child)
        #expect(status == 0)
        expectAllGone(pids(l.pidFile), "normal end")
    }

    @Test func killedAndRestartedNodesAreAllEnded() throws {
        let l = try launch("echo.py", nodes: 5, seconds: 3, extra: ["--nemesis", "kill", "--nemesis-interval", "0.3"])
        let status = waitForExit(l.child)
        #expect(status == 0)
        let list = pids(l.pidFile)
        #expect(list.count > 5, "no node was restarted")
        expectAllGone(list, "kill nemesis")
    }

    @Test func badInputExitsTwoWithAClearMessage() throws {
        let r = try BuiltBinary.run(["maelstrom", "test", "-w", "echo", "--bin", "/no/such/node"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("--bin /no/such/node: no such executable program"))
        let dir = try BuiltBinary.temporaryDirectory()
        let script = dir.appendingPathComponent("node.py").path
        try "print('hi')\n".write(toFile: script, atomically: true, encoding: .utf8)
        let x = try BuiltBinary.run(["maelstrom", "test", "-w", "echo", "--bin", script])
        #expect(x.status == 2)
        #expect(x.stderr.contains("the file is not executable (chmod +x"), "\(x.stderr)")
        let w = try BuiltBinary.run(["maelstrom", "test", "-w", "nope", "--bin", "/bin/cat"])
        #expect(w.status == 2)
        #expect(w.stderr.contains("unknown workload 'nope'"))
    }

    @Test func jsonOutputNamesTheNodePids() throws {
        let python = try #require(ChildProcess.resolve("python3"))
        let r = try BuiltBinary.run(["maelstrom", "test", "-w", "echo", "--bin", python, FixtureNodes.path("echo.py"),
                                     "--node-count", "2", "--time-limit", "1", "--format", "json", "--init-timeout", "60"])
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
        let json = try JSONParser.parse(r.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
        #expect(json["outcome"] == "valid")
        let pids = json["pids"]?["n1"]?.array?.compactMap(\.int) ?? []
        #expect(pids.count == 1)
        for p in pids { #expect(FixtureNodes.isGone(pid_t(p))) }
    }
}
