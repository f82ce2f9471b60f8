/// A concurrent list-append workload run against one in-memory store, in
/// virtual time: the histories `TxnChecker` is measured and tested on.
///
/// Each process runs one transaction at a time: one to `maxOpsPerTxn` reads
/// and appends of keys drawn from a small pool of active keys, as Maelstrom's
/// txn-list-append does. A key retires after `maxAppendsPerKey` appends and a
/// fresh one takes its place, so lists stay short and the history's size
/// grows linearly with the number of transactions. Every transaction takes
/// effect atomically at one instant between its invoke and its completion,
/// so the history is strictly serializable; a few fail (never ran) or end
/// `info` (ran or not, half and half). Keys are integers. Deterministic from
/// the seed.
///
/// `writeSkews` injects that many write skews: two transactions read the same
/// snapshot of keys a and b, one appends to a, the other to b, and a third
/// reads both. Each is a G2-item cycle of the two writers, which
/// serializability forbids and snapshot isolation allows.
public struct ListAppendWorkload: Sendable {
    public var transactions: Int
    public var processes: Int
    public var activeKeys: Int
    public var maxAppendsPerKey: Int
    public var maxOpsPerTxn: Int
    /// Chance a transaction fails, and that it ends `info`.
    public var failChance: Double
    public var infoChance: Double
    /// Longest transaction latency, in virtual microseconds; longer means more overlap.
    public var maxLatency: Int
    public var writeSkews: Int

    public init(transactions: Int, processes: Int = 10, activeKeys: Int = 8, maxAppendsPerKey: Int = 16, maxOpsPerTxn: Int = 4,
                failChance: Double = 0.01, infoChance: Double = 0.01, maxLatency: Int = 1_000, writeSkews: Int = 0) {
        precondition(transactions >= 0 && processes >= 1 && activeKeys >= 2 && maxAppendsPerKey >= 1 && maxOpsPerTxn >= 1 && maxLatency >= 2)
        self.transactions = transactions; self.processes = processes; self.activeKeys = activeKeys
        self.maxAppendsPerKey = maxAppendsPerKey; self.maxOpsPerTxn = maxOpsPerTxn
        self.failChance = failChance; self.infoChance = infoChance; self.maxLatency = maxLatency
        self.writeSkews = min(writeSkews, transactions / 3)
    }

    /// The history as a simulated client would record it: invokes and
    /// completions of `f: "txn"` ops in virtual-time order.
    public func history(seed: UInt64) -> [HistoryOperation] {
        var random = SeededRandom(seed: seed)
        var planned = plan(&random)
        var store = Store(activeKeys: activeKeys)
        apply(&planned, &store, &random)
        return events(planned)
    }

    private struct Planned {
        var process: Int
        var invoke: Int64, effect: Int64, completion: Int64
        var result: HistoryOperation.Kind = .ok
        /// (append?, key, appended value or the list read)
        var ops: [(append: Bool, key: Int64, value: Int64, read: [Int64])] = []
    }

    /// Timing only: the process free soonest issues the next transaction.
    private func plan(_ random: inout SeededRandom) -> [Planned] {
        var free = [Int64](repeating: 0, count: processes)
        var txns: [Planned] = []
        txns.reserveCapacity(transactions)
        for _ in 0..<transactions {
            let p = free.indices.min { (free[$0], $0) < (free[$1], $1) }!
            let invoke = free[p] + Int64(random.below(UInt64(maxLatency / 4 + 1)))
            let latency = 2 + Int64(random.below(UInt64(maxLatency - 1)))
            let effect = invoke + 1 + Int64(random.below(UInt64(latency - 1)))
            txns.append(Planned(process: p, invoke: invoke, effect: effect, completion: invoke + latency))
            free[p] = invoke + latency
        }
        return txns
    }

    /// The lists of every key, the pool of active keys, and the next value per key.
    private struct Store {
        var lists: [[Int64]] = []
        var active: [Int64]
        /// Values named by appends that never ran: negative, so never read, and unique.
        var phantom: Int64 = 0
        init(activeKeys: Int) {
            active = (0..<Int64(activeKeys)).map { $0 }
            lists = Array(repeating: [], count: activeKeys)
        }
        mutating func append(_ key: Int64, retiringAfter limit: Int) -> Int64 {
            let k = Int(key)
            let value = Int64(lists[k].count + 1)
            lists[k].append(value)
            if lists[k].count >= limit, let slot = active.firstIndex(of: key) {
                active[slot] = Int64(lists.count)
                lists.append([])
            }
            return value
        }
    }

