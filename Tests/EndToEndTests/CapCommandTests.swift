import Testing
import Foundation
import TestSupport

/// `clusterlab cap` from the command line: the side-by-side table, the same
/// report as JSON, and bad input refused with exit 2.
@Suite struct CapCommandTests {
    @Test func printsBothStoresSideBySide() throws {
        let r = try BuiltBinary.run(["cap", "--seed", "2"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("partition n1 n2 | n3 n4 n5"))
        #expect(r.stdout.contains("quorum N=3 R=one W=one"))
        let stale = r.stdout.split(separator: "\n").first { $0.hasPrefix("stale reads") }
        #expect(stale.map { $0.split(separator: " ").map(String.init) == ["stale", "reads", "0", "74"] } == true, "\(r.stdout)")
    }

    @Test func jsonCarriesTheSameFigures() throws {
        let r = try BuiltBinary.run(["cap", "--seed", "2", "--read", "quorum", "--write", "quorum", "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let object = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
        let quorum = object?["quorum"] as? [String: Any]
        #expect(quorum?["staleReads"] as? Int == 0)
        // n1 and n2 hold two of the three replicas of some keys: a quorum on the
        // minority side for those keys, none for the others.
        #expect(quorum?["minoritySucceeded"] as? Int == 17 && quorum?["minorityOperations"] as? Int == 22)
        #expect(abs((quorum?["minorityAvailability"] as? Double ?? 0) - 17.0 / 22.0) < 1e-12)
        #expect(quorum?["label"] as? String == "quorum N=3 R=quorum W=quorum")
        #expect((object?["raft"] as? [String: Any])?["linearizability"] as? String == "linearizable")
    }

    @Test func badInputExitsTwo() throws {
        let minority = try BuiltBinary.run(["cap", "--minority", "3"])
        #expect(minority.status == 2 && minority.stderr.contains("minority"), "\(minority.stderr)")
        let level = try BuiltBinary.run(["cap", "--read", "most"])
        #expect(level.status == 2, "\(level.stderr)")
    }
}
