import ClusterSim

/// What one transaction of a workload means to do. Its requests are decided
/// one at a time from what it has read so far (an interactive transaction):
/// a transfer writes only if the balance it read covers the amount.
public enum TxnKVPlan: Sendable, Hashable, CustomStringConvertible {
    case transfer(from: String, to: String, amount: Int)
    case audit([String])
    /// Doctor `doctor` reads every doctor in `all`, then goes off call if
    /// another stays on, or back on call if off.
    case shift(doctor: String, all: [String])
    case ops([TxnKVOp])

    public var description: String {
        switch self {
        case .transfer(let f, let t, let a): "transfer \(a) \(f)→\(t)"
        case .audit: "audit"
        case .shift(let d, _): "shift \(d)"
        case .ops(let ops): ops.map(\.description).joined(separator: "; ")
        }
    }

    /// A random transaction of `workload` for client `client` (index among clients).
    static func random(_ w: TxnKVWorkload, client: Int, clients: Int, nextAppend: inout Int64,
                       _ random: (Int) -> Int) -> TxnKVPlan {
        let keys = w.keyNames
        switch w.kind {
        case .bank:
            if random(max(1, w.transferWeight + w.auditWeight)) >= w.transferWeight || keys.count < 2 { return .audit(keys) }
            let from = random(keys.count)
            let to = (from + 1 + random(keys.count - 1)) % keys.count
            return .transfer(from: keys[from], to: keys[to], amount: 1 + random(max(1, w.maxTransfer)))
        case .doctors:
            return .shift(doctor: keys[client % keys.count], all: keys)
        case .listAppend:
            let ops = (0..<(1 + random(max(1, w.maxOps)))).map { _ -> TxnKVOp in
                let k = keys[random(keys.count)]
                guard random(2) == 0 else { return .read(k) }
                nextAppend += 1
                return .append(k, (nextAppend - 1) * Int64(clients) + Int64(client) + 1)
            }
            return .ops(ops)
        }
    }

    /// The next request, given the micro-ops done so far (reads filled in);
    /// nil: time to commit.
    func next(after done: [TxnKVDone], txn: TxnKVTxnID, initialBalance: Int) -> TxnKVOp? {
        let n = done.count
        func value(_ k: String) -> HistoryValue { done.last { $0.op == .read(k) }?.read ?? .null }
        switch self {
        case .transfer(let from, let to, let amount):
            if n == 0 { return .read(from) }
            if n == 1 { return .read(to) }
            let a = TxnKVValues.balance(value(from), initial: initialBalance)
            let b = TxnKVValues.balance(value(to), initial: initialBalance)
            guard a >= amount else { return nil }
            if n == 2 { return .write(from, TxnKVValues.tagged(String(a - amount), by: txn)) }
            if n == 3 { return .write(to, TxnKVValues.tagged(String(b + amount), by: txn)) }
            return nil
        case .audit(let keys):
            return n < keys.count ? .read(keys[n]) : nil
        case .shift(let doctor, let all):
            if n < all.count { return .read(all[n]) }
            guard n == all.count else { return nil }
            let onCall = all.filter { TxnKVValues.onCall(value($0)) }
            if !onCall.contains(doctor) { return .write(doctor, TxnKVValues.tagged("on", by: txn)) }
            return onCall.count >= 2 ? .write(doctor, TxnKVValues.tagged("off", by: txn)) : nil
        case .ops(let ops):
            return n < ops.count ? ops[n] : nil
        }
    }
}

/// A request a transaction made, with what a read returned.
public struct TxnKVDone: Sendable, Hashable {
    public var op: TxnKVOp
    /// A read's value (null until it is answered, and for writes).
    public var read: HistoryValue = .null

    /// The micro-op as the history records it; `filled` false leaves reads null (an invoke).
    func micro(filled: Bool) -> HistoryValue {
        switch op {
        case .read(let k): HistoryOperation.microOp(.read, k, filled ? read : .null)
        case .write(let k, let v): HistoryOperation.microOp(.write, k, v)
        case .append(let k, let v): HistoryOperation.microOp(.append, k, .int(v))
        }
    }
}
