import Foundation
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// Real etcd clusters in the interface, as an instructor uses them: a
/// partition typed at the keyboard has the effect the lab predicts (the
/// leader cut off into a minority steps down, the majority elects another),
/// and however clusterlab ends — q, Ctrl-C, SIGKILL of clusterlab itself,
/// after SIGKILL of a node — nothing of the run is left: no namespace, no
/// process, no data directory.
@Suite(.serialized, .enabled(if: RealCluster.available, RealCluster.reason))
struct RealEtcdTmuxTests {
    @Test func aPartitionFromTheKeyboardMakesTheCutOffLeaderStepDownAndQLeavesNothing() throws {
        let tmux = try Tmux.start(command: "\(try Tmux.binary()) real etcd --nodes 3 --seed 4101", width: 80, height: 24)
        defer { tmux.kill() }
        let pid = try RealCluster.clusterlabPid(marker: "--seed 4101")
        defer { RealCluster.cleanUp(pid) }
        try tmux.waitFor("REAL etcd")
        // Client operations scroll by many times a second: show the role changes and the faults only.
        RealCluster.filterRoleChanges(tmux)
        var leader = ""
        try tmux.waitFor({ screen in
            leader = RealCluster.leaderLines(screen).last?.node ?? ""
            return !leader.isEmpty
        }, what: "a leader in the event log", tries: 600)
        tmux.send(":")
        tmux.send("-l", "partition \(leader)")
        tmux.send("Enter")
        try tmux.waitFor("PARTITIONED")
        // CheckQuorum: the old leader stops being leader; the other two elect one of themselves.
        try tmux.waitFor({ screen in
            RealCluster.leaderLines(screen).contains { $0.node != leader }
        }, what: "a new leader on the majority side (old leader \(leader))", tries: 600)
        try tmux.waitFor({ screen in
            screen.range(of: "\(leader) +log: (follower|no leader|candidate)", options: .regularExpression) != nil
        }, what: "\(leader) to step down", tries: 600)
        tmux.send("H")
        try tmux.waitFor({ !$0.contains("PARTITIONED") }, what: "the heal")
        // SIGKILL of a node, then q: still nothing left.
        tmux.send(":")
        tmux.send("-l", "crash n3")
        tmux.send("Enter")
        try tmux.waitFor("SIGKILL")
        tmux.send("q")
        try tmux.waitFor({ $0.range(of: #"EXITED=\d"#, options: .regularExpression) != nil }, what: "the command to end", tries: 600)
        let screen = try tmux.screen()
        #expect(screen.contains("EXITED=0"), "\(screen)")
        #expect(screen.contains("linearizable"), "the history is checked after the interface closes:\n\(screen)")
        try RealCluster.expectNothingLeft(pid)
    }

    @Test func ctrlCLeavesNothing() throws {
        let tmux = try Tmux.start(command: "\(try Tmux.binary()) real etcd --nodes 3 --seed 4102", width: 120, height: 40)
        defer { tmux.kill() }
        let pid = try RealCluster.clusterlabPid(marker: "--seed 4102")
        defer { RealCluster.cleanUp(pid) }
        try tmux.waitFor("REAL etcd")
        RealCluster.filterRoleChanges(tmux)
        try tmux.waitFor({ !RealCluster.leaderLines($0).isEmpty }, what: "a leader", tries: 600)
        tmux.send("C-c")
        // bash drops the rest of the line (`echo EXITED`) after a Ctrl-C: wait for the process to be gone.
        try tmux.waitFor({ _ in kill(pid, 0) != 0 }, what: "clusterlab to end", tries: 600)
        try tmux.waitFor({ $0.trimmingCharacters(in: .whitespacesAndNewlines).hasSuffix("PROMPT$") },
                         what: "the shell prompt back, the terminal restored")
        try RealCluster.expectNothingLeft(pid)
    }

    @Test func sigkillOfClusterlabItselfLeavesNothing() throws {
        let tmux = try Tmux.start(command: "\(try Tmux.binary()) real etcd --nodes 3 --headless --time-limit 600 --seed 4103",
                                  width: 100, height: 30)
        defer { tmux.kill() }
        let pid = try RealCluster.clusterlabPid(marker: "--seed 4103")
        defer { RealCluster.cleanUp(pid) }
        try tmux.waitFor("cluster ready")
        #expect(!RealCluster.namespaces(of: pid).isEmpty, "the run's namespaces exist while it runs")
        #expect(kill(pid, SIGKILL) == 0)
        try tmux.waitFor("EXITED=137")
        try RealCluster.expectNothingLeft(pid)
    }
}

/// Helpers for tests of `clusterlab real`.
enum RealCluster {
    static let available: Bool = {
        geteuid() == 0 && Tmux.shell(["ip", "netns", "list"]).status == 0 && Tmux.shell(["etcd", "--version"]).status == 0
    }()
    static let reason: Comment = "needs root, iproute2 and etcd (apt-get install etcd-server iproute2; .ci/run does)"

    /// The pid of the clusterlab started with `marker` in its arguments (polled: tmux starts it).
    static func clusterlabPid(marker: String) throws -> Int32 {
        for _ in 0..<300 {
            let out = Tmux.shell(["pgrep", "-f", "clusterlab real .*\(marker)"]).output
            if let pid = out.split(separator: "\n").compactMap({ Int32($0.trimmingCharacters(in: .whitespaces)) }).first { return pid }
            usleep(100_000)
        }
        throw Tmux.Failure(description: "no clusterlab process with \(marker) started")
    }

    /// `:filter log crash restart partition heal`: the event log without the clients' operations.
    static func filterRoleChanges(_ tmux: Tmux) {
        tmux.send(":")
        tmux.send("-l", "filter log crash restart partition heal")
        tmux.send("Enter")
    }

    /// "(node, term)" for every "nX  log: leader term T" line on screen.
    static func leaderLines(_ screen: String) -> [(node: String, term: Int)] {
        let pattern = try! NSRegularExpression(pattern: #"(n\d+) +log: leader term (\d+)"#)
        let range = NSRange(screen.startIndex..., in: screen)
        return pattern.matches(in: screen, range: range).compactMap { m in
            guard let n = Range(m.range(at: 1), in: screen), let t = Range(m.range(at: 2), in: screen) else { return nil }
            return (String(screen[n]), Int(screen[t]) ?? 0)
        }
    }

    static func namespaces(of pid: Int32) -> [String] {
        Tmux.shell(["ip", "netns", "list"]).output.split(separator: "\n")
            .map { String($0.split(separator: " ")[0]) }.filter { $0.hasPrefix("cl\(pid)-") }
    }

    /// Mounts of the run's namespaces (`ip netns add` bind-mounts each under /run/netns).
    static func mounts(of pid: Int32) -> [String] {
        ((try? String(contentsOfFile: "/proc/mounts", encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
            .filter { $0.contains("/run/netns/cl\(pid)-") }
    }

    static func dataDir(of pid: Int32) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("clusterlab-real-cl\(pid)").path
    }

    /// Processes started by the run (their command lines name its data directory).
    static func processes(of pid: Int32) -> [String] {
        Tmux.shell(["pgrep", "-fa", "clusterlab-real-cl\(pid)/"]).output.split(separator: "\n").map(String.init)
            .filter { !$0.contains("pgrep") }
    }

    /// Polls (generously: the guard cleans up after clusterlab has gone) until nothing of the run is left.
    static func expectNothingLeft(_ pid: Int32, sourceLocation: SourceLocation = #_sourceLocation) throws {
        var left: [String] = []
        for _ in 0..<300 {
            left = namespaces(of: pid) + processes(of: pid) + mounts(of: pid)
                + (FileManager.default.fileExists(atPath: dataDir(of: pid)) ? [dataDir(of: pid)] : [])
            if left.isEmpty { return }
            usleep(100_000)
        }
        Issue.record("left behind by clusterlab \(pid): \(left)", sourceLocation: sourceLocation)
    }

    /// A failed test's leftovers, removed so later tests start clean.
    static func cleanUp(_ pid: Int32) {
        _ = Glibc.kill(pid, SIGKILL)
        for ns in namespaces(of: pid) {
            for p in Tmux.shell(["ip", "netns", "pids", ns]).output.split(separator: "\n").compactMap({ Int32($0) }) { _ = Glibc.kill(p, SIGKILL) }
            _ = Tmux.shell(["ip", "netns", "del", ns])
        }
        try? FileManager.default.removeItem(atPath: dataDir(of: pid))
    }
}

/// Without root, real clusters cannot make their namespaces: one clear line, exit 2, nothing started.
@Suite struct RealWithoutRootTests {
    static let canDropRoot = geteuid() == 0 && Tmux.shell(["setpriv", "--version"]).status == 0

    @Test(.enabled(if: canDropRoot, "needs root and util-linux's setpriv to run clusterlab as another user"))
    func withoutRootItSaysSoAndStartsNothing() throws {
        let r = try Subprocess.run("setpriv", ["--reuid", "65534", "--regid", "65534", "--clear-groups",
                                               try Tmux.binary(), "real", "etcd", "--headless", "--time-limit", "1"])
        #expect(r.status == 2, "\(r.stdout)\(r.stderr)")
        let lines = r.stderr.split(separator: "\n")
        #expect(lines.count == 1 && lines[0].contains("need root") && lines[0].contains("sudo clusterlab real etcd"), "\(r.stderr)")
        #expect(lines[0].contains("nothing was started"), "\(r.stderr)")
    }
}
