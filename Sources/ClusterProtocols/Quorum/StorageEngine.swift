import ClusterSim

/// One replica's storage, shaped like Cassandra's write path
/// (https://cassandra.apache.org/doc/latest/cassandra/architecture/storage-engine.html):
/// a write is appended to the commit log and merged into the memtable, and
/// nothing else; when the memtable holds `memtableLimit` keys (or on the
/// `flush` command) it is written out as an immutable SSTable with its own
/// Bloom filter and the commit log is recycled; SSTables of similar size are
/// then merged by size-tiered compaction (`SizeTieredCompaction`).
///
/// That is why writes are cheap (an append and an in-memory update, no read)
/// and reads cost more: a read merges the memtable with every SSTable whose
/// Bloom filter says "maybe" (`lastReadSSTables`; the tables the filter
/// ruled out are `lastReadSkipped`). Versions carry their write's timestamp
/// and the merge keeps the newest (last write wins, or siblings under
/// vector versioning), so the order tables are read in never changes the
/// answer. Simplified: one cell per key, sizes are counted in keys (rows),
/// not bytes, and Cassandra's shortcut of stopping at a table whose newest
/// timestamp is older than what was already found is not modelled.
///
/// A delete is a tombstone version. It is dropped only by a compaction, once
/// its grace period has ended (`expireTombstone`, when `gc_grace` after the
/// replica took it passes) and only if no table outside the compaction, and
/// not the memtable, may hold older data for the key; otherwise it would
/// uncover that older data.
///
/// The commit log and the SSTables are durable; the memtable is not, and is
/// rebuilt from the commit log when the node restarts (`recovered()`).
public struct StorageEngine: Sendable, Hashable {
    /// One write, as the commit log records it.
    public struct LogRecord: Sendable, Hashable {
        public var key: String
        public var version: Version
    }
    /// An immutable, flushed or compacted table of rows (sorted by token on
    /// disk in Cassandra), with its Bloom filter and its generation number
    /// (each new table gets the next one, as Cassandra's file names do).
    public struct SSTable: Sendable, Hashable {
        public let generation: Int
        public let rows: [String: [Version]]
        public let bloom: CassandraBloomFilter
        /// The oldest write stamp in the table (Cassandra keeps the minimum
        /// timestamp in each SSTable's metadata, to decide tombstone purges).
        public let oldest: LamportStamp?
        /// Size for compaction's buckets: its rows.
        public var size: Int { rows.count }

        init(generation: Int, rows: [String: [Version]], fpChance: Double) {
            self.generation = generation; self.rows = rows
            bloom = CassandraBloomFilter(keys: rows.keys.sorted(), falsePositiveChance: fpChance)
            oldest = rows.values.joined().map(\.stamp).min()
        }
    }

    public let versioning: Versioning
    public let memtableLimit: Int
    public let compaction: SizeTieredCompaction
    /// Bloom filter false-positive chance of new tables (1: no filter).
    public let bloomFilterFPChance: Double
    public private(set) var commitLog: [LogRecord] = []
    public private(set) var memtable: [String: [Version]] = [:]
    /// Oldest generation first.
    public private(set) var sstables: [SSTable] = []
    var nextGeneration = 1
    /// SSTables the last read merged (the filter said "maybe") and those it skipped ("no").
    public private(set) var lastReadSSTables = 0
    public private(set) var lastReadSkipped = 0
    /// Since the start: tables skipped thanks to a filter, and tables read
    /// for a key they did not hold (false positives).
    public private(set) var bloomSkips = 0
    public private(set) var bloomFalsePositives = 0
    public private(set) var flushes = 0
    public private(set) var compactions = 0
    public private(set) var tombstonesPurged = 0
    /// Tombstones whose grace period has ended: the key and the newest such
    /// tombstone's stamp. A compaction may drop them.
    public private(set) var gcable: [String: LamportStamp] = [:]

    /// `compactionThreshold` is size-tiered compaction's `min_threshold`.
    public init(versioning: Versioning = .lww, memtableLimit: Int = 64, compactionThreshold: Int = 4,
                compaction: SizeTieredCompaction? = nil, bloomFilterFPChance: Double = 0.01) {
        self.versioning = versioning
        self.memtableLimit = max(1, memtableLimit)
        var c = compaction ?? SizeTieredCompaction()
        if compaction == nil { c.minThreshold = compactionThreshold }
        c.minThreshold = max(2, c.minThreshold)
        c.maxThreshold = max(c.minThreshold, c.maxThreshold)
        self.compaction = c
        self.bloomFilterFPChance = bloomFilterFPChance
    }

    /// For the older call sites: size-tiered compaction's `min_threshold`.
    public var compactionThreshold: Int { compaction.minThreshold }

    /// Appends to the commit log and merges into the memtable; flushes and
    /// compacts when the limits are reached. Returns false if the memtable
    /// already held a version that wins (the write changed nothing visible
    /// there; older SSTables are not read, as in Cassandra).
    @discardableResult
    public mutating func write(_ key: String, _ version: Version) -> Bool {
        commitLog.append(LogRecord(key: key, version: version))
        let before = memtable[key] ?? []
        let after = versioning.merge(before, version)
        memtable[key] = after
        if memtable.count >= memtableLimit { flush() }
        return after != before
    }

    /// Writes the memtable out as a new SSTable, recycles the commit log,
    /// then runs the compactions size-tiering calls for.
    public mutating func flush() {
        guard !memtable.isEmpty else { return }
        sstables.append(SSTable(generation: nextGeneration, rows: memtable, fpChance: bloomFilterFPChance))
        nextGeneration += 1
        memtable = [:]
        commitLog = []
        flushes += 1
        while let bucket = compaction.nextBucket(sstables) { compact(bucket) }
    }

