import Testing
import ClusterSim
import ClusterProtocols
import TestSupport

/// ChunkedArray behaves exactly like Array under any sequence of the
/// operations a Raft log uses, and copies stay independent.
@Suite struct ChunkedArrayTests {
    @Test(arguments: TestSeeds.sweep(30))
    func behavesLikeAnArray(seed: UInt64) {
        var r = SeededRandom(seed: seed)
        var chunked = ChunkedArray<Int>()
        var plain: [Int] = []
        var saved: [(ChunkedArray<Int>, [Int])] = []
        for step in 0..<2000 {
            switch r.below(10) {
            case 0..<6:
                let v = Int(r.below(1000)); chunked.append(v); plain.append(v)
            case 6:
                let n = Int(r.below(UInt64(plain.count + 1))); chunked.removeSuffix(from: n); plain.removeSubrange(n...)
            case 7:
                let n = Int(r.below(UInt64(min(plain.count, 100) + 1))); chunked.removePrefix(n); plain.removeFirst(n)
            case 8 where !plain.isEmpty:
                let i = Int(r.below(UInt64(plain.count))); chunked[i] = -step; plain[i] = -step
            default:
                saved.append((chunked, plain))  // a persisted copy
            }
            #expect(chunked.count == plain.count, "seed \(seed) step \(step)")
        }
        #expect(Array(chunked) == plain, "seed \(seed)")
        for (c, p) in saved { #expect(Array(c) == p, "seed \(seed): a saved copy changed") }
    }
}
