import Foundation
import ClusterSim

/// The Bloom filter Cassandra keeps beside each SSTable, so a read can skip
/// a table that certainly lacks the key without touching it: "no" is always
/// right, "maybe" is wrong with about the configured chance
/// (`bloom_filter_fp_chance`, 0.01 by default for size-tiered compaction).
///
/// Sized as the textbook optimum for `keys` entries: ceil(-ln p / (ln 2)^2)
/// bits per key and round(bits per key * ln 2) hash functions (Cassandra
/// reads both from a precomputed table, `BloomCalculations`, to the same
/// effect). The hash functions are Cassandra's (`BloomFilter.setIndexes`):
/// the two halves of the key's MurmurHash3 x64 128-bit hash (Cassandra's
/// variant, tail bytes sign-extended) combined as `h2 + i * h1` (double
/// hashing), each taken modulo the bit count.
/// A chance of 1 keeps no filter: every table is a "maybe", as Cassandra
/// does when `bloom_filter_fp_chance` is 1.0.
public struct CassandraBloomFilter: Sendable, Hashable {
    public let bitCount: Int
    public let hashCount: Int
    var words: [UInt64]

    public init<S: Sequence>(keys: S, falsePositiveChance p: Double) where S.Element == String {
        let all = Array(keys)
        guard p < 1, !all.isEmpty else { bitCount = 0; hashCount = 0; words = []; return }
        let ln2 = 0.6931471805599453
        let perKey = max(1, Int((-log(Swift.max(p, 1e-9)) / (ln2 * ln2)).rounded(.up)))
        hashCount = max(1, Int((Double(perKey) * ln2).rounded()))
        bitCount = ((all.count * perKey + 63) / 64) * 64
        words = Array(repeating: 0, count: bitCount / 64)
        for key in all { for i in Self.indexes(key, hashCount, bitCount) { words[i / 64] |= 1 << UInt64(i % 64) } }
    }

    /// False: the key is certainly not in the table. True: it may be.
    public func mayContain(_ key: String) -> Bool {
        guard bitCount > 0 else { return true }
        return Self.indexes(key, hashCount, bitCount).allSatisfy { words[$0 / 64] & (1 << UInt64($0 % 64)) != 0 }
    }

    static func indexes(_ key: String, _ count: Int, _ bits: Int) -> [Int] {
        let (h1, h2) = MurmurHash3.x64_128(Array(key.utf8), tail: .signExtended)
        var base = Int64(bitPattern: h2)
        let inc = Int64(bitPattern: h1)
        return (0..<count).map { _ in
            defer { base = base &+ inc }
            return Int((base % Int64(bits)).magnitude)
        }
    }
}
