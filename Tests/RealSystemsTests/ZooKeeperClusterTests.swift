import ClusterSim
import Foundation
import Testing
import TestSupport
@testable import RealSystems

/// A real ZooKeeper 3.8 ensemble of three servers on loopback
/// (127.0.3.11-13): it elects one leader, serves the register workload,
/// elects another when the leader is killed, and takes the old one back as
/// a follower when it restarts on its data directory. Bounds are generous
/// (the JVMs share two cores with everything else); nothing is timed.
@Suite(.serialized, .enabled(if: ZooKeeperTestEnsemble.available, "skipped: \(ZooKeeperTestEnsemble.missing)"),
       .enabled(if: ZooKeeperTestEnsemble.portsFree, "skipped: \(ZooKeeperTestEnsemble.portsTaken)"))
struct ZooKeeperClusterTests {
    @Test func anEnsembleElectsALeaderServesTheWorkloadAndSurvivesItsLeadersDeath() throws {
        let ensemble = try ZooKeeperTestEnsemble(nodes: 3)
        defer {
            ensemble.stop()
            #expect(Self.processes(mentioning: ensemble.root).isEmpty, "a ZooKeeper server outlived the test")
        }

        // Ready means a quorum; the third server may still be joining ("not serving"): wait for all three.
        let (formed, views) = ensemble.waitFor(seconds: 90) { v in
            ensemble.system.isReady(v) && v.allSatisfy { ["leader", "follower"].contains($0?.role ?? "") }
        }
        try #require(formed, "no ensemble of three serving servers with one leader: \(views)")
        let first = try #require(ZooKeeperTestEnsemble.leader(views))
        #expect(views.compactMap { $0?.role }.sorted() == ["follower", "follower", "leader"])

        let seed = TestSeeds.sweep(1, base: 19)[0]
        let history = ensemble.runWorkload(clients: 3, operations: 30, seed: seed)
        #expect(history.count == 180)
        #expect(history.filter { $0.type == .ok }.count > 0, "no operation succeeded (seed \(seed))")
        let verdict = ensemble.system.check(history: history, addresses: ensemble.addresses, connect: TCPConnection.direct)
        // Reads may be stale by design; the updates must never be out of order.
        #expect(["linearizable", "not linearizable"].contains(verdict.word), "\(verdict.lines) (seed \(seed))")
        if !verdict.passed { #expect(verdict.lines[0].contains("a stale read"), "\(verdict.lines) (seed \(seed))") }
        print("zookeeper workload (seed \(seed)): \(verdict.word); \(verdict.lines.prefix(2).joined(separator: "; "))")
        let epochBefore = try #require(views[first]?.term)

        // A client in sync mode (sync before every read) reads its own write back from another server.
        let writer = ZooKeeperRegisterClient(index: 0, addresses: ensemble.addresses, connect: TCPConnection.direct, seed: seed)
        let reader = ZooKeeperRegisterClient(index: 1, addresses: ensemble.addresses, connect: TCPConnection.direct, seed: seed, syncBeforeRead: true)
        defer { writer.close(); reader.close() }
        #expect(writer.perform(HistoryOperation(process: 0, type: .invoke, f: "write", key: "k9", value: .int(42))).type == .ok)
        let read = reader.perform(HistoryOperation(process: 1, type: .invoke, f: "read", key: "k9", value: .null))
        #expect(read.type == .ok && read.value == .int(42), "\(read)")

        // A write sent to a paused server gets no answer: its outcome is unknown (info), and the client moves on.
        let follower = (first + 1) % 3
        let paused = ZooKeeperRegisterClient(index: follower, addresses: ensemble.addresses, connect: TCPConnection.direct, seed: seed)
        defer { paused.close() }
        #expect(paused.perform(HistoryOperation(process: follower, type: .invoke, f: "read", key: "k0", value: .null)).type == .ok)
        ensemble.signal(follower, SIGSTOP)
        let unanswered = paused.perform(HistoryOperation(process: follower, type: .invoke, f: "write", key: "k0", value: .int(7)))
        ensemble.signal(follower, SIGCONT)
        #expect(unanswered.type == .info, "\(unanswered)")
        #expect(paused.perform(HistoryOperation(process: follower, type: .invoke, f: "write", key: "k0", value: .int(8))).type == .ok)

        ensemble.kill(first)
        let (elected, after) = ensemble.waitFor(seconds: 90) { v in
            ZooKeeperTestEnsemble.leader(v).map { $0 != first } == true && ensemble.system.isReady(v)
        }
        try #require(elected, "no new leader after n\(first + 1) was killed: \(after)")
        #expect(after[first] == nil)
        // Operations still complete (ok, fail or info) after the kill.
        let later = ensemble.runWorkload(clients: 2, operations: 10, seed: seed &+ 100)
        #expect(later.filter { $0.type != .invoke }.count == 20)
        #expect(later.contains { $0.type == .ok && $0.f == "write" }, "no write succeeded under the new leader")
        let newLeader = try #require(ZooKeeperTestEnsemble.leader(after))
        #expect(try #require(after[newLeader]?.term) > epochBefore, "the new leader's epoch did not grow")
        #expect(Set(after.compactMap { $0?.term }).count == 1, "the serving servers disagree on the epoch: \(after)")

        print("after killing n\(first + 1): \(after.map { $0.map { "\($0.role) \($0.fields.map { "\($0.name)=\($0.value)" })" } ?? "down" }); later ops: \(later.filter { $0.type != .invoke }.map { "\($0.f):\($0.type)" })")
        try ensemble.start(first)
        let (rejoined, final) = ensemble.waitFor(seconds: 90) { $0[first]?.role == "follower" }
        #expect(rejoined, "n\(first + 1) did not rejoin as a follower: \(final)")
    }

    @Test func anOperationWithNoServerToTalkToFailsAtOnceAndSaysWhy() throws {
        // Nothing listens on 127.0.3.19: the connection is refused, nothing was sent, so the write did not happen.
        let client = ZooKeeperRegisterClient(index: 0, addresses: ["127.0.3.19"], connect: TCPConnection.direct, seed: 1)
        let done = client.perform(HistoryOperation(process: 0, type: .invoke, f: "write", key: "k0", value: .int(3)))
        #expect(done.type == .fail)
        #expect(done.error.map { "\($0)".contains("ConnectionLoss") } == true)
    }

    /// Command lines of running processes that mention `path`.
    static func processes(mentioning path: String) -> [String] {
        guard let result = try? Subprocess.run("pgrep", ["-af", path]) else { return ["pgrep could not run"] }
        return result.stdout.split(separator: "\n").map(String.init).filter { !$0.contains("pgrep") }
    }
}
