/// Draws request keys `0..<keys`: uniformly, or Zipf-distributed with
/// exponent 1 (key k with weight 1/(k+1): a few hot keys, a long tail).
/// The Zipf table is built once per run and shared by every client.
public struct KeySampler: Sendable, Hashable {
    public enum Distribution: String, Sendable, Hashable, CaseIterable { case uniform, zipf }
    public let count: Int
    public let distribution: Distribution
    /// Cumulative weights, normalised to end at 1 (Zipf only).
    let cumulative: [Double]

    public init(keys: Int, distribution: Distribution) {
        count = max(1, keys); self.distribution = distribution
        guard distribution == .zipf else { cumulative = []; return }
        var c = [Double](repeating: 0, count: count), sum = 0.0
        for k in 0..<count { sum += 1 / Double(k + 1); c[k] = sum }
        cumulative = c.map { $0 / sum }
    }

    /// A key, from a uniform integer source (`random(n)` in `0..<n`).
    public func draw(_ random: (Int) -> Int) -> Int {
        switch distribution {
        case .uniform: return random(count)
        case .zipf:
            let u = Double(random(1 << 52)) / Double(1 << 52)
            var lo = 0, hi = count - 1
            while lo < hi {
                let mid = (lo + hi) / 2
                if cumulative[mid] > u { hi = mid } else { lo = mid + 1 }
            }
            return lo
        }
    }
}
