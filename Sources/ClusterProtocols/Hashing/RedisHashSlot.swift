/// Redis Cluster's key-to-slot mapping: CRC16 (XMODEM) of the key, mod 16384.
/// If the key has a hash tag — the bytes between the first `{` and the first
/// `}` after it, when there is at least one byte between them — only the tag is
/// hashed, so `{user1000}.following` and `{user1000}.followers` share a slot.
/// (Redis Cluster specification, "Keys distribution model" and "Hash tags".)
public enum RedisHashSlot {
    public static let slotCount = 16384

    /// CRC16-CCITT as XMODEM: polynomial 0x1021, initial value 0, no reflection,
    /// no final xor. `crc16("123456789") == 0x31C3`.
    public static func crc16(_ bytes: UnsafeRawBufferPointer) -> UInt16 {
        var crc: UInt16 = 0
        for byte in bytes {
            crc = (crc << 8) ^ table[Int(UInt8(truncatingIfNeeded: crc >> 8) ^ byte)]
        }
        return crc
    }

    public static func crc16(bytes: some Collection<UInt8>) -> UInt16 { withBytes(bytes) { crc16($0) } }

    /// The bytes Redis hashes for a key: the hash tag if there is a non-empty one, else the whole key.
    public static func hashedPart(_ key: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer {
        guard let open = key.firstIndex(of: UInt8(ascii: "{")),
              let close = key[(open + 1)...].firstIndex(of: UInt8(ascii: "}")),
              close > open + 1 else { return key }
        return UnsafeRawBufferPointer(rebasing: key[(open + 1)..<close])
    }

    /// The slot (0..<16384) of a key given as bytes.
    public static func slot(_ key: UnsafeRawBufferPointer) -> Int {
        Int(crc16(hashedPart(key))) & (slotCount - 1)
    }

    public static func slot(bytes: some Collection<UInt8>) -> Int { withBytes(bytes) { slot($0) } }

    /// The slot of a key, as `CLUSTER KEYSLOT key` answers.
    public static func slot(forKey key: String) -> Int { withUTF8Bytes(key) { slot($0) } }

    /// The byte-at-a-time table for polynomial 0x1021.
    static let table: [UInt16] = (0..<256).map { (n: Int) -> UInt16 in
        var crc = UInt16(n) << 8
        for _ in 0..<8 { crc = crc & 0x8000 != 0 ? (crc << 1) ^ 0x1021 : crc << 1 }
        return crc
    }
}
