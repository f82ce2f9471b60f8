import Testing
import ClusterSim
import ClusterProtocols

/// The storage engine's write path: commit log and memtable, flushes at the
/// memtable limit, compaction of SSTables, and reads that merge SSTables.
@Suite struct QuorumStorageTests {
    static func v(_ value: Int64?, _ clock: Int64) -> Version { Version(value, stamp: LamportStamp(clock: clock, node: 0)) }

    @Test func writesGoToTheCommitLogAndMemtableAndFlushAtTheLimit() {
        var e = StorageEngine(memtableLimit: 4, compactionThreshold: 3)
        for i in 0..<3 { e.write("k\(i)", Self.v(Int64(i), 1)) }
        #expect(e.commitLog.count == 3 && e.memtable.count == 3 && e.sstables.isEmpty)
        e.write("k0", Self.v(10, 2))
        #expect(e.commitLog.count == 4 && e.memtable.count == 3, "an overwrite is appended but the memtable keeps one row")
        e.write("k3", Self.v(3, 1))
        #expect(e.sstables.count == 1 && e.memtable.isEmpty && e.commitLog.isEmpty, "the fourth key flushes")
        #expect(e.peek("k0") == [Self.v(10, 2)])
    }

    @Test func aReadMergesEverySSTableHoldingTheKeyAndCompactionMergesThem() {
        var e = StorageEngine(memtableLimit: 2, compactionThreshold: 3)
        e.write("a", Self.v(1, 1)); e.write("x", Self.v(0, 1))      // flush 1: a=1
        e.write("a", Self.v(2, 2)); e.write("y", Self.v(0, 1))      // flush 2: a=2
        #expect(e.sstables.count == 2)
        #expect(e.read("a") == [Self.v(2, 2)])
        #expect(e.lastReadSSTables == 2, "a is in both SSTables")
        #expect(e.read("x") == [Self.v(0, 1)] && e.lastReadSSTables == 1)
        e.write("a", Self.v(3, 3)); e.write("z", Self.v(0, 1))      // flush 3: compaction
        #expect(e.sstables.count == 1 && e.compactions == 1)
        #expect(e.read("a") == [Self.v(3, 3)] && e.lastReadSSTables == 1)
        #expect(e.sstables[0].rows.count == 4, "one row per key after compaction")
        // An older write arriving late loses on read.
        e.write("a", Self.v(9, 1))
        #expect(e.read("a") == [Self.v(3, 3)])
    }

    @Test func aCrashKeepsTheCommitLogAndSSTablesAndReplaysTheMemtable() {
        var e = StorageEngine(memtableLimit: 3, compactionThreshold: 4)
        for i in 0..<4 { e.write("k\(i)", Self.v(Int64(i), 1)) }
        let r = e.onDisk.recovered()
        #expect(e.onDisk.memtable.isEmpty && !e.memtable.isEmpty)
        #expect(r.memtable == e.memtable && r.sstables == e.sstables)
        #expect(r.allRows() == e.allRows())
    }

    @Test func serverSummaryShowsTheWritePath() {
        var config = QuorumConfig()
        config.memtableLimit = 2
        var server = QuorumServer(id: NodeID(0), serverCount: 1, config: config)
        var context = QuorumContext(id: NodeID(0), layout: ClusterLayout(servers: 1, clients: 1))
        for (i, k) in ["a", "b", "c"].enumerated() {
            server.receive(.replicaWrite(op: i, key: k, Self.v(Int64(i), Int64(i + 1))), from: NodeID(0), &context)
        }
        server.receive(.replicaRead(op: 9, key: "a"), from: NodeID(1), &context)
        let fields = Dictionary(server.summary.fields.map { ($0.name, $0.value) }, uniquingKeysWith: { a, _ in a })
        #expect(fields["commitlog"] == "1" && fields["memtable"] == "1" && fields["sstables"] == "1")
        #expect(fields["sstables_read"] == "1" && fields["a"] == "0")
    }
}
