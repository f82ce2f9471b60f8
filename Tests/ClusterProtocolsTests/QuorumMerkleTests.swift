import Testing
import Foundation
import ClusterSim
import ClusterProtocols

/// Anti-entropy's Merkle exchange finds exactly the rows that differ, with a
/// number of messages that grows with the logarithm of the key count.
@Suite struct QuorumMerkleTests {
    /// Two replicas of `keys` keys that differ in exactly ten: seven values
    /// changed, two keys missing on b, one key only on b.
    static func replicas(keys: Int) -> (a: MerkleTree, b: MerkleTree, differing: [String]) {
        let changed = (0..<7).map { ($0 * 7_919 + 13) % keys }
        let missing = (0..<2).map { ($0 * 3_571 + 101) % keys }
        var a: [(key: String, hash: UInt64)] = [], b: [(key: String, hash: UInt64)] = []
        for i in 0..<keys {
            let h = MurmurHash3.fmix64(UInt64(i) &+ 1)
            a.append(("key\(i)", h))
            if missing.contains(i) { continue }
            b.append(("key\(i)", changed.contains(i) ? h ^ 1 : h))
        }
        b.append(("extra", 42))
        let depth = MerkleTree.depth(forKeys: keys)
        let differing = (changed + missing).map { "key\($0)" } + ["extra"]
        return (MerkleTree(depth: depth, rows: a), MerkleTree(depth: depth, rows: b), differing.sorted())
    }

    static func log2(_ n: Int) -> Double { Foundation.log2(Double(n)) }

    @Test func tenDifferencesAmongAHundredThousandKeysAreFoundExactlyInLogarithmicMessages() {
        let big = Self.replicas(keys: 100_000), small = Self.replicas(keys: 1_000)
        let e = MerkleExchange(big.a, big.b), s = MerkleExchange(small.a, small.b)
        #expect(e.differingKeys == big.differing)
        #expect(s.differingKeys == small.differing)
        // One message per tree level each way in turn, plus the rows both ways.
        #expect(Double(e.messages) <= 2 * Self.log2(100_000), "messages \(e.messages)")
        #expect(Double(s.messages) <= 2 * Self.log2(1_000), "messages \(s.messages)")
        // A hundred times the keys adds a constant number of messages, not a hundredfold.
        #expect(e.messages - s.messages <= 2 * 7, "100k: \(e.messages), 1k: \(s.messages)")
        #expect(e.messages < 2 * s.messages)
        // Hashes: at most two children of each of the ten differing paths, per level.
        #expect(e.hashes <= 1 + 2 * 10 * big.a.depth, "hashes \(e.hashes)")
        #expect(e.rows < 100, "only the differing leaves' rows travel: \(e.rows)")
        print("merkle 100k keys / 10 diffs: depth \(big.a.depth) messages \(e.messages) hashes \(e.hashes) rows \(e.rows); "
              + "1k keys: depth \(small.a.depth) messages \(s.messages) hashes \(s.hashes) rows \(s.rows)")
    }

    @Test func identicalReplicasExchangeOneMessage() {
        let r = Self.replicas(keys: 1_000)
        let e = MerkleExchange(r.a, r.a)
        #expect(e.messages == 1 && e.differingKeys.isEmpty)
        // The same rows in another order build the same tree.
        let rows = (0..<50).map { (key: "key\($0)", hash: UInt64($0)) }
        #expect(MerkleTree(depth: 6, rows: rows).root == MerkleTree(depth: 6, rows: rows.reversed()).root)
    }

    @Test func aSingleChangedRowChangesTheRootAndOneLeaf() {
        let rows = (0..<300).map { (key: "key\($0)", hash: UInt64($0)) }
        var other = rows
        other[17].hash = 9_999
        let a = MerkleTree(depth: 8, rows: rows), b = MerkleTree(depth: 8, rows: other)
        #expect(a.root != b.root)
        let leaf = MerkleTree.leaf(of: CassandraToken.token(forKey: "key17"), depth: 8)
        #expect((0..<256).filter { a.hash(level: 8, index: $0) != b.hash(level: 8, index: $0) } == [leaf])
        #expect(MerkleExchange(a, b).differingKeys == ["key17"])
    }
}
