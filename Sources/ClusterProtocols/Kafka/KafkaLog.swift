import ClusterSim

/// One record of a partition's log: who produced it (producer id and
/// per-partition sequence number, for idempotence), its key and value, and
/// the leader epoch in which it was appended (for KIP-101 truncation).
public struct KafkaRecord: Sendable, Hashable, CustomStringConvertible {
    public var producer: Int
    public var sequence: Int
    public var key: String
    public var value: Int64
    public var epoch: Int
    public init(producer: Int, sequence: Int, key: String, value: Int64, epoch: Int) {
        self.producer = producer; self.sequence = sequence; self.key = key; self.value = value; self.epoch = epoch
    }
    public var description: String { "\(key)=\(value) e\(epoch)" }
    /// Producer and sequence: what the checkers identify a record by.
    public var identity: KafkaRecordID { KafkaRecordID(producer: producer, sequence: sequence) }
}

public struct KafkaRecordID: Sendable, Hashable, CustomStringConvertible {
    public var producer: Int
    public var sequence: Int
    public init(producer: Int, sequence: Int) { self.producer = producer; self.sequence = sequence }
    public var description: String { "p\(producer)#\(sequence)" }
}

/// Append-only storage several copies of a log may share, each seeing its
/// own prefix: a copy persisted as durable state (or kept by time travel)
/// then costs nothing on the next append. Only an append past a prefix some
/// other copy already extended copies the records (after a truncation).
final class KafkaRecordStore: @unchecked Sendable {
    var records: [KafkaRecord] = []
    init(_ records: [KafkaRecord] = []) { self.records = records }
}

/// One replica's log of one partition: records at offsets 0..<endOffset
/// (the log end offset, LEO) and the leader-epoch cache, the first offset
/// of each epoch (KIP-101), which is what a follower truncates by.
public struct KafkaLog: Sendable, Hashable {
    private var store = KafkaRecordStore()
    /// The log end offset: the offset the next record gets.
    public private(set) var endOffset = 0
    /// (epoch, start offset) pairs, epochs increasing.
    public private(set) var epochs: [KafkaEpochStart] = []

    public init() {}

    public init(_ records: [KafkaRecord]) {
        store = KafkaRecordStore(records); endOffset = records.count
        for (o, r) in records.enumerated() where epochs.last?.epoch != r.epoch { epochs.append(KafkaEpochStart(epoch: r.epoch, offset: o)) }
    }

    public subscript(offset: Int) -> KafkaRecord {
        precondition(offset >= 0 && offset < endOffset, "offset \(offset) outside the log (end \(endOffset))")
        return store.records[offset]
    }

    public var records: ArraySlice<KafkaRecord> { store.records[0..<endOffset] }
    public func records(from offset: Int, max: Int) -> [KafkaRecord] {
        guard offset < endOffset else { return [] }
        return Array(store.records[offset..<Swift.min(endOffset, offset + max)])
    }

    /// The latest epoch this replica knows of (its last cache entry), -1 if none.
    public var latestEpoch: Int { epochs.last?.epoch ?? -1 }

    public mutating func append(_ record: KafkaRecord) {
        if store.records.count != endOffset {
            store = KafkaRecordStore(Array(store.records[0..<endOffset]))
        }
        store.records.append(record)
        endOffset += 1
        if record.epoch > latestEpoch { epochs.append(KafkaEpochStart(epoch: record.epoch, offset: endOffset - 1)) }
    }

    /// A new leader notes where its epoch starts, even before it appends anything.
    public mutating func startEpoch(_ epoch: Int) {
        if epoch > latestEpoch { epochs.append(KafkaEpochStart(epoch: epoch, offset: endOffset)) }
    }

    /// OffsetsForLeaderEpoch, answered by a leader: the largest epoch it
    /// knows that is at most `epoch`, and the end offset of that epoch (the
    /// start of the next one, or its log end for its latest epoch).
    public func endOffset(forEpoch epoch: Int) -> (epoch: Int, offset: Int) {
        guard let k = epochs.lastIndex(where: { $0.epoch <= epoch }) else { return (-1, epochs.first?.offset ?? endOffset) }
        return (epochs[k].epoch, k + 1 < epochs.count ? epochs[k + 1].offset : endOffset)
    }

    /// Drops every record at or past `offset` (and the epochs that start there).
    public mutating func truncate(to offset: Int) {
        guard offset < endOffset else { return }
        endOffset = Swift.max(0, offset)
        while let last = epochs.last, last.offset >= endOffset { epochs.removeLast() }
    }

    /// Idempotence: if this producer's latest record in the log has sequence
    /// number `sequence` or later, the offset of the record with `sequence`
    /// (a retry of something already appended). Searches back from the end
    /// over at most `window` records, as a broker keeps only recent producer state.
    public func duplicate(of id: KafkaRecordID, within window: Int = 1_000) -> Int? {
        var o = endOffset - 1
        var newest: Int? = nil
        while o >= 0 && o >= endOffset - window {
            let r = store.records[o]
            if r.producer == id.producer {
                if newest == nil { newest = r.sequence; if r.sequence < id.sequence { return nil } }
                if r.sequence == id.sequence { return o }
                if r.sequence < id.sequence { return nil }
            }
            o -= 1
        }
        return nil
    }

    public static func == (a: KafkaLog, b: KafkaLog) -> Bool {
        a.endOffset == b.endOffset && a.epochs == b.epochs && a.records == b.records
    }

    public func hash(into h: inout Hasher) {
        h.combine(endOffset); h.combine(epochs)
        if endOffset > 0 { h.combine(store.records[endOffset - 1]) }
    }
}

/// Where a leader epoch starts in a log.
public struct KafkaEpochStart: Sendable, Hashable {
    public var epoch: Int
    public var offset: Int
}
