/// Range partitioning (Bigtable tablets, HBase regions, CockroachDB ranges):
/// split points `s1 < s2 < … < s(N-1)` cut the key space into N ranges; node i
/// owns `[s(i), s(i+1))`, the first node everything below `s1`, the last
/// everything from `s(N-1)` up. Keys compare as UTF-8 bytes, as those systems
/// compare raw keys. Range scans stay on one node; a sequential key pattern
/// puts all new writes on the last range.
public struct RangePartitioning: KeyPlacement {
    public let nodes: [String]
    public let splitPoints: [String]

    public enum Problem: Error, Equatable, CustomStringConvertible {
        case wrongSplitCount(nodes: Int, splits: Int)
        case notIncreasing(index: Int)
        public var description: String {
            switch self {
            case .wrongSplitCount(let n, let s): return "\(n) nodes need \(n - 1) split points, not \(s)"
            case .notIncreasing(let i): return "split point \(i + 1) is not above split point \(i)"
            }
        }
    }

    public init(nodes: [String], splitPoints: [String]) throws(Problem) {
        guard !nodes.isEmpty, splitPoints.count == nodes.count - 1 else {
            throw .wrongSplitCount(nodes: nodes.count, splits: splitPoints.count)
        }
        for i in splitPoints.indices.dropFirst()
        where !RangePartitioning.precedes(splitPoints[i - 1], splitPoints[i]) {
            throw .notIncreasing(index: i)
        }
        self.nodes = nodes
        self.splitPoints = splitPoints
    }

    /// Split points that give each node the same number of `sample` keys (the sample's quantiles).
    public static func evenSplitPoints(of sample: [String], nodes: Int) -> [String] {
        let sorted = sample.sorted(by: precedes)
        var splits: [String] = []
        for i in 1..<max(nodes, 1) {
            let candidate = sorted[sorted.count * i / nodes]
            if let last = splits.last, !precedes(last, candidate) { continue }
            splits.append(candidate)
        }
        return splits
    }

    /// Byte-wise UTF-8 order (not Swift's Unicode-aware `<`).
    public static func precedes(_ a: String, _ b: String) -> Bool { a.utf8.lexicographicallyPrecedes(b.utf8) }

    /// The number of split points at or below the key.
    public func nodeIndex(forKey key: String) -> Int {
        var low = 0, high = splitPoints.count
        while low < high {
            let mid = (low + high) / 2
            if RangePartitioning.precedes(key, splitPoints[mid]) { high = mid } else { low = mid + 1 }
        }
        return low
    }
}
