/// A consistent-hash ring of backends, each at `replicas` points, hashed
/// with SplitMix64 so a key lands in the same place on every machine.
public struct BoundedLoadRing: Sendable, Hashable {
    public let points: [UInt64]
    public let owners: [Int]

    public init(backends: Int, replicas: Int = 64) {
        var pairs: [(UInt64, Int)] = []
        for b in 0..<backends {
            for r in 0..<replicas { pairs.append((BoundedLoadRing.mix(UInt64(b) << 32 | UInt64(r) | 1 << 62), b)) }
        }
        pairs.sort { $0.0 < $1.0 || ($0.0 == $1.0 && $0.1 < $1.1) }
        points = pairs.map(\.0); owners = pairs.map(\.1)
    }

    /// SplitMix64's finaliser: a good 64-bit mix with no per-process seed.
    public static func mix(_ x: UInt64) -> UInt64 {
        var z = x &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// The first point at or after a key's hash (wrapping).
    public func start(for key: Int) -> Int {
        let h = BoundedLoadRing.mix(UInt64(bitPattern: Int64(key)))
        var lo = 0, hi = points.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if points[mid] < h { lo = mid + 1 } else { hi = mid }
        }
        return lo == points.count ? 0 : lo
    }

    /// The key's owner: the first backend clockwise from its hash.
    public func owner(of key: Int) -> Int? { points.isEmpty ? nil : owners[start(for: key)] }

    /// The first backend clockwise from the key's hash that `accepts`, or nil.
    public func walk(from key: Int, accepts: (Int) -> Bool) -> Int? {
        guard !points.isEmpty else { return nil }
        let s = start(for: key)
        for k in 0..<points.count {
            let b = owners[(s + k) % points.count]
            if accepts(b) { return b }
        }
        return nil
    }
}
