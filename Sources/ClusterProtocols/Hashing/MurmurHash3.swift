/// MurmurHash3 x64 128-bit (Austin Appleby, SMHasher, public domain): the hash
/// behind Cassandra's Murmur3Partitioner and, in ClusterLab, the position of a
/// key or a virtual node on a ring.
///
/// The one choice that differs between implementations is how the tail bytes
/// (the last `count % 16`) are widened: the reference C code treats them as
/// unsigned; Cassandra's Java port casts each signed `byte` to `long`, so a
/// tail byte of 0x80 or more is sign-extended (`TailBytes.signExtended`).
public enum MurmurHash3 {
    public enum TailBytes: Sendable {
        /// The reference algorithm (SMHasher, `mmh3`, Guava).
        case unsigned
        /// Cassandra's `MurmurHash.hash3_x64_128`.
        case signExtended
    }

    static let c1: UInt64 = 0x87c3_7b91_1142_53d5
    static let c2: UInt64 = 0x4cf5_ad43_2745_937f

    /// Both 64-bit halves `(h1, h2)` of the hash of `bytes`.
    public static func x64_128(_ bytes: UnsafeRawBufferPointer, seed: UInt64 = 0,
                               tail: TailBytes = .unsigned) -> (UInt64, UInt64) {
        let count = bytes.count
        var h1 = seed, h2 = seed
        let blocks = count / 16
        for i in 0..<blocks {
            var k1 = bytes.loadUnaligned(fromByteOffset: i * 16, as: UInt64.self).littleEndian
            var k2 = bytes.loadUnaligned(fromByteOffset: i * 16 + 8, as: UInt64.self).littleEndian
            k1 = k1 &* c1; k1 = rotl(k1, 31); k1 = k1 &* c2; h1 ^= k1
            h1 = rotl(h1, 27); h1 = h1 &+ h2; h1 = h1 &* 5 &+ 0x52dc_e729
            k2 = k2 &* c2; k2 = rotl(k2, 33); k2 = k2 &* c1; h2 ^= k2
            h2 = rotl(h2, 31); h2 = h2 &+ h1; h2 = h2 &* 5 &+ 0x3849_5ab5
        }
        let rest = count - blocks * 16
        if rest > 0 {
            var k1: UInt64 = 0, k2: UInt64 = 0
            for i in 0..<rest {
                let byte = bytes[blocks * 16 + i]
                let wide = tail == .signExtended ? UInt64(bitPattern: Int64(Int8(bitPattern: byte))) : UInt64(byte)
                if i < 8 { k1 ^= wide << UInt64(i * 8) } else { k2 ^= wide << UInt64((i - 8) * 8) }
            }
            if rest > 8 { k2 = k2 &* c2; k2 = rotl(k2, 33); k2 = k2 &* c1; h2 ^= k2 }
            k1 = k1 &* c1; k1 = rotl(k1, 31); k1 = k1 &* c2; h1 ^= k1
        }
        h1 ^= UInt64(count); h2 ^= UInt64(count)
        h1 = h1 &+ h2; h2 = h2 &+ h1
        h1 = fmix64(h1); h2 = fmix64(h2)
        h1 = h1 &+ h2; h2 = h2 &+ h1
        return (h1, h2)
    }

    public static func x64_128(_ bytes: some Collection<UInt8>, seed: UInt64 = 0,
                               tail: TailBytes = .unsigned) -> (UInt64, UInt64) {
        withBytes(bytes) { x64_128($0, seed: seed, tail: tail) }
    }

    /// The first 64 bits (h1) of the reference hash of a key's UTF-8 bytes.
    public static func hash64(_ key: String) -> UInt64 {
        withUTF8Bytes(key) { x64_128($0).0 }
    }

    /// The finalizer: every input bit affects every output bit.
    @inlinable public static func fmix64(_ k: UInt64) -> UInt64 {
        var k = k
        k ^= k >> 33; k = k &* 0xff51_afd7_ed55_8ccd
        k ^= k >> 33; k = k &* 0xc4ce_b9fe_1a85_ec53
        k ^= k >> 33
        return k
    }

    @inline(__always) static func rotl(_ x: UInt64, _ r: UInt64) -> UInt64 { (x << r) | (x >> (64 - r)) }
}
