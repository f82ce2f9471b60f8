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

    @Test func theLeaderCutOffAloneStepsDownAndTheMajorityElectsAnother() throws {
        let runID = "cle\(getpid())"
        let runner = RealClusterRunner(system: EtcdSystem(nodes: 3, clients: 1), seed: 5, runID: runID)
        defer { runner.teardown() }
        try runner.start(readyLimit: 60)
        #expect(Self.pump(runner, seconds: 30) { views in views.filter { $0?.role == "leader" }.count == 1 })
        let old = try #require(runner.views.firstIndex { $0?.role == "leader" })
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
}
