/// Kafka's default partitioner for records with a key: `toPositive(murmur2(key))
/// % partitions`, where murmur2 is Kafka's `Utils.murmur2` (MurmurHash2, 32-bit,
/// seed 0x9747b28c) over the serialized key (a string key's UTF-8 bytes) and
/// `toPositive` clears the sign bit. (Records without a key use the sticky
/// partitioner instead, which ClusterLab does not model here.)
public enum KafkaPartitioner {
    /// `org.apache.kafka.common.utils.Utils.murmur2`, returning Java's signed int.
    public static func murmur2(_ data: UnsafeRawBufferPointer) -> Int32 {
        let m: UInt32 = 0x5bd1_e995
        let r: UInt32 = 24
        let length = data.count
        var h: UInt32 = 0x9747_b28c ^ UInt32(truncatingIfNeeded: length)
        for i in 0..<(length / 4) {
            var k = data.loadUnaligned(fromByteOffset: i * 4, as: UInt32.self).littleEndian
            k = k &* m
            k ^= k >> r
            k = k &* m
            h = h &* m
            h ^= k
        }
        let tail = length & ~3
        switch length % 4 {
        case 3:
            h ^= UInt32(data[tail + 2]) << 16; h ^= UInt32(data[tail + 1]) << 8; h ^= UInt32(data[tail]); h = h &* m
        case 2:
            h ^= UInt32(data[tail + 1]) << 8; h ^= UInt32(data[tail]); h = h &* m
        case 1:
            h ^= UInt32(data[tail]); h = h &* m
        default:
            break
        }
        h ^= h >> 13
        h = h &* m
        h ^= h >> 15
        return Int32(bitPattern: h)
    }

    public static func murmur2(bytes: some Collection<UInt8>) -> Int32 { withBytes(bytes) { murmur2($0) } }

    /// `Utils.toPositive`: `number & 0x7fffffff` (not `abs`, which overflows on `Int32.min`).
    public static func toPositive(_ number: Int32) -> Int32 { number & 0x7fff_ffff }

    /// The partition (0..<partitions) of a record whose key serializes to `bytes`.
    public static func partition(_ bytes: UnsafeRawBufferPointer, partitions: Int) -> Int {
        precondition(partitions > 0, "a topic has at least one partition")
        return Int(toPositive(murmur2(bytes))) % partitions
    }

    /// The partition of a record with a string key (StringSerializer: UTF-8).
    public static func partition(forKey key: String, partitions: Int) -> Int {
        withUTF8Bytes(key) { partition($0, partitions: partitions) }
    }
}

/// A topic's partitions as placement targets: node i is partition i.
public struct KafkaPlacement: KeyPlacement {
    public let nodes: [String]
    public init(nodes: [String]) {
        precondition(!nodes.isEmpty, "a topic has at least one partition")
        self.nodes = nodes
    }
    public func nodeIndex(forKey key: String) -> Int { KafkaPartitioner.partition(forKey: key, partitions: nodes.count) }
}
