import ClusterSim
import Foundation  // pow

/// How evenly a placement spreads keys or requests over its nodes.
public struct LoadSummary: Sendable, Hashable {
    /// Keys (or requests) per node, in the placement's node order.
    public let perNode: [Int]
    public var total: Int { perNode.reduce(0, +) }
    public var max: Int { perNode.max() ?? 0 }
    public var mean: Double { perNode.isEmpty ? 0 : Double(total) / Double(perNode.count) }
    /// 1 is perfectly even; a ring with few virtual nodes is well above it.
    public var maxOverMean: Double { mean == 0 ? 0 : Double(max) / mean }

    public init(perNode: [Int]) { self.perNode = perNode }
}

/// Keys that changed owner when membership changed, against the ideal: a
/// consistent scheme moves only the keys the new node must take (K/N after a
/// join) or the leaver held (K/N before a leave).
public struct KeyMovement: Sendable, Hashable {
    public let keys: Int
    public let moved: Int
    public let ideal: Double
    /// 1 is optimal; hash mod N is near N.
    public var movedOverIdeal: Double { ideal == 0 ? 0 : Double(moved) / ideal }
}

/// Hot keys under a skewed workload: requests per node and the hottest key's share.
public struct HotKeyReport: Sendable, Equatable {
    public let requests: LoadSummary
    public let hottestKey: String
    public let hottestKeyRequests: Int
    public let hottestNode: String
}

/// Pure measurements of a placement. Keys are `key0`, `key1`, … unless given.
public enum PlacementAnalysis {
    public static func keys(_ count: Int) -> [String] { (0..<count).map { "key\($0)" } }

    /// Keys per node.
    public static func load(of placement: some KeyPlacement, keys: [String]) -> LoadSummary {
        var perNode = [Int](repeating: 0, count: placement.nodes.count)
        for key in keys { perNode[placement.nodeIndex(forKey: key)] += 1 }
        return LoadSummary(perNode: perNode)
    }

    /// Keys whose owner (by node name) differs between two placements. `ideal`
    /// is K/N of the larger membership: what a join must move, or a leave must.
    public static func movement(from before: some KeyPlacement, to after: some KeyPlacement, keys: [String]) -> KeyMovement {
        var moved = 0
        for key in keys where before.node(forKey: key) != after.node(forKey: key) { moved += 1 }
        let larger = Swift.max(before.nodes.count, after.nodes.count)
        return KeyMovement(keys: keys.count, moved: moved, ideal: Double(keys.count) / Double(larger))
    }

    /// `requests` requests over `keyCount` keys drawn from a Zipf distribution
    /// (P(rank r) ∝ 1/r^exponent, `key0` the most popular) with `SeededRandom(seed)`.
    public static func hotKeys(on placement: some KeyPlacement, keyCount: Int, requests: Int,
                               exponent: Double, seed: UInt64) -> HotKeyReport {
        let keys = keys(keyCount)
        let owner = keys.map(placement.nodeIndex(forKey:))
        let zipf = ZipfSampler(count: keyCount, exponent: exponent)
        var random = SeededRandom(seed: seed)
        var perKey = [Int](repeating: 0, count: keyCount)
        for _ in 0..<requests { perKey[zipf.sample(&random)] += 1 }
        var perNode = [Int](repeating: 0, count: placement.nodes.count)
        for (k, n) in perKey.enumerated() { perNode[owner[k]] += n }
        let hottest = perKey.indices.max { (perKey[$0], -$0) < (perKey[$1], -$1) } ?? 0
        return HotKeyReport(requests: LoadSummary(perNode: perNode), hottestKey: keys[hottest],
                            hottestKeyRequests: perKey[hottest], hottestNode: placement.nodes[owner[hottest]])
    }
}

/// Ranks 0..<count with P(rank r) ∝ 1/(r+1)^exponent, by inverting the
/// cumulative distribution with a binary search (O(log count) a sample).
public struct ZipfSampler: Sendable {
    let cumulative: [Double]

    public init(count: Int, exponent: Double) {
        precondition(count > 0 && exponent >= 0, "a Zipf distribution needs ranks and a non-negative exponent")
        var sum = 0.0
        var c = [Double]()
        c.reserveCapacity(count)
        for r in 1...count { sum += 1 / pow(Double(r), exponent); c.append(sum) }
        cumulative = c.map { $0 / sum }
    }

    public func sample(_ random: inout SeededRandom) -> Int {
        let u = random.unit()
        var low = 0, high = cumulative.count - 1
        while low < high {
            let mid = (low + high) / 2
            if cumulative[mid] <= u { low = mid + 1 } else { high = mid }
        }
        return low
    }
}
