import ClusterSim
import Foundation
import Testing
import TestSupport
@testable import RealSystems
#if canImport(Glibc)
import Glibc
#endif

/// Whether this machine can make network namespaces (root, iproute2); the reason printed when it cannot.
enum RealHost {
    static let canMakeNamespaces: Bool = {
        guard geteuid() == 0 else { return false }
        return (try? Subprocess.run("ip", ["netns", "list"]))?.status == 0
    }()
    static let reason: Comment = "needs root and iproute2 to make network namespaces"
    static let hasPython = (try? Subprocess.run("python3", ["-c", "pass"]))?.status == 0

    /// Namespaces whose name starts with `prefix`.
    static func namespaces(_ prefix: String) -> [String] {
        let out = (try? Subprocess.run("ip", ["netns", "list"]))?.stdout ?? ""
        return out.split(separator: "\n").map { String($0.split(separator: " ")[0]) }.filter { $0.hasPrefix(prefix) }
    }

    /// Processes whose command line contains `text`.
    static func processes(_ text: String) -> [String] {
        let out = (try? Subprocess.run("pgrep", ["-fa", text]))?.stdout ?? ""
        return out.split(separator: "\n").map(String.init).filter { !$0.contains("pgrep") }
    }

    /// Polls `condition` every 100 ms for up to `seconds` (a bound, never what a test measures).
    static func eventually(_ seconds: Double = 30, _ condition: () -> Bool) -> Bool {
        for _ in 0..<Int(seconds * 10) { if condition() { return true }; usleep(100_000) }
        return condition()
    }
}

@Suite(.serialized, .enabled(if: RealHost.canMakeNamespaces && RealHost.hasPython, RealHost.reason))
struct RealRunnerTests {
    @Test func partitionsAreBlackholeRoutesThatHealing() throws {
        let net = RealNetwork(prefix: "cltn\(getpid())", servers: ["n1", "n2"], clients: ["c1"])
        try net.create()
        defer { net.destroy() }
        // A listener in n1's namespace, made the same way clients' sockets are.
        let server = try ChildProcessHelper.listener(in: net.namespace(of: "n1"), address: net.address(of: "n1"), port: 7001)
        defer { server.killAndReap() }
        let fromC1 = net.connector(from: "c1"), fromN2 = net.connector(from: "n2")
        #expect(RealHost.eventually(10) { (try? fromC1(net.address(of: "n1"), 7001, 500)) != nil })
        try net.apply(groups: [["n1"], ["n2", "c1"]], cuts: [])
        #expect(throws: TCPConnection.Failure.self) { try fromC1(net.address(of: "n1"), 7001, 500) }
        #expect(throws: TCPConnection.Failure.self) { try fromN2(net.address(of: "n1"), 7001, 500) }
        #expect(net.unreachable(from: "n1") == ["n2", "c1"])
        // The observer is never cut off.
        #expect((try? net.connector(from: RealNetwork.observer)(net.address(of: "n1"), 7001, 500)) != nil)
        try net.apply(groups: nil, cuts: [])
        #expect((try? fromC1(net.address(of: "n1"), 7001, 500)) != nil)
        net.destroy()
        #expect(RealHost.namespaces(net.prefix).isEmpty)
    }

    @Test func aHeadlessRunChecksItsHistoryAndLeavesNothing() throws {
        let system = ToySystem()
        let summary = try RealHeadlessRun.run(system, plan: .init(timeLimit: 3, nemesis: [.partition, .pause], nemesisInterval: 0.7, seed: 7))
        #expect(summary.verdict.word == "linearizable", "seed 7: \(summary.verdict)")
        #expect(summary.count(.ok) > 10)
        #expect(summary.faults.values.reduce(0, +) >= 2, "\(summary.faults)")
        #expect(RealHost.namespaces("cl\(getpid())").isEmpty)
        #expect(RealHost.processes("clusterlab-real-cl\(getpid())").isEmpty)
        #expect(!FileManager.default.fileExists(atPath: FileManager.default.temporaryDirectory.appendingPathComponent("clusterlab-real-cl\(getpid())").path))
    }

    /// The toy's register lives in memory: SIGKILL and restart lose it, and the checker must say so.
    /// A client reads first after a lost connection, so the first one back reads the forgotten register.
    @Test func aRegisterThatForgetsOnACrashIsCaught() throws {
        let runner = RealClusterRunner(system: ToySystem(nodes: 1, clients: 2), seed: 3, runID: "cltf\(getpid())")
        try runner.start()
        defer { runner.teardown() }
        runner.startClients()
        let ackedWrite = { runner.history.contains { $0.type == .ok && $0.f == "write" } }
        #expect(RealHost.eventually(30) { runner.pump(maxWait: 50_000); return ackedWrite() })
        runner.kill(node: 0)
        try runner.restart(node: 0)
        let before = runner.history.count
        #expect(RealHost.eventually(30) { runner.pump(maxWait: 50_000); return runner.history.count > before + 20 })
        runner.stopClients()
        let verdict = runner.check()
        #expect(verdict.word == "not linearizable", "seed 3: \(verdict)")
    }

    @Test func theGuardCleansUpWhenClusterlabIsGone() throws {
        let ns = "clguard\(getpid())"
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("clusterlab-guard-test-\(getpid())").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let guardian = try RunGuard(namespaces: [ns], dataDir: dir)
        _ = try Subprocess.run("ip", ["netns", "add", ns])
        let sleeper = try ChildProcessHelper.spawn(["ip", "netns", "exec", ns, "sleep", "1000"])
        #expect(RealHost.eventually(10) { !RealHost.processes("sleep 1000").isEmpty })
        // Closing the pipe is what the kernel does when clusterlab dies, however it dies.
        guardian.release()
        sleeper.reap(blocking: true)
        #expect(RealHost.namespaces(ns).isEmpty)
        #expect(!FileManager.default.fileExists(atPath: dir))
        #expect(sleeper.exitStatus.map { $0 & 0x7f } == SIGKILL)
    }

    @Test func refusesToStartWithoutItsProgramAndLeavesNothing() throws {
        final class Missing: RealSystem {
            let name = "missing", nodeCount = 1, clientCount = 1
            func launch(node i: Int, addresses: [String], dataDir: String) -> RealNodeLaunch {
                RealNodeLaunch(executable: "no-such-server-\(getpid())", arguments: [])
            }
            func bootstrap(addresses: [String], connect: RealConnect, log: (String) -> Void) throws {}
            func poll(node i: Int, addresses: [String], connect: RealConnect) -> RealNodeView? { nil }
            func isReady(_ views: [RealNodeView?]) -> Bool { false }
            func makeClient(index: Int, addresses: [String], connect: @escaping RealConnect, seed: UInt64) -> RealClient { fatalError() }
            func check(history: [HistoryOperation], addresses: [String], connect: RealConnect) -> RealVerdict { .init(word: "valid", passed: true) }
        }
        let runner = RealClusterRunner(system: Missing(), seed: 1, runID: "clmiss\(getpid())")
        #expect { try runner.start() } throws: { "\($0)".contains("no-such-server-\(getpid()) is not installed") }
        #expect(RealHost.namespaces("clmiss\(getpid())").isEmpty)
    }
}
