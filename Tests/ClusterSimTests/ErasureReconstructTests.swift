import Testing
import ClusterSim
import TestSupport

/// Any k shards rebuild every shard; k − 1 never do.
@Suite struct ErasureReconstructTests {
    /// All subsets of `count` indices out of 0..<n.
    static func subsets(of n: Int, size count: Int) -> [[Int]] {
        if count == 0 { return [[]] }
        if n < count { return [] }
        return subsets(of: n - 1, size: count) + subsets(of: n - 1, size: count - 1).map { $0 + [n - 1] }
    }

    @Test(arguments: ErasureFixtures.configurations)
    func everySubsetOfKShardsRebuildsTheReference(k: Int, m: Int) throws {
        let code = try ErasureCode(dataShards: k, parityShards: m)
        let reference = try #require(try ErasureFixtures.shards(k: k, m: m, size: 13))
        for kept in Self.subsets(of: k + m, size: k) {
            let partial: [[UInt8]?] = (0..<(k + m)).map { kept.contains($0) ? reference[$0] : nil }
            #expect(try code.reconstruct(partial) == reference, "k\(k)m\(m) kept \(kept)")
        }
    }

    @Test(arguments: ErasureFixtures.configurations)
    func fewerThanKShardsAreRefused(k: Int, m: Int) throws {
        let code = try ErasureCode(dataShards: k, parityShards: m)
        let reference = try #require(try ErasureFixtures.shards(k: k, m: m, size: 100))
        for kept in Self.subsets(of: k + m, size: k - 1).prefix(200) {
            let partial: [[UInt8]?] = (0..<(k + m)).map { kept.contains($0) ? reference[$0] : nil }
            #expect(throws: ErasureError.tooFewShards(present: k - 1, needed: k)) { try code.reconstruct(partial) }
        }
    }

    @Test func largeInputSurvivesLosingMShards() throws {
        let code = try ErasureCode(dataShards: 4, parityShards: 2)
        let reference = try #require(try ErasureFixtures.shards(k: 4, m: 2, size: 10240))
        let partial: [[UInt8]?] = [nil, reference[1], nil, reference[3], reference[4], reference[5]]
        #expect(try code.reconstruct(partial) == reference)
    }

    @Test func badShardCountsAreRefused() {
        #expect(throws: ErasureError.invalidShardCounts(data: 0, parity: 2)) { try ErasureCode(dataShards: 0, parityShards: 2) }
        #expect(throws: ErasureError.invalidShardCounts(data: 200, parity: 57)) { try ErasureCode(dataShards: 200, parityShards: 57) }
        #expect(throws: Never.self) { try ErasureCode(dataShards: 128, parityShards: 128) }
    }
}
