import Testing
import TestSupport

/// `clusterlab bench paxos` runs small and prints both protocols' figures
/// and their ratio (the timing is not checked).
@Suite struct PaxosBenchTests {
    @Test func printsRaftMultiPaxosAndTheRatio() throws {
        let r = try BuiltBinary.run(["bench", "paxos", "--ops", "200", "--nodes", "3"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("raft:") && r.stdout.contains("multipaxos:"), "\(r.stdout)")
        #expect(r.stdout.components(separatedBy: "ops=200").count == 3, "both serve all 200 operations: \(r.stdout)")
        #expect(r.stdout.contains("ratio multipaxos/raft wall_s="))
        #expect(try BuiltBinary.run(["bench", "paxos", "--nodes", "0"]).status == 2)
    }
}
