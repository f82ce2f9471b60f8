import Testing
import Foundation
import ClusterSim
import ClusterProtocols
import TestSupport

/// The CAP experiment: the same partition against Raft and the quorum store.
/// Raft's history stays linearizable with no anomalies; the quorum store at
/// R=W=ONE shows stale reads; the figures the labs quote are pinned here.
@Suite struct CapHarnessTests {
    @Test(arguments: TestSeeds.sweep(3))
    func raftStaysConsistentAndTheQuorumStoreAtOneGoesStale(seed: UInt64) throws {
        var s = CapSettings()
        s.seed = seed
        let report = try CapHarness.run(s)
        #expect(report.raft.linearizability == "linearizable", "seed \(seed)")
        #expect(report.raft.anomalies == 0, "seed \(seed): \(report.raft.firstAnomaly ?? "")")
        #expect(report.quorum.staleReads > 0 && report.quorum.linearizability == "not linearizable", "seed \(seed)")
        #expect(report.raft.partitionOperations > 0 && report.quorum.partitionOperations > 0, "seed \(seed)")
        #expect(report.raft.convergenceMicroseconds != nil, "seed \(seed): Raft's replicas never caught up")
        // The Raft leader is on the minority side.
        #expect(report.minoritySide.count == 2 && report.majoritySide.count == 3)
    }

    @Test func quorumReadsAndWritesRemoveTheStaleReads() throws {
        var s = CapSettings()
        s.readConsistency = .quorum; s.writeConsistency = .quorum
        let report = try CapHarness.run(s)
        #expect(report.quorum.staleReads == 0, "\(report.quorum.firstAnomaly ?? "")")
        #expect(report.quorum.label == "quorum N=3 R=quorum W=quorum")
    }

    /// The seed-1 figures that Labs/cap/cap.yaml and the notes quote: if they
    /// drift, the lab's answers and the README rows must change with them.
    @Test func seedOneFiguresAreTheOnesTheLabsQuote() throws {
        let one = try CapHarness.run(CapSettings())
        #expect(one.minoritySide == ["n4", "n5"])
        #expect((one.raft.partitionSucceeded, one.raft.partitionOperations) == (199, 203))
        #expect((one.quorum.partitionSucceeded, one.quorum.partitionOperations) == (63, 96))
        #expect(one.quorum.staleReads == 2 && one.raft.staleReads == 0)
    }

    @Test func theReportReadsAsATableAndAsJSON() throws {
        let report = try CapHarness.run(CapSettings())
        let text = report.text
        for row in ["availability", "during partition", "stale reads", "read-your-writes", "monotonic reads",
                    "linearizability", "converged after heal"] {
            #expect(text.contains(row), "no row \(row) in\n\(text)")
        }
        let json = try JSONEncoder().encode(report)
        let back = try JSONDecoder().decode(CapReport.self, from: json)
        #expect(back == report)
    }

    @Test func settingsThatAreNoExperimentAreRefused() {
        var s = CapSettings()
        s.minority = 3
        #expect(throws: SourceError.self) { try CapHarness.run(s) }
        s = CapSettings(); s.healAt = s.partitionAt
        #expect(throws: SourceError.self) { try CapHarness.run(s) }
        s = CapSettings(); s.replicationFactor = 6
        #expect(throws: SourceError.self) { try CapHarness.run(s) }
    }
}
