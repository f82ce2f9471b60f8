import Testing
import TestSupport

/// `clusterlab bench quorum` runs small and prints its figures (the timing is not checked).
@Suite struct QuorumBenchTests {
    @Test func printsOpsWallTimeAndRates() throws {
        let r = try BuiltBinary.run(["bench", "quorum", "--ops", "500", "--clients", "10"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("ops=500 wall_s="), "\(r.stdout)")
        #expect(r.stdout.contains("ops_per_s=") && r.stdout.contains("deliveries_per_s="))
        #expect(try BuiltBinary.run(["bench", "quorum", "--consistency", "most"]).status == 2)
    }
}
