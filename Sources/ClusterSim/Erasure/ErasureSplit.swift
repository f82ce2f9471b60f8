/// Cutting bytes into data shards and putting them back, as klauspost's
/// Split and Join: shard size ceil(n / k), the tail zero-padded (so for
/// n < k whole shards are zeros), and empty input refused.
public enum ErasureSplit {
    public static func shardSize(byteCount: Int, dataShards k: Int) -> Int {
        (byteCount + k - 1) / k
    }

    public static func split(_ bytes: [UInt8], dataShards k: Int) throws -> [[UInt8]] {
        guard !bytes.isEmpty else { throw ErasureError.emptyInput }
        let size = shardSize(byteCount: bytes.count, dataShards: k)
        return (0..<k).map { i in
            let start = min(i * size, bytes.count), end = min(start + size, bytes.count)
            var shard = Array(bytes[start..<end])
            if shard.count < size { shard.append(contentsOf: repeatElement(0, count: size - shard.count)) }
            return shard
        }
    }

    /// The first `byteCount` bytes of the data shards; nil when they hold fewer.
    public static func join(_ dataShards: [[UInt8]], byteCount: Int) -> [UInt8]? {
        var out = [UInt8]()
        out.reserveCapacity(byteCount)
        for shard in dataShards where out.count < byteCount {
            out.append(contentsOf: shard.prefix(byteCount - out.count))
        }
        return out.count == byteCount ? out : nil
    }
}
