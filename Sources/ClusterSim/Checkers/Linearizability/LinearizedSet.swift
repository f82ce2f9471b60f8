/// The set of operations linearized so far, as a bitset (Porcupine's `bitset`),
/// with a Zobrist hash kept up to date as bits flip so the memo never rehashes
/// the words.
struct LinearizedSet: Hashable {
    private(set) var words: [UInt64]
    private(set) var hash: UInt64 = 0

    init(count: Int) {
        words = Array(repeating: 0, count: (count + 63) / 64)
    }

    /// Flips operation `i` in or out of the set.
    @inline(__always)
    mutating func toggle(_ i: Int) {
        words[i >> 6] ^= 1 << UInt64(i & 63)
        hash ^= LinearizedSet.zobrist(i)
    }

    @inline(__always)
    func contains(_ i: Int) -> Bool {
        words[i >> 6] & (1 << UInt64(i & 63)) != 0
    }

    /// A fixed 64-bit key per operation (SplitMix64's finaliser of its index).
    @inline(__always)
    static func zobrist(_ i: Int) -> UInt64 {
        var z = UInt64(i) &* 0x9E37_79B9_7F4A_7C15 &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    func hash(into hasher: inout Hasher) { hasher.combine(hash) }

    static func == (a: LinearizedSet, b: LinearizedSet) -> Bool {
        a.hash == b.hash && a.words == b.words
    }
}
