import ClusterSim
import Foundation
import Testing
import TestSupport
@testable import RealSystems

/// ZooKeeper's reads are served by the server a client is connected to
/// (Programmer's Guide, "Consistency Guarantees"): a follower cut off from
/// its leader goes on answering reads from its own copy until it gives up
/// on the leader (`syncLimit` ticks; 9 s here, so the test does not race
/// it). A write made meanwhile through the leader is not seen there: a
/// real stale read, which the checker must call not linearizable — and a
/// client that calls `sync` first gets no answer instead of a stale one.
@Suite(.serialized, .enabled(if: RealHost.canMakeNamespaces && ZooKeeperTestEnsemble.available,
                             "needs root and iproute2 for namespaces, and \(ZooKeeperTestEnsemble.missing)"))
struct ZooKeeperStaleReadTests {
    @Test func aFollowerCutOffFromItsLeaderServesAStaleReadAndTheCheckerSaysSo() throws {
        let system = try ZooKeeperSystem(options: RealOptions(nodes: 3, nodeTimeoutMs: 9000, clients: 2))
        let runID = "clzk\(getpid())"
        let runner = RealClusterRunner(system: system, seed: 19, runID: runID)
        defer {
            runner.teardown()
            #expect(RealHost.namespaces(runID).isEmpty)
            #expect(RealHost.processes("clusterlab-real-\(runID)").isEmpty)
        }
        try runner.start()
        let observe = runner.network.connector(from: RealNetwork.observer)
        let views = runner.addresses.indices.map { system.poll(node: $0, addresses: runner.addresses, connect: observe) }
        let leader = try #require(ZooKeeperTestEnsemble.leader(views), "\(views)")
        let follower = (leader + 1) % 3

        // The client's first server is its index modulo the ensemble.
        let writer = ZooKeeperRegisterClient(index: leader, addresses: runner.addresses, connect: runner.network.connector(from: "c1"), seed: 1)
        let reader = ZooKeeperRegisterClient(index: follower, addresses: runner.addresses, connect: runner.network.connector(from: "c2"), seed: 2)
        let syncReader = ZooKeeperRegisterClient(index: follower, addresses: runner.addresses, connect: runner.network.connector(from: "c2"),
                                                 seed: 3, syncBeforeRead: true)
        defer { writer.close(); reader.close(); syncReader.close() }
        var history: [HistoryOperation] = []
        func run(_ client: ZooKeeperRegisterClient, _ process: Int, _ f: String, _ value: HistoryValue) -> HistoryOperation {
            let invoke = HistoryOperation(process: process, type: .invoke, f: f, key: "k0", value: value)
            history.append(invoke)
            let done = client.perform(invoke)
            history.append(done)
            return done
        }

        try #require(run(writer, 0, "write", .int(1)).type == .ok)
        #expect(RealHost.eventually(30) { run(reader, 1, "read", .null).value == .int(1) }, "the follower never applied the write")
        #expect(run(syncReader, 2, "read", .null).value == .int(1))

        try runner.partition([["n\(follower + 1)"]])
        #expect(run(writer, 0, "write", .int(2)).type == .ok, "the leader and the other follower are a quorum")
        let stale = run(reader, 1, "read", .null)
        #expect(stale.type == .ok && stale.value == .int(1), "the cut-off follower should still answer from its copy: \(stale)")
        let synced = run(syncReader, 2, "read", .null)
        #expect(synced.type == .fail, "sync needs the leader, which the follower cannot reach: \(synced)")

        let verdict = system.check(history: history, addresses: runner.addresses, connect: observe)
        #expect(verdict.word == "not linearizable" && !verdict.passed, "\(verdict)")
        #expect(verdict.lines.first?.contains("a stale read") == true, "\(verdict.lines)")
    }
}
