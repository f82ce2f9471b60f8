import Testing
import ClusterSim
import ClusterProtocols
import TestSupport

/// Tombstones are purged after `gc_grace` whether or not every replica saw
/// the delete; a replica that missed it and is repaired too late brings the
/// value back (Cassandra's zombies).
/// https://cassandra.apache.org/doc/latest/cassandra/managing/operating/compaction/tombstones.html
@Suite struct QuorumTombstoneTests {
    typealias Bench = QuorumReplicationTests.Bench

    /// `k` = 1 on n1…n3, then deleted at QUORUM while n3 is down: n3 still holds 1.
    static func deleteMissedByN3() -> Bench {
        var b = Bench(servers: 3, config: QuorumConfig())
        _ = b.command("write k 1 all", at: 0)
        b.down = [NodeID(2)]
        _ = b.command("delete k", at: 0)
        b.down = []
        return b
    }

    static func values(_ b: Bench) -> [[Int64?]] { b.servers.map { $0.storage.peek("k").map(\.value) } }

    /// The grace period ends on every replica that holds the tombstone.
    static func graceEnds(_ b: inout Bench) {
        for i in b.servers.indices where b.servers[i].storage.peek("k").contains(where: \.isTombstone) {
            b.fire(.tombstoneExpiry("k"), at: i)
        }
    }

    @Test func theSetUpLeavesTheValueOnTheReplicaThatMissedTheDelete() {
        let b = Self.deleteMissedByN3()
        #expect(Self.values(b) == [[nil], [nil], [1]])
    }

    @Test func aTombstoneIsPurgedAfterGCGraceEvenIfAReplicaNeverSawIt() {
        var b = Self.deleteMissedByN3()
        Self.graceEnds(&b)
        #expect(Self.values(b) == [[], [], [1]], "n1 and n2 forget the delete; n3 never had it")
    }

    @Test func aRepairAfterGCGraceResurrectsTheDeletedValue() {
        var b = Self.deleteMissedByN3()
        Self.graceEnds(&b)
        b.request(.clientRead(request: 9, key: "k", level: .all), to: 0)
        #expect(b.replies[9] == .value(1), "the zombie is read")
        #expect(Self.values(b) == [[1], [1], [1]], "and read repair copied it back to n1 and n2")
    }

    @Test func aRepairWithinGCGraceKeepsTheValueDeleted() {
        var b = Self.deleteMissedByN3()
        b.request(.clientRead(request: 8, key: "k", level: .all), to: 0)   // repair in time: n3 takes the tombstone
        #expect(Self.values(b) == [[nil], [nil], [nil]])
        Self.graceEnds(&b)
        #expect(Self.values(b) == [[], [], []])
        b.request(.clientRead(request: 9, key: "k", level: .all), to: 0)
        #expect(b.replies[9] == .value(nil), "nothing comes back")
    }

    @Test func antiEntropyAfterGCGraceResurrectsItToo() {
        var b = Self.deleteMissedByN3()
        Self.graceEnds(&b)
        for _ in 0..<2 { for i in 0..<3 { b.fire(.antiEntropy, at: i) } }  // two rounds pair every two servers
        #expect(Self.values(b) == [[1], [1], [1]], "a Merkle exchange finds n3's row and copies it to the others")
    }
}
