import ClusterSim
import Foundation
import Testing
import TestSupport
@testable import RealSystems

/// Real etcd in network namespaces under the partition the lab
/// real-etcd-partitions makes: the leader cut off alone steps down
/// (CheckQuorum), the majority elects another, the cut-off member's term
/// climbs (no Pre-Vote), and after the heal all agree again. The lab waits
/// fixed seconds; this test polls for each outcome with generous bounds.
@Suite(.serialized, .enabled(if: RealHost.canMakeNamespaces && LoopbackEtcd.etcdInstalled,
                             "needs root, iproute2 and etcd (apt-get install etcd-server iproute2)"))
struct EtcdPartitionTests {
    /// Pumps the runner until `condition` holds on its views (at most `seconds`, a bound, never a measurement).
    static func pump(_ runner: RealClusterRunner, seconds: Double, until condition: ([RealNodeView?]) -> Bool) -> Bool {
        for _ in 0..<Int(seconds * 10) {
            if condition(runner.views) { return true }
            runner.pump(maxWait: 100_000)
        }
        return condition(runner.views)
    }

    /// Starts the run's cluster; the index of the one member that leads.
    static func startWithLeader(_ runner: RealClusterRunner) throws -> Int {
        try runner.start(readyLimit: 60)
        #expect(pump(runner, seconds: 30) { views in views.filter { $0?.role == "leader" }.count == 1 })
        return try #require(runner.views.firstIndex { $0?.role == "leader" })
    }

    @Test func theLeaderCutOffAloneStepsDownAndTheMajorityElectsAnother() throws {
        let runID = "cle\(getpid())"
        let runner = RealClusterRunner(system: EtcdSystem(nodes: 3, clients: 1), seed: 5, runID: runID)
        defer { runner.teardown() }
        let old = try Self.startWithLeader(runner)
        let others = (0..<3).filter { $0 != old }
        try runner.partition([["n\(old + 1)"], others.map { "n\($0 + 1)" }])

        let steppedDown = Self.pump(runner, seconds: 30) { views in
            ["no leader", "candidate"].contains(views[old]?.role ?? "") && others.contains { views[$0]?.role == "leader" }
                && views.filter { $0?.role == "leader" }.count == 1
        }
        #expect(steppedDown, "n\(old + 1) cut off: \(runner.views.map { $0.map { "\($0.role) \($0.term ?? -1) \($0.leader ?? "-")" } ?? "nil" })")
        let climbed = Self.pump(runner, seconds: 30) { views in
            guard let leader = views.first(where: { $0?.role == "leader" }) ?? nil, let term = leader.term,
                  let cutOff = views[old]?.term else { return false }
            return cutOff > term
        }
        #expect(climbed, "the cut-off member's term did not pass the leader's: \(runner.views.map { $0?.term })")

        try runner.heal()
        let agreed = Self.pump(runner, seconds: 40) { views in
            views.filter { $0?.role == "leader" }.count == 1 && Set(views.map { $0?.term }).count == 1 && !views.contains { $0 == nil }
        }
        #expect(agreed, "no agreement after the heal: \(runner.views.map { $0.map { "\($0.role) \($0.term ?? -1)" } ?? "nil" })")
        runner.teardown()
        #expect(RealHost.namespaces(runID).isEmpty)
        #expect(RealHost.processes("clusterlab-real-\(runID)").isEmpty)
    }

    /// The checker can fail on what real etcd does: a serializable read (served
    /// from the member's own state, no quorum) on a member cut off from the
    /// others returns a value the majority has since overwritten.
    @Test func aSerializableReadOnTheCutOffSideIsStaleAndTheCheckerSaysSo() throws {
        let runID = "cls\(getpid())"
        let runner = RealClusterRunner(system: EtcdSystem(nodes: 3, clients: 1), seed: 6, runID: runID)
        defer { runner.teardown() }
        let leader = try Self.startWithLeader(runner)
        let cutOff = (leader + 1) % 3, majority = (leader + 2) % 3
        // Client i starts on node i mod 3; c1's namespace is in no group of the partition, so it reaches everyone.
        let connect = runner.network.connector(from: "c1")
        func client(on node: Int, process: Int, serializable: Bool) -> EtcdRegisterClient {
            EtcdRegisterClient(index: node + 3 * process, addresses: runner.addresses, keys: ["k0"], timeoutMs: 1500,
                               connect: connect, seed: 1, serializableReads: serializable)
        }
        let writer = client(on: majority, process: 0, serializable: false)
        let staleReader = client(on: cutOff, process: 1, serializable: true)
        let reader = client(on: cutOff, process: 2, serializable: false)
        defer { writer.close(); staleReader.close(); reader.close() }
        var history: [HistoryOperation] = []
        func perform(_ c: EtcdRegisterClient, _ f: String, _ value: HistoryValue) -> HistoryOperation {
            let invoke = HistoryOperation(process: c.index / 3, type: .invoke, f: f, key: "k0", value: value)
            history.append(invoke)
            let done = c.perform(invoke)
            history.append(done)
            return done
        }
        #expect(perform(writer, "write", .int(1)).type == .ok)
        // The cut-off member has applied 1 before the partition (read it there until it has).
        var seen = false
        for _ in 0..<50 where !seen { seen = perform(staleReader, "read", .null).value == .int(1); if !seen { usleep(100_000) } }
        #expect(seen, "n\(cutOff + 1) never served the first write")
        try runner.partition([["n\(cutOff + 1)"], [leader, majority].map { "n\($0 + 1)" }])
        #expect(perform(writer, "write", .int(2)).type == .ok, "the majority side takes the write")
        let stale = perform(staleReader, "read", .null)
        #expect(stale.type == .ok && stale.value == .int(1), "a serializable read on the cut-off member: \(stale)")
        // The linearizable read there gets no answer: it needs a quorum.
        #expect(perform(reader, "read", .null).type == .fail)
        let verdict = EtcdHistoryCheck.verdict(history, budget: 100_000)
        #expect(verdict.word == "not linearizable" && !verdict.passed, "\(verdict.lines)")
        #expect(verdict.lines.first?.contains("stale read") == true, "\(verdict.lines)")
        runner.teardown()
        #expect(RealHost.namespaces(runID).isEmpty)
    }
}
