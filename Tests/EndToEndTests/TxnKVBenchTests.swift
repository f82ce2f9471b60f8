import Testing
import TestSupport

/// `clusterlab bench cc` runs small and prints 2PL and OCC at both
/// contentions, each with its commits and abort rate (the timing is not checked).
@Suite struct TxnKVBenchTests {
    @Test func printsBothSchemesAtLowAndHighContention() throws {
        let r = try BuiltBinary.run(["bench", "cc", "--txns", "30", "--clients", "3"])
        #expect(r.status == 0, "\(r.stderr)")
        for line in ["2pl low keys=200:", "occ low keys=200:", "2pl high keys=4:", "occ high keys=4:"] {
            #expect(r.stdout.contains(line), "\(line) in \(r.stdout)")
        }
        #expect(r.stdout.components(separatedBy: "abort_rate=").count == 5 && r.stdout.contains("commits_per_virtual_s="))
        #expect(try BuiltBinary.run(["bench", "cc", "--workload", "doctors"]).status == 2)
        #expect(try BuiltBinary.run(["bench", "cc", "--high-keys", "1"]).status == 2)
    }
}
