import ClusterSim

/// One replica's storage, shaped like Cassandra's write path: a write is
/// appended to the commit log and merged into the memtable, and nothing else;
/// when the memtable holds `memtableLimit` keys it is flushed to an immutable
/// SSTable (and the commit log is recycled); when `compactionThreshold`
/// SSTables pile up, compaction merges them into one.
///
/// That is why writes are cheap (an append and an in-memory update, no read)
/// and reads cost more: a read merges the memtable with every SSTable that
/// holds the key (Cassandra skips the others with a Bloom filter), and
/// `lastReadSSTables` says how many that was.
///
/// The commit log and the SSTables are durable; the memtable is not, and is
/// rebuilt from the commit log when the node restarts (`recovered()`).
public struct StorageEngine: Sendable, Hashable {
    /// One write, as the commit log records it.
    public struct LogRecord: Sendable, Hashable {
        public var key: String
        public var version: Version
    }
    /// An immutable, flushed table of rows (sorted by token on disk in Cassandra).
    public struct SSTable: Sendable, Hashable {
        public let rows: [String: [Version]]
    }

    public let versioning: Versioning
    public let memtableLimit: Int
    public let compactionThreshold: Int
    public private(set) var commitLog: [LogRecord] = []
    public private(set) var memtable: [String: [Version]] = [:]
    /// Oldest first.
    public private(set) var sstables: [SSTable] = []
    /// SSTables the last read merged.
    public private(set) var lastReadSSTables = 0
    public private(set) var flushes = 0
    public private(set) var compactions = 0

    public init(versioning: Versioning = .lww, memtableLimit: Int = 64, compactionThreshold: Int = 4) {
        self.versioning = versioning
        self.memtableLimit = max(1, memtableLimit)
        self.compactionThreshold = max(2, compactionThreshold)
    }

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

    /// Writes the memtable out as a new SSTable and recycles the commit log.
    public mutating func flush() {
        guard !memtable.isEmpty else { return }
        sstables.append(SSTable(rows: memtable))
        memtable = [:]
        commitLog = []
        flushes += 1
        if sstables.count >= compactionThreshold { compact() }
    }

    /// Merges every SSTable into one (size-tiered compaction, all tiers at once).
    public mutating func compact() {
        guard sstables.count > 1 else { return }
        var rows: [String: [Version]] = [:]
        for table in sstables {
            for (key, versions) in table.rows { rows[key] = versioning.merge(rows[key] ?? [], versions) }
        }
        sstables = [SSTable(rows: rows)]
        compactions += 1
    }

    /// The key's versions, merged from the memtable and every SSTable that
    /// holds it; records how many SSTables that took.
    public mutating func read(_ key: String) -> [Version] {
        var touched = 0
        let result = merged(key, touched: &touched)
        lastReadSSTables = touched
        return result
    }

    /// As `read`, without counting.
    public func peek(_ key: String) -> [Version] {
        var touched = 0
        return merged(key, touched: &touched)
    }

    func merged(_ key: String, touched: inout Int) -> [Version] {
        var result: [Version] = []
        for table in sstables {
            if let rows = table.rows[key] { touched += 1; result = versioning.merge(result, rows) }
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

    /// Drops a key everywhere: a tombstone past its grace period, which
    /// Cassandra drops at the first compaction after `gc_grace_seconds`.
    public mutating func purge(_ key: String) {
        memtable[key] = nil
        commitLog.removeAll { $0.key == key }
        if sstables.contains(where: { $0.rows[key] != nil }) {
            sstables = sstables.map { t in var rows = t.rows; rows[key] = nil; return SSTable(rows: rows) }
        }
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
        return e
    }
}
