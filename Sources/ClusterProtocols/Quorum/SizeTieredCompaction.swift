/// Cassandra's size-tiered compaction strategy (STCS,
/// https://cassandra.apache.org/doc/latest/cassandra/managing/operating/compaction/stcs.html):
/// SSTables are grouped into buckets of similar size — a table joins a bucket
/// if its size is within [`bucketLow`, `bucketHigh`] times the bucket's
/// average size, or if both it and the bucket's average are below
/// `minSSTableSize` — and a bucket with at least `minThreshold` tables is
/// compacted, at most `maxThreshold` of them at a time, into one table.
/// Compacting a bucket rather than everything keeps the cost of each
/// compaction near the size of the tables it merges; the tables then form
/// tiers, each some `minThreshold` times larger than the one below.
///
/// Simplified: sizes are rows, not bytes (so `minSSTableSize` defaults to 0
/// rather than 50 MiB, which would put every table of a small run in one
/// bucket); Cassandra picks among eligible buckets by read hotness and then
/// prefers the smaller tables — nothing is hotter here, so the bucket with the
/// smallest average size goes first (ties: the oldest), and its oldest
/// `maxThreshold` tables.
public struct SizeTieredCompaction: Sendable, Hashable {
    public var bucketLow = 0.5
    public var bucketHigh = 1.5
    public var minThreshold = 4
    public var maxThreshold = 32
    public var minSSTableSize = 0
    public init() {}

    /// The tables grouped by similar size, each bucket smallest table first.
    public func buckets(_ tables: [StorageEngine.SSTable]) -> [[StorageEngine.SSTable]] {
        var buckets: [(average: Double, tables: [StorageEngine.SSTable])] = []
        for table in tables.sorted(by: { ($0.size, $0.generation) < ($1.size, $1.generation) }) {
            let size = Double(table.size), small = Double(minSSTableSize)
            if let i = buckets.firstIndex(where: { b in
                (size > b.average * bucketLow && size < b.average * bucketHigh) || (size < small && b.average < small)
            }) {
                buckets[i].tables.append(table)
                buckets[i].average = Double(buckets[i].tables.reduce(0) { $0 + $1.size }) / Double(buckets[i].tables.count)
            } else {
                buckets.append((size, [table]))
            }
        }
        return buckets.map(\.tables)
    }

    /// The generations of the next bucket to compact, or nil if no bucket
    /// has `minThreshold` tables.
    public func nextBucket(_ tables: [StorageEngine.SSTable]) -> [Int]? {
        let eligible = buckets(tables).filter { $0.count >= minThreshold }.map { bucket in
            Array(bucket.sorted { $0.generation < $1.generation }.prefix(maxThreshold))
        }
        func average(_ b: [StorageEngine.SSTable]) -> Double { Double(b.reduce(0) { $0 + $1.size }) / Double(b.count) }
        let best = eligible.min { (average($0), $0[0].generation) < (average($1), $1[0].generation) }
        return best.map { $0.map(\.generation) }
    }
}
