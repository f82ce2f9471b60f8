import ClusterSim

/// What the producers were told and what the reader finally read, compared:
/// a pure function of a Kafka run's client history.
///
/// For each partition the judge is the last `ok` read of its committed log.
/// - **lost acknowledged write**: an `ok` send (acked at offset o) missing
///   from the final read although that read reaches past o: something else
///   took its place. (A read that ends before o may just predate the commit.)
/// - **duplicate**: one producer's record (producer id, sequence) twice in a partition.
/// - **reordered**: one producer's records in a partition not in sequence order.
public enum KafkaLogChecker {
    public static func check(_ history: [HistoryOperation]) -> KafkaLogReport {
        var acked: [(partition: String, id: KafkaRecordID, key: String, value: Int64, offset: Int)] = []
        var finalRead: [String: [(id: KafkaRecordID, value: Int64)]] = [:]
        for op in history where op.type == .ok {
            if op.f == "send", case .list(let v) = op.value, v.count == 5,
               case .string(let key) = v[0], case .int(let value) = v[1], case .int(let p) = v[2], case .int(let s) = v[3],
               case .int(let o) = v[4] {
                acked.append((op.key, KafkaRecordID(producer: Int(p), sequence: Int(s)), key, value, Int(o)))
            } else if op.f == "read", case .list(let rs) = op.value {
                finalRead[op.key] = rs.compactMap { r in
                    guard case .list(let f) = r, f.count == 3, case .int(let p) = f[0], case .int(let s) = f[1],
                          case .int(let v) = f[2] else { return nil }
                    return (KafkaRecordID(producer: Int(p), sequence: Int(s)), v)
                }
            }
        }
        var report = KafkaLogReport(acknowledged: acked.count, partitionsRead: finalRead.count)
        var present: [String: Set<KafkaRecordID>] = [:]
        for (p, read) in finalRead.sorted(by: { $0.key < $1.key }) {
            var seen: Set<KafkaRecordID> = []
            var newest: [Int: Int] = [:]
            for (o, r) in read.enumerated() {
                if !seen.insert(r.id).inserted {
                    report.anomalies.append(.init(kind: .duplicate, partition: p, record: r.id,
                                                  detail: "\(p): \(r.id) (value \(r.value)) again at offset \(o)"))
                    continue
                }
                if let n = newest[r.id.producer], r.id.sequence < n {
                    report.anomalies.append(.init(kind: .reordered, partition: p, record: r.id,
                                                  detail: "\(p): \(r.id) at offset \(o), after p\(r.id.producer)#\(n)"))
                }
                newest[r.id.producer] = max(newest[r.id.producer] ?? .min, r.id.sequence)
            }
            present[p] = seen
        }
        for a in acked {
            guard let read = finalRead[a.partition], read.count > a.offset, present[a.partition]?.contains(a.id) == false else { continue }
            report.anomalies.append(.init(kind: .lostAcknowledged, partition: a.partition, record: a.id,
                                          detail: "\(a.partition): \(a.id) (\(a.key)=\(a.value)) was acknowledged at offset \(a.offset); "
                                            + "the final read has \(read[a.offset].id) (value \(read[a.offset].value)) there and it nowhere"))
        }
        return report
    }
}

public struct KafkaLogReport: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        case lostAcknowledged = "lost acknowledged write"
        case duplicate = "duplicate"
        case reordered = "reordered"
    }
    public struct Anomaly: Sendable, Hashable, CustomStringConvertible {
        public var kind: Kind
        public var partition: String
        public var record: KafkaRecordID
        public var detail: String
        public var description: String { "\(kind.rawValue): \(detail)" }
    }
    /// Sends acknowledged with an offset.
    public var acknowledged: Int
    /// Partitions with a final read (what the checks judge).
    public var partitionsRead: Int
    public var anomalies: [Anomaly] = []

    public var isValid: Bool { anomalies.isEmpty }
    public func count(_ kind: Kind) -> Int { anomalies.filter { $0.kind == kind }.count }
}
