/// Strict two-phase locking's lock table: shared and exclusive locks per key,
/// a first-come first-served queue of waiters (an upgrade from shared to
/// exclusive goes to the front), and the wait-for graph those define.
public struct TxnKVLockTable: Sendable, Hashable {
    public enum Mode: String, Sendable, Hashable { case shared = "S", exclusive = "X" }

    public struct Entry: Sendable, Hashable {
        public var holders: [TxnKVTxnID: Mode] = [:]
        public var queue: [(txn: TxnKVTxnID, mode: Mode)] = []
        public static func == (a: Entry, b: Entry) -> Bool {
            a.holders == b.holders && a.queue.map(\.txn) == b.queue.map(\.txn) && a.queue.map(\.mode) == b.queue.map(\.mode)
        }
        public func hash(into h: inout Hasher) { h.combine(holders); h.combine(queue.map(\.txn)) }

        func compatible(_ txn: TxnKVTxnID, _ mode: Mode) -> Bool {
            holders.allSatisfy { $0.key == txn || (mode == .shared && $0.value == .shared) }
        }
    }

    public private(set) var entries: [String: Entry] = [:]

    public init() {}

    /// Asks for a lock: true if held now, false if the transaction must wait (it is queued).
    public mutating func acquire(_ txn: TxnKVTxnID, _ key: String, _ mode: Mode) -> Bool {
        var e = entries[key, default: Entry()]
        defer { entries[key] = e }
        if let held = e.holders[txn], held == .exclusive || mode == .shared { return true }
        let upgrade = e.holders[txn] != nil
        if e.compatible(txn, mode) && (upgrade || e.queue.isEmpty) {
            e.holders[txn] = mode
            return true
        }
        if upgrade { e.queue.insert((txn, mode), at: 0) } else { e.queue.append((txn, mode)) }
        return false
    }

    /// Releases every lock of `txn` and drops its queued request; returns
    /// the transactions whose queued request is granted now, in grant order.
    public mutating func releaseAll(_ txn: TxnKVTxnID) -> [TxnKVTxnID] {
        var granted: [TxnKVTxnID] = []
        for key in entries.keys.sorted() {
            guard var e = entries[key] else { continue }
            let touched = e.holders[txn] != nil || e.queue.contains { $0.txn == txn }
            guard touched else { continue }
            e.holders[txn] = nil
            e.queue.removeAll { $0.txn == txn }
            while let (t, m) = e.queue.first, e.compatible(t, m) {
                e.holders[t] = max(m, e.holders[t] ?? .shared)
                e.queue.removeFirst()
                granted.append(t)
            }
            entries[key] = e.holders.isEmpty && e.queue.isEmpty ? nil : e
        }
        return granted
    }

    /// The locks `txn` holds, by key.
    public func held(by txn: TxnKVTxnID) -> [(key: String, mode: Mode)] {
        entries.keys.sorted().compactMap { k in entries[k]!.holders[txn].map { (k, $0) } }
    }

    /// The key and mode `txn` is queued for, if it waits.
    public func waiting(_ txn: TxnKVTxnID) -> (key: String, mode: Mode)? {
        for k in entries.keys.sorted() { if let q = entries[k]!.queue.first(where: { $0.txn == txn }) { return (k, q.mode) } }
        return nil
    }

    public var lockCount: Int { entries.values.reduce(0) { $0 + $1.holders.count } }
    public var waiterCount: Int { entries.values.reduce(0) { $0 + $1.queue.count } }

    /// Who each waiting transaction waits for: the holders it conflicts with
    /// and the waiters ahead of it it conflicts with.
    public var waitsFor: [TxnKVTxnID: Set<TxnKVTxnID>] {
        var g: [TxnKVTxnID: Set<TxnKVTxnID>] = [:]
        for e in entries.values {
            for (i, w) in e.queue.enumerated() {
                for (h, m) in e.holders where h != w.txn && (w.mode == .exclusive || m == .exclusive) { g[w.txn, default: []].insert(h) }
                for a in e.queue[..<i] where a.txn != w.txn && (w.mode == .exclusive || a.mode == .exclusive) { g[w.txn, default: []].insert(a.txn) }
            }
        }
        return g
    }

    /// A cycle of the wait-for graph through `start`, in order, or nil.
    public func cycle(through start: TxnKVTxnID) -> [TxnKVTxnID]? {
        let g = waitsFor
        var path: [TxnKVTxnID] = [start], seen: Set<TxnKVTxnID> = [start]
        func dfs(_ t: TxnKVTxnID) -> Bool {
            for n in (g[t] ?? []).sorted() {
                if n == start { return true }
                if seen.insert(n).inserted {
                    path.append(n)
                    if dfs(n) { return true }
                    path.removeLast()
                }
            }
            return false
        }
        return dfs(start) ? path : nil
    }

    /// Any cycle of the wait-for graph, or nil: a deadlock nobody broke.
    public func anyCycle() -> [TxnKVTxnID]? {
        for t in waitsFor.keys.sorted() { if let c = cycle(through: t) { return c } }
        return nil
    }
}

extension TxnKVLockTable.Mode: Comparable {
    public static func < (a: Self, b: Self) -> Bool { a == .shared && b == .exclusive }
}
