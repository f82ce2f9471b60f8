import Testing
import ClusterSim
import ClusterProtocols

/// Cassandra's write path in the quorum store's storage engine: size-tiered
/// compaction compacts a bucket of similar-sized SSTables, not everything;
/// Bloom filters let reads skip tables; tombstones go only by a compaction
/// after their grace period, and only if no table left out may hold older data.
@Suite struct CassandraWritePathTests {
    static func v(_ value: Int64?, _ clock: Int64) -> Version { Version(value, stamp: LamportStamp(clock: clock, node: 0)) }

    /// Flushes one SSTable holding `keys`, each written at `clock`.
    static func flush(_ e: inout StorageEngine, _ keys: [String], clock: Int64 = 1) {
        for k in keys { e.write(k, v(1, clock)) }
        e.flush()
    }

    @Test func sizeTieredCompactionMergesABucketOfSimilarSizesNotTheBigTable() {
        var e = StorageEngine(memtableLimit: 1000, compactionThreshold: 4)
        Self.flush(&e, (0..<40).map { "big\($0)" })
        for i in 0..<3 { Self.flush(&e, ["s\(i)a", "s\(i)b"]) }
        #expect(e.sstables.map(\.size) == [40, 2, 2, 2] && e.compactions == 0, "three small tables: below min_threshold")
        Self.flush(&e, ["s3a", "s3b"])
        #expect(e.compactions == 1)
        #expect(e.sstables.map(\.size) == [40, 8], "the four 2-row tables became one; the 40-row table was left alone")
        #expect(e.sstables.map(\.generation) == [1, 6])
    }

    @Test func bucketsFollowBucketLowAndBucketHigh() {
        let stcs = SizeTieredCompaction()
        var e = StorageEngine(memtableLimit: 1000, compactionThreshold: 32)
        for size in [10, 14, 6, 16, 40] { Self.flush(&e, (0..<size).map { "t\(size)-\($0)" }) }
        let sizes = stcs.buckets(e.sstables).map { $0.map(\.size) }
        // 6 starts a bucket; 10 is within (3, 9)? no: new bucket; 14 joins 10 (avg 10: 5..15); 16 joins (avg 12: 6..18); 40 alone.
        #expect(sizes == [[6], [10, 14, 16], [40]])
    }

    @Test func maxThresholdCapsOneCompaction() {
        var e = StorageEngine(memtableLimit: 1000, compactionThreshold: 32)
        for i in 0..<5 { Self.flush(&e, ["k\(i)"]) }
        var stcs = SizeTieredCompaction()
        stcs.minThreshold = 2; stcs.maxThreshold = 3
        #expect(stcs.nextBucket(e.sstables) == [1, 2, 3], "five similar tables, at most three at a time, oldest first")
        stcs.minThreshold = 6; stcs.maxThreshold = 32
        #expect(stcs.nextBucket(e.sstables) == nil)
    }

    @Test func aBloomFilterNeverSaysNoToAKeyItHoldsAndRarelySaysMaybeToOneItLacks() {
        let keys = (0..<1000).map { "key\($0)" }
        let filter = CassandraBloomFilter(keys: keys, falsePositiveChance: 0.01)
        #expect(keys.allSatisfy(filter.mayContain))
        let falsePositives = (0..<10_000).filter { filter.mayContain("other\($0)") }.count
        #expect(falsePositives > 20 && falsePositives < 250, "about 1% of 10,000: \(falsePositives)")
        let loose = CassandraBloomFilter(keys: keys, falsePositiveChance: 0.2)
        #expect(loose.bitCount < filter.bitCount)
        #expect(CassandraBloomFilter(keys: keys, falsePositiveChance: 1).mayContain("anything"), "1: no filter")
    }

