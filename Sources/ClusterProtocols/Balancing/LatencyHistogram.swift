/// A bounded log-linear histogram of microsecond latencies: exact below 64,
/// then 32 buckets per power of two (about 3% resolution). Fixed size, so
/// recording allocates nothing; percentiles are a bucket's lower bound.
public struct LatencyHistogram: Sendable, Hashable {
    static let subBits = 5
    static let bucketCount = 64 + (63 - 6) * 32
    public private(set) var counts: [Int]
    public private(set) var total = 0
    /// The lowest and highest buckets used, so scans and resets skip the rest.
    var lowest = Int.max, highest = -1

    public init() { counts = Array(repeating: 0, count: Self.bucketCount) }

    static func bucket(_ value: Int64) -> Int {
        let v = UInt64(max(0, value))
        if v < 64 { return Int(v) }
        let exponent = 63 - v.leadingZeroBitCount            // ≥ 6
        let sub = Int((v >> UInt64(exponent - subBits)) & 31)
        return 64 + (exponent - 6) * 32 + sub
    }

    static func lowerBound(_ bucket: Int) -> Int64 {
        if bucket < 64 { return Int64(bucket) }
        let exponent = (bucket - 64) / 32 + 6, sub = (bucket - 64) % 32
        return Int64((32 + sub) << (exponent - subBits))
    }

    public mutating func record(_ value: Int64) {
        let b = Self.bucket(value)
        counts[b] += 1
        total += 1
        if b < lowest { lowest = b }
        if b > highest { highest = b }
    }

    /// The smallest recorded bucket at or above fraction `q` of samples (0 when empty).
    public func percentile(_ q: Double) -> Int64 {
        guard total > 0 else { return 0 }
        let rank = max(1, Int((q * Double(total)).rounded(.up)))
        var seen = 0
        for i in lowest...highest where counts[i] > 0 {
            seen += counts[i]
            if seen >= rank { return Self.lowerBound(i) }
        }
        return Self.lowerBound(highest)
    }

    /// Empties the histogram, touching only the buckets used.
    public mutating func reset() {
        guard total > 0 else { return }
        for i in lowest...highest { counts[i] = 0 }
        total = 0; lowest = Int.max; highest = -1
    }
}
