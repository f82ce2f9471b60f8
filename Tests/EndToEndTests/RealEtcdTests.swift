import Foundation
import Testing
import TestSupport

/// `clusterlab real etcd --headless` as a script or CI runs it: a real
/// etcd cluster in network namespaces, the register workload, the faults,
/// and the checker's verdict as the first word, exit 0 when linearizable.
@Suite(.serialized, .enabled(if: RealCluster.available, RealCluster.reason))
struct RealEtcdTests {
    @Test func partitionsLeaveTheHistoryLinearizable() throws {
        let seed = "4201"
        let r = try BuiltBinary.run(["real", "etcd", "--nodes", "3", "--time-limit", "15", "--nemesis", "partition", "--headless", "--seed", seed])
        let lines = r.stdout.split(separator: "\n").map(String.init)
        #expect(r.status == 0, "seed \(seed):\n\(r.stdout)\n\(r.stderr)")
        #expect(lines.first?.hasPrefix("linearizable: ") == true, "seed \(seed):\n\(r.stdout)")
        #expect(lines.contains { $0.hasPrefix("faults: ") && $0.contains("partition") }, "no partition applied:\n\(r.stdout)")
        #expect(lines.contains { $0.hasPrefix("etcd, 3 nodes: ready after") })
    }

    @Test func withoutFaultsEveryOperationIsAnsweredAndTheHistoryIsLinearizable() throws {
        let r = try BuiltBinary.run(["real", "etcd", "--nodes", "3", "--time-limit", "8", "--headless", "--seed", "4202"])
        let first = r.stdout.split(separator: "\n").first.map(String.init) ?? ""
        #expect(r.status == 0, "\(r.stdout)\n\(r.stderr)")
        #expect(first.hasPrefix("linearizable: "), "\(r.stdout)")
        // A healthy cluster answers every operation: none is left unknown.
        #expect(first.contains(", 0 info)"), "\(first)")
        #expect(r.stdout.contains("faults: none"))
    }

    @Test func anOptionOfAnotherSystemIsRefusedWithExit2() throws {
        let r = try BuiltBinary.run(["real", "etcd", "--masters", "3", "--headless"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("--masters does not apply to etcd"), "\(r.stderr)")
    }
}