    @Test func aReadSkipsTheTablesWhoseFilterRulesTheKeyOut() {
        var e = StorageEngine(memtableLimit: 1000, compactionThreshold: 32)
        Self.flush(&e, ["a", "x"]); Self.flush(&e, ["a", "y"]); Self.flush(&e, ["z"])
        #expect(e.read("a") == [Self.v(1, 1)])
        #expect(e.lastReadSSTables == 2 && e.lastReadSkipped == 1 && e.bloomSkips == 1)
        var noFilter = StorageEngine(memtableLimit: 1000, compactionThreshold: 32, bloomFilterFPChance: 1)
        Self.flush(&noFilter, ["a", "x"]); Self.flush(&noFilter, ["a", "y"]); Self.flush(&noFilter, ["z"])
        _ = noFilter.read("a")
        #expect(noFilter.lastReadSSTables == 3 && noFilter.bloomFalsePositives == 1, "without filters every table is read")
    }

    @Test func aTombstoneStaysUntilItsGraceEndsThenACompactionDropsIt() {
        var e = StorageEngine(memtableLimit: 1000, compactionThreshold: 32)
        e.write("k", Self.v(5, 1)); e.flush()
        e.write("k", Self.v(nil, 2)); e.flush()
        e.compact()
        #expect(e.peek("k") == [Self.v(nil, 2)] && e.tombstonesPurged == 0, "within gc_grace a compaction keeps the tombstone")
        let purged = e.expireTombstone("k", stamp: LamportStamp(clock: 2, node: 0))
        #expect(purged)
        #expect(e.peek("k").isEmpty && e.sstables.isEmpty && e.tombstonesPurged == 1)
    }

    @Test func aTombstoneIsKeptWhileATableLeftOutOfTheCompactionMayHoldOlderData() {
        var e = StorageEngine(memtableLimit: 1000, compactionThreshold: 4)
        Self.flush(&e, ["k"] + (0..<40).map { "big\($0)" })        // the old value of k, in a big table
        e.write("k", Self.v(nil, 2)); e.write("x", Self.v(1, 2)); e.flush()  // the tombstone, in a small one
        // Grace ends while the small tables are compacted without the big one.
        var grace = e
        _ = grace.expireTombstone("k", stamp: LamportStamp(clock: 2, node: 0))
        #expect(grace.peek("k").isEmpty, "the tombstone compaction includes every table that may hold k")
        // A size-tiered compaction of the small tables alone may not drop it.
        var stcs = e
        stcs.markGCable("k", stamp: LamportStamp(clock: 2, node: 0))
        for i in 0..<3 { Self.flush(&stcs, ["f\(i)a", "f\(i)b"], clock: 3) }
        #expect(stcs.compactions == 1 && stcs.sstables.count == 2)
        #expect(stcs.peek("k") == [Self.v(nil, 2)] && stcs.tombstonesPurged == 0,
                "dropping it would uncover k = 1 in the big table")
    }

    @Test func flushAndCompactCommands() {
        var config = QuorumConfig()
        config.compactionThreshold = 8
        var server = QuorumServer(id: NodeID(0), serverCount: 1, config: config)
        var context = QuorumContext(id: NodeID(0), layout: ClusterLayout(servers: 1, clients: 1))
        for round in 0..<3 {
            server.receive(.replicaWrite(op: round, key: "k\(round)", Self.v(1, Int64(round + 1))), from: NodeID(0), &context)
            server.command("flush", &context)
        }
        #expect(server.storage.sstables.count == 3 && server.storage.memtable.isEmpty)
        server.command("compact", &context)
        #expect(server.storage.sstables.count == 1 && server.storage.compactions == 1)
        let fields = Dictionary(server.summary.fields.map { ($0.name, $0.value) }, uniquingKeysWith: { a, _ in a })
        #expect(fields["mem"] == "0 sst 3" && fields["compactions"] == "1" && fields["sstable_sizes"] == "3")
        #expect(server.summary.details.contains { $0.contains("gen 4: 3 rows") })
    }
}