    /// A major compaction (`nodetool compact`): every SSTable into one.
    public mutating func compact() {
        guard sstables.count > 1 || !gcable.isEmpty else { return }
        compact(sstables.map(\.generation))
    }

    /// Merges the tables of these generations into one new table, dropping
    /// what lost the merge and the tombstones it may purge.
    mutating func compact(_ generations: [Int]) {
        let chosen = Set(generations)
        let inputs = sstables.filter { chosen.contains($0.generation) }
        guard !inputs.isEmpty else { return }
        let others = sstables.filter { !chosen.contains($0.generation) }
        var rows: [String: [Version]] = [:]
        for table in inputs {
            for (key, versions) in table.rows { rows[key] = versioning.merge(rows[key] ?? [], versions) }
        }
        for (key, versions) in rows where purgeable(key, versions, others) {
            rows[key] = nil
            gcable[key] = nil
            tombstonesPurged += 1
        }
        sstables = others
        if !rows.isEmpty { sstables.append(SSTable(generation: nextGeneration, rows: rows, fpChance: bloomFilterFPChance)) }
        nextGeneration += 1
        compactions += 1
    }

    /// A tombstone may go if its grace has ended and nothing outside the
    /// compaction may hold older data it shadows: the memtable, or a table
    /// whose filter says "maybe" and whose oldest write is older (Cassandra's
    /// check, with the same false positives keeping a tombstone longer).
    func purgeable(_ key: String, _ versions: [Version], _ others: [SSTable]) -> Bool {
        guard let grace = gcable[key], !versions.isEmpty, versions.allSatisfy({ $0.isTombstone && $0.stamp <= grace }) else {
            return false
        }
        if memtable[key] != nil { return false }
        let newest = versions.map(\.stamp).max()!
        return !others.contains { $0.bloom.mayContain(key) && ($0.oldest.map { $0 < newest } ?? false) }
    }

    /// Lets later compactions drop `key`'s tombstones stamped `stamp` or older.
    public mutating func markGCable(_ key: String, stamp: LamportStamp) {
        gcable[key] = max(gcable[key] ?? stamp, stamp)
    }

    /// The grace period of `key`'s tombstone (stamped `stamp` or older) has
    /// ended. Cassandra drops it at a later compaction; here, so the time a
    /// zombie can appear is predictable, the replica runs one at once: it
    /// flushes the memtable if it holds the key, and compacts every table
    /// whose filter may hold the key (a tombstone compaction that includes
    /// all of them, so the purge is never blocked). True if it was dropped.
    @discardableResult
    public mutating func expireTombstone(_ key: String, stamp: LamportStamp) -> Bool {
        markGCable(key, stamp: stamp)
        if memtable[key] != nil { flush() }
        let before = tombstonesPurged
        let holders = sstables.filter { $0.bloom.mayContain(key) }.map(\.generation)
        if !holders.isEmpty, gcable[key] != nil { compact(holders) }
        return tombstonesPurged > before
    }

    /// The key's versions, merged from the memtable and every SSTable whose
    /// filter may hold it; records how many tables that read and skipped.
    public mutating func read(_ key: String) -> [Version] {
        var touched = 0, skipped = 0, falsePositives = 0
        let result = merged(key, touched: &touched, skipped: &skipped, falsePositives: &falsePositives)
        lastReadSSTables = touched
        lastReadSkipped = skipped
        bloomSkips += skipped
        bloomFalsePositives += falsePositives
        return result
    }

    /// As `read`, without counting.
    public func peek(_ key: String) -> [Version] {
        var touched = 0, skipped = 0, falsePositives = 0
        return merged(key, touched: &touched, skipped: &skipped, falsePositives: &falsePositives)
    }

    /// How many SSTables a read of `key` would read now, and how many its filters would skip.
    public func readCost(_ key: String) -> (read: Int, skipped: Int) {
        let maybe = sstables.filter { $0.bloom.mayContain(key) }.count
        return (maybe, sstables.count - maybe)
    }

    func merged(_ key: String, touched: inout Int, skipped: inout Int, falsePositives: inout Int) -> [Version] {
        var result: [Version] = []
        for table in sstables {
            guard table.bloom.mayContain(key) else { skipped += 1; continue }
            touched += 1
            if let rows = table.rows[key] { result = versioning.merge(result, rows) } else { falsePositives += 1 }
        }
        if let rows = memtable[key] { result = versioning.merge(result, rows) }
        return result
    }

    /// Every key this replica holds, with its merged versions (what a repair
    /// reads to build its Merkle tree).
    public func allRows() -> [String: [Version]] {
        var rows: [String: [Version]] = [:]
        for table in sstables {
            for (key, versions) in table.rows { rows[key] = versioning.merge(rows[key] ?? [], versions) }
        }
        for (key, versions) in memtable { rows[key] = versioning.merge(rows[key] ?? [], versions) }
        return rows
    }

    /// What is on disk: the commit log and the SSTables, without the memtable
    /// (the commit log holds the same writes). Persisting this instead of the
    /// whole engine also keeps the memtable unshared, so the next write does
    /// not copy it.
    public var onDisk: StorageEngine {
        var e = self
        e.memtable = [:]
        return e
    }

    /// The engine after a crash: the memtable is gone and is rebuilt by
    /// replaying the commit log.
    public func recovered() -> StorageEngine {
        var e = self
        e.memtable = [:]
        for r in commitLog { e.memtable[r.key] = versioning.merge(e.memtable[r.key] ?? [], r.version) }
        e.lastReadSSTables = 0
        e.lastReadSkipped = 0
        return e
    }
}
