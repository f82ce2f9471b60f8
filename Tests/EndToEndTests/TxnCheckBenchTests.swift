import Testing
import TestSupport

/// `clusterlab bench txncheck` runs small and prints its figures (the timing is not checked).
@Suite struct TxnCheckBenchTests {
    @Test func aGeneratedHistoryIsValidAndInjectedWriteSkewsAreFound() throws {
        let valid = try BuiltBinary.run(["bench", "txncheck", "--txns", "300"])
        #expect(valid.status == 0, "\(valid.stderr)")
        #expect(valid.stdout.hasPrefix("txns=300 model=strict-serializable verdict=valid wall_s="), "\(valid.stdout)")
        #expect(valid.stdout.contains("cpu_s=") && valid.stdout.contains("peak_rss_mb="), "\(valid.stdout)")
        #expect(valid.stdout.contains("workload: list-append, 300 transactions;"), "\(valid.stdout)")
        let skewed = try BuiltBinary.run(["bench", "txncheck", "--txns", "300", "--write-skews", "2", "--model", "serializable"])
        #expect(skewed.status == 0 && skewed.stdout.contains("verdict=invalid(G2-item ×2)"), "\(skewed.stdout)\(skewed.stderr)")
        let bad = try BuiltBinary.run(["bench", "txncheck", "--model", "linearizable"])
        #expect(bad.status == 2 && bad.stderr.contains("unknown model 'linearizable'"), "\(bad.stderr)")
    }
}