    /// Chooses and runs each transaction's micro-ops in order of their effect
    /// instants; the write skews are placed evenly through the run.
    private func apply(_ txns: inout [Planned], _ store: inout Store, _ random: inout SeededRandom) {
        let order = txns.indices.sorted { (txns[$0].effect, $0) < (txns[$1].effect, $1) }
        let spacing = writeSkews > 0 ? max(3, order.count / (writeSkews + 1)) : Int.max
        var skewsLeft = writeSkews
        var position = 0
        while position < order.count {
            if skewsLeft > 0, position > 0, position % spacing == 0, position + 2 < order.count {
                injectWriteSkew(order[position], order[position + 1], order[position + 2], &txns, &store, &random)
                skewsLeft -= 1
                position += 3
                continue
            }
            let i = order[position]
            position += 1
            var ran = true
            if random.chance(failChance) { txns[i].result = .fail; ran = false }
            else if random.chance(infoChance) { txns[i].result = .info; ran = random.chance(0.5) }
            for _ in 0..<(1 + Int(random.below(UInt64(maxOpsPerTxn)))) {
                let key = store.active[Int(random.below(UInt64(store.active.count)))]
                if random.chance(0.5) {
                    // A transaction that did not run still names a fresh value; it is never read.
                    if !ran { store.phantom -= 1 }
                    let value = ran ? store.append(key, retiringAfter: maxAppendsPerKey) : store.phantom
                    txns[i].ops.append((true, key, value, []))
                } else {
                    txns[i].ops.append((false, key, 0, ran ? store.lists[Int(key)] : []))
                }
            }
        }
    }

    /// Two writers that read one snapshot of keys a and b, and a reader of both afterwards.
    private func injectWriteSkew(_ w1: Int, _ w2: Int, _ reader: Int, _ txns: inout [Planned], _ store: inout Store, _ random: inout SeededRandom) {
        let slot = Int(random.below(UInt64(store.active.count)))
        let a = store.active[slot], b = store.active[(slot + 1) % store.active.count]
        let snapshot = (store.lists[Int(a)], store.lists[Int(b)])
        let va = store.append(a, retiringAfter: Int.max), vb = store.append(b, retiringAfter: Int.max)
        txns[w1].ops = [(false, a, 0, snapshot.0), (false, b, 0, snapshot.1), (true, a, va, [])]
        txns[w2].ops = [(false, a, 0, snapshot.0), (false, b, 0, snapshot.1), (true, b, vb, [])]
        txns[reader].ops = [(false, a, 0, store.lists[Int(a)]), (false, b, 0, store.lists[Int(b)])]
        for t in [w1, w2, reader] { txns[t].result = .ok }
    }

    /// Invokes (reads unknown) and completions (reads filled in on `ok`) by virtual time, completions first on a tie.
    private func events(_ txns: [Planned]) -> [HistoryOperation] {
        func microOps(_ t: Planned, filled: Bool) -> [HistoryValue] {
            t.ops.map { op in
                op.append ? .list([.string("append"), .int(op.key), .int(op.value)])
                    : .list([.string("r"), .int(op.key), filled ? .list(op.read.map(HistoryValue.int)) : .null])
            }
        }
        var timeline: [(time: Int64, order: Int, op: HistoryOperation)] = []
        timeline.reserveCapacity(txns.count * 2)
        for (i, t) in txns.enumerated() {
            timeline.append((t.invoke, 2 * i + 1, .txn(process: t.process, type: .invoke, microOps(t, filled: false))))
            timeline.append((t.completion, 2 * i, .txn(process: t.process, type: t.result, microOps(t, filled: t.result == .ok))))
        }
        timeline.sort { ($0.time, $0.order & 1, $0.order) < ($1.time, $1.order & 1, $1.order) }
        return timeline.map(\.op)
    }
}
