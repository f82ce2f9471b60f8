import Testing
import TestSupport

/// `clusterlab bench kafka` runs tiny and prints its rates, deliveries and
/// peak RSS (the timing is not checked); a bad flag exits 2.
@Suite struct KafkaBenchTests {
    @Test func runsTinyAndPrintsItsRates() throws {
        let r = try BuiltBinary.run(["bench", "kafka", "--messages", "200"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("brokers=3 acks=all") && r.stdout.contains("messages=200"), "\(r.stdout)")
        for field in ["messages_per_virtual_s=", "messages_per_wall_s=", "peak_rss_mb=", "deliveries="] {
            #expect(r.stdout.contains(field), "\(field) in \(r.stdout)")
        }
        #expect(try BuiltBinary.run(["bench", "kafka", "--messages", "0"]).status == 2)
    }
}
