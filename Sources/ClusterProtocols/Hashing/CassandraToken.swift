/// Cassandra's Murmur3Partitioner: a partition key's token is the first 64 bits
/// of MurmurHash3 x64 128 (seed 0) of the key's serialized bytes, read as a
/// signed `Int64`, with Cassandra's sign-extension of tail bytes
/// (`MurmurHash3.TailBytes.signExtended`). Tokens run from `Int64.min` to
/// `Int64.max`; the node whose token range covers it stores the row.
///
/// Two edge cases follow Cassandra: an empty key is the minimum token
/// (`Int64.min`), and a hash equal to `Int64.min` is normalised to `Int64.max`
/// so that no key shares the minimum token.
public enum CassandraToken {
    public static let minimum = Int64.min

    /// The token of a key serialized as `bytes` (a `text` key's UTF-8 bytes).
    public static func token(_ bytes: UnsafeRawBufferPointer) -> Int64 {
        if bytes.isEmpty { return minimum }
        let h = Int64(bitPattern: MurmurHash3.x64_128(bytes, seed: 0, tail: .signExtended).0)
        return h == Int64.min ? Int64.max : h
    }

    public static func token(bytes: some Collection<UInt8>) -> Int64 { withBytes(bytes) { token($0) } }

    /// The token of a `text` partition key.
    public static func token(forKey key: String) -> Int64 { withUTF8Bytes(key) { token($0) } }
}
