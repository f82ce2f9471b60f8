import Testing
import ClusterSim
@testable import ClusterProtocols

/// The store's new scenario parameters are read strictly: a bad value is an
/// error at its line and column, and good values reach the configuration.
@Suite struct QuorumParameterTests {
    static func scenario(_ extra: String) throws -> Scenario {
        try ProtocolCatalog.scenario(SourceText(name: "t.yaml", text: "protocol: quorum\nnodes: 5\n\(extra)\n"))
    }

    @Test(arguments: [
        ("parameters: {versioning: clocks}", 3, 26),
        ("parameters: {anti_entropy: 0ms}", 3, 28),
        ("parameters: {anti_entropy: sometimes}", 3, 28),
        ("parameters: {merkle_depth: 30}", 3, 28),
        ("parameters: {vnodes: 0}", 3, 22),
        ("parameters: {hinted_handoff: maybe}", 3, 30),
        ("parameters: {handoff_interval: 0s}", 3, 32),
        ("parameters: {compaction_threshold: 1}", 3, 36),
        ("parameters: {memtable_limit: 0}", 3, 30),
        ("parameters: {gc_grace: soon}", 3, 24),
        ("workload: {delete_weight: -1}", 3, 27),
        ("parameters: {vnode: 8}", 3, 14),
        ("parameters: {speculative_retry: 0ms}", 3, 33),
        ("parameters: {speculative_retry: often}", 3, 33),
        ("parameters: {read_repair_chance: 1.5}", 3, 34),
        ("parameters: {bucket_low: 2}", 3, 26),
        ("parameters: {bucket_high: 0.5}", 3, 27),
        ("parameters: {bloom_filter_fp_chance: 0}", 3, 38),
        ("parameters: {compaction_threshold: 8, max_compaction_threshold: 4}", 3, 65),
    ])
    func aBadValueIsRefusedAtItsPosition(_ line: String, _ row: Int, _ column: Int) throws {
        let s = try Self.scenario(line)
        do {
            _ = try ProtocolCatalog.makeRun(s)
            Issue.record("\(line) should be refused")
        } catch let e as SourceError {
            #expect(e.line == row && e.column == column, "\(line): \(e)")
            #expect(e.description.hasPrefix("t.yaml:\(row):\(column)"), "\(e)")
        }
    }

    @Test func goodValuesReachTheConfiguration() throws {
        let s = try Self.scenario("""
            parameters: {vnodes: 16, versioning: vector, hinted_handoff: true, handoff_interval: 50ms, anti_entropy: 1s,
                         merkle_depth: 6, gc_grace: 5s, memtable_limit: 8, compaction_threshold: 3}
            workload: {delete_weight: 2}
            """)
        let c = try QuorumProtocol.config(s)
        #expect(c.vnodes == 16 && c.versioning == .vector && c.hintedHandoff && c.handoffInterval == 50_000)
        #expect(c.antiEntropyInterval == 1_000_000 && c.merkleDepth == 6 && c.gcGrace == 5_000_000)
        #expect(c.memtableLimit == 8 && c.compactionThreshold == 3 && c.workload.deleteWeight == 2)
        let stcs = try QuorumProtocol.config(Self.scenario(
            "parameters: {max_compaction_threshold: 8, bucket_low: 0.25, bucket_high: 2, min_sstable_size: 3, bloom_filter_fp_chance: 0.1}"))
        #expect(stcs.maxCompactionThreshold == 8 && stcs.bucketLow == 0.25 && stcs.bucketHigh == 2)
        #expect(stcs.minSSTableSize == 3 && stcs.bloomFilterFPChance == 0.1)
        #expect(try QuorumProtocol.config(Self.scenario("parameters: {anti_entropy: off}")).antiEntropyInterval == nil)
        #expect(try QuorumProtocol.config(Self.scenario("")).antiEntropyInterval == nil, "anti-entropy is off by default")
        let reads = try QuorumProtocol.config(Self.scenario("parameters: {speculative_retry: 20ms, read_repair_chance: 0.25}"))
        #expect(reads.speculativeRetry == 20_000 && reads.readRepairChance == 0.25)
        #expect(try QuorumProtocol.config(Self.scenario("parameters: {speculative_retry: off}")).speculativeRetry == nil)
        #expect(try QuorumProtocol.config(Self.scenario("")).readRepairChance == 0, "read repair covers only contacted replicas by default")
    }
}
