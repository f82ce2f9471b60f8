/// Jump consistent hash (Lamping and Veach, "A Fast, Minimal Memory, Consistent
/// Hash Algorithm", 2014): maps a 64-bit key to one of `buckets` buckets with no
/// stored state; growing from n to n+1 buckets moves only about 1/(n+1) of the
/// keys, all to the new bucket. Buckets can only be added or removed at the end.
///
/// This is the paper's code, step for step: a 64-bit linear congruential
/// generator drives the jumps, and the jump length is computed in `double`.
public enum JumpHash {
    public static func bucket(forKey key: UInt64, buckets: Int) -> Int {
        precondition(buckets > 0, "jump hash needs at least one bucket")
        var key = key
        var b: Int64 = -1
        var j: Int64 = 0
        while j < Int64(buckets) {
            b = j
            key = key &* 2_862_933_555_777_941_757 &+ 1
            j = Int64(Double(b + 1) * (Double(Int64(1) << 31) / Double((key >> 33) + 1)))
        }
        return Int(b)
    }
}

/// Jump hash over string keys: bucket = `JumpHash.bucket(forKey: hash64(key), buckets: N)`,
/// with the key's 64-bit MurmurHash3 as the paper's 64-bit key.
public struct JumpPlacement: KeyPlacement {
    public let nodes: [String]
    public init(nodes: [String]) {
        precondition(!nodes.isEmpty, "jump hash needs at least one bucket")
        self.nodes = nodes
    }
    public func nodeIndex(forKey key: String) -> Int {
        JumpHash.bucket(forKey: MurmurHash3.hash64(key), buckets: nodes.count)
    }
}
