/// The one random generator a run uses: xoshiro256** seeded through SplitMix64.
///
/// Both algorithms are fixed here (Blackman & Vigna, 2018), and so is every
/// derived draw (`below`, `unit`), so a seed means the same run on every
/// machine and toolchain. The standard library's `random(in:)` is not used:
/// its algorithm is not part of any promise.
public struct SeededRandom: Sendable, Hashable {
    @usableFromInline var s0: UInt64, s1: UInt64, s2: UInt64, s3: UInt64

    public init(seed: UInt64) {
        var sm = SplitMix64(state: seed)
        s0 = sm.next(); s1 = sm.next(); s2 = sm.next(); s3 = sm.next()
    }

    /// The next 64 random bits (xoshiro256**).
    @inlinable public mutating func next() -> UInt64 {
        let result = rotl(s1 &* 5, 7) &* 9
        let t = s1 << 17
        s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3
        s2 ^= t
        s3 = rotl(s3, 45)
        return result
    }

    /// A uniform integer in `0..<bound` (Lemire's multiply-and-reject, exact).
    @inlinable public mutating func below(_ bound: UInt64) -> UInt64 {
        precondition(bound > 0, "bound must be positive")
        var m = next().multipliedFullWidth(by: bound)
        if m.low < bound {
            let threshold = (0 &- bound) % bound
            while m.low < threshold { m = next().multipliedFullWidth(by: bound) }
        }
        return m.high
    }

    /// A uniform integer in the closed range.
    @inlinable public mutating func int(in range: ClosedRange<Int64>) -> Int64 {
        let span = UInt64(bitPattern: range.upperBound &- range.lowerBound) &+ 1
        if span == 0 { return Int64(bitPattern: next()) }  // the whole Int64 range
        return range.lowerBound &+ Int64(bitPattern: below(span))
    }

    /// A uniform double in [0, 1) built from the top 53 bits.
    @inlinable public mutating func unit() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// True with probability `p`.
    @inlinable public mutating func chance(_ p: Double) -> Bool {
        p > 0 && (p >= 1 || unit() < p)
    }

    @inlinable func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 &- k)) }
}

/// SplitMix64 (Steele, Lea & Flood), used only to expand a seed into xoshiro's state.
public struct SplitMix64: Sendable {
    public var state: UInt64
    public init(state: UInt64) { self.state = state }
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
