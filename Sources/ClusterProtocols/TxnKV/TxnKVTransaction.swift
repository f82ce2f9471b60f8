import ClusterSim

/// A transaction open at the server: what it read, what it will write, and
/// the request it is blocked on (2PL), if any.
public struct TxnKVTransaction: Sendable, Hashable {
    public var id: TxnKVTxnID
    public var client: NodeID
    /// Its begin's place among all begins: the younger of two has the larger.
    public var age: Int
    /// The last commit before its begin: its snapshot (SI), and where OCC's validation starts.
    public var snapshot: Int
    /// The next request number it expects.
    public var nextStep = 1
    /// Keys it read (OCC validates them).
    public var readSet: Set<String> = []
    /// Its buffered writes, in the order of first write: a new value, or elements appended.
    public var writeOrder: [String] = []
    public var puts: [String: HistoryValue] = [:]
    public var appends: [String: [Int64]] = [:]
    /// 2PL: the request waiting for a lock.
    public var blocked: (step: Int, op: TxnKVOp)?

    public static func == (a: Self, b: Self) -> Bool {
        a.id == b.id && a.nextStep == b.nextStep && a.readSet == b.readSet && a.writeOrder == b.writeOrder
            && a.puts == b.puts && a.appends == b.appends && a.blocked?.step == b.blocked?.step
    }
    public func hash(into h: inout Hasher) { h.combine(id); h.combine(nextStep) }

    /// Buffers a write or append.
    mutating func buffer(_ op: TxnKVOp) {
        switch op {
        case .read: return
        case .write(let k, let v): puts[k] = v; appends[k] = nil
        case .append(let k, let v): appends[k, default: []].append(v)
        }
        if !writeOrder.contains(op.key) { writeOrder.append(op.key) }
    }

    /// What a read of `key` returns, given the committed value it would see:
    /// its own buffered write wins (a transaction reads its own writes).
    func read(_ key: String, committed: HistoryValue) -> HistoryValue {
        if let v = puts[key] {
            guard let extra = appends[key] else { return v }
            return .list((v.listValue ?? []) + extra.map(HistoryValue.int))
        }
        if let extra = appends[key] { return .list((committed.listValue ?? []) + extra.map(HistoryValue.int)) }
        return committed
    }

    /// The values it leaves behind, given each key's latest committed value.
    func finalWrites(latest: (String) -> HistoryValue) -> [(key: String, value: HistoryValue)] {
        writeOrder.map { k in (k, read(k, committed: latest(k))) }
    }
}

extension HistoryValue {
    /// The elements of a list (null is the empty list).
    var listValue: [HistoryValue]? {
        switch self {
        case .list(let l): l
        case .null: []
        default: nil
        }
    }
}
