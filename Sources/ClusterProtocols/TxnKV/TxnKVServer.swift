import ClusterSim

public typealias TxnKVContext = NodeContext<TxnKVProcess>

/// The transactional key-value server: one node holding every key, running
/// many clients' interactive transactions at once under the configured
/// isolation level. Writes are buffered in the transaction and installed
/// together at commit, so no level here reads uncommitted data.
public struct TxnKVServer: Sendable {
    public let id: NodeID
    public let config: TxnKVConfig
    public private(set) var store: TxnKVStore
    /// How each client's last transaction ended.
    public private(set) var outcomes: [Int: TxnKVOutcome]
    public private(set) var open: [TxnKVTxnID: TxnKVTransaction] = [:]
    public private(set) var locks = TxnKVLockTable()
    /// OCC: the keys each recent commit wrote, for backward validation.
    public private(set) var recentCommits: [(commit: Int, keys: Set<String>)] = []
    var begins = 0
    public private(set) var commits = 0
    public private(set) var aborts: [TxnKVAbortReason: Int] = [:]
    /// Commits per sampling period, oldest first (the throughput sparkline).
    public private(set) var throughput: [Int] = []
    var commitsAtSample = 0
    var sampling = false

    /// Throughput is sampled this often.
    public static let samplePeriod: Int64 = 100_000

    public init(id: NodeID, config: TxnKVConfig, durable: TxnKVDurable?) {
        self.id = id; self.config = config
        store = durable?.store ?? TxnKVStore()
        outcomes = durable?.outcomes ?? [:]
    }

    public var abortCount: Int { aborts.values.reduce(0, +) }

    public mutating func receive(_ message: TxnKVMessage, from: NodeID, _ context: inout TxnKVContext) {
        switch message {
        case .begin(let t): begin(t, from, &context)
        case .op(let t, let step, let op):
            guard var x = known(t, from, &context), step == x.nextStep, x.blocked == nil else { return }
            x.nextStep += 1
            open[t] = x
            execute(t, step, op, &context)
        case .commit(let t, let step):
            guard let x = known(t, from, &context), step == x.nextStep, x.blocked == nil else { return }
            commit(x, &context)
        case .abort(let t):
            if open[t] != nil { finish(t, abort: .client, &context) }
        default:
            break
        }
    }

    /// The open transaction `t`, or nil after telling its client how it ended.
    mutating func known(_ t: TxnKVTxnID, _ from: NodeID, _ context: inout TxnKVContext) -> TxnKVTransaction? {
        if let x = open[t] { return x }
        if let o = outcomes[from.index], o.txn == t {
            context.send(o.committed ? .committed(t) : .aborted(t, o.reason ?? .unknown), to: from)
        } else {
            context.send(.aborted(t, .unknown), to: from)
        }
        return nil
    }

    mutating func begin(_ t: TxnKVTxnID, _ from: NodeID, _ context: inout TxnKVContext) {
        if open[t] == nil {
            guard outcomes[from.index]?.txn != t else { return }  // a duplicate of a finished one
            begins += 1
            open[t] = TxnKVTransaction(id: t, client: from, age: begins, snapshot: store.lastCommit)
            context.setTimer(.expire(t), after: config.transactionTimeout)
            if !sampling { sampling = true; context.setTimer(.sample, after: Self.samplePeriod) }
        }
        context.send(.began(t), to: from)
    }

    /// Runs one read or write, first taking its lock under 2PL; a request
    /// that must wait is parked and a deadlock it closes is broken.
    mutating func execute(_ t: TxnKVTxnID, _ step: Int, _ op: TxnKVOp, _ context: inout TxnKVContext) {
        if config.locks, !locks.acquire(t, op.key, op.isRead ? .shared : .exclusive) {
            open[t]!.blocked = (step, op)
            context.log("\(t) waits for \(op.isRead ? "S" : "X") lock on \(op.key)")
            if config.mutant != .noDeadlockDetection { breakDeadlocks(through: t, &context) }
            return
        }
        var x = open[t]!
        let value: HistoryValue
        switch op {
        case .read(let k):
            let committed = config.isolation == .snapshot ? store.value(k, asOf: x.snapshot) : store.latest(k)
            x.readSet.insert(k)
            value = x.read(k, committed: committed)
        case .write, .append:
            x.buffer(op)
            value = .null
        }
        x.blocked = nil
        open[t] = x
        context.send(.result(t, step: step, value), to: x.client)
    }

    /// While `t` is on a cycle of the wait-for graph, aborts the cycle's youngest member.
    mutating func breakDeadlocks(through t: TxnKVTxnID, _ context: inout TxnKVContext) {
        while open[t]?.blocked != nil, let cycle = locks.cycle(through: t) {
            let victim = cycle.max { open[$0]!.age < open[$1]!.age }!
            context.log("deadlock " + (cycle + [cycle[0]]).map(\.description).joined(separator: " → ") + ": aborting \(victim)")
            finish(victim, abort: .deadlock, &context)
        }
    }

    mutating func commit(_ x: TxnKVTransaction, _ context: inout TxnKVContext) {
        if config.isolation == .snapshot, let k = x.writeOrder.first(where: { store.lastWrite($0) > x.snapshot }) {
            context.log("\(x.id) loses to an earlier committer of \(k)")
            return finish(x.id, abort: .writeConflict, &context)
        }
        if config.validates, config.mutant != .occSkipValidation,
           let c = recentCommits.first(where: { $0.commit > x.snapshot && !$0.keys.isDisjoint(with: x.readSet) }) {
            context.log("\(x.id) fails validation: commit #\(c.commit) wrote " + c.keys.intersection(x.readSet).sorted().joined(separator: ","))
            return finish(x.id, abort: .validation, &context)
        }
        let writes = x.finalWrites(latest: store.latest)
        if !writes.isEmpty {
            let n = store.install(writes)
            if config.validates { recentCommits.append((n, Set(x.writeOrder))) }
            let oldest = open.values.filter { $0.id != x.id }.map(\.snapshot).min() ?? store.lastCommit
            store.prune(x.writeOrder, oldestSnapshot: oldest)
            recentCommits.removeAll { $0.commit <= oldest }
        }
        finish(x.id, abort: nil, &context)
    }

    /// Ends `t` (committed when `reason` is nil), tells its client, releases
    /// its locks and runs the requests that were waiting for them.
    mutating func finish(_ t: TxnKVTxnID, abort reason: TxnKVAbortReason?, _ context: inout TxnKVContext) {
        guard let x = open.removeValue(forKey: t) else { return }
        context.cancelTimer(.expire(t))
        outcomes[x.client.index] = TxnKVOutcome(txn: t, committed: reason == nil, reason: reason)
        if let reason {
            aborts[reason, default: 0] += 1
            context.send(.aborted(t, reason), to: x.client)
        } else {
            commits += 1
            context.send(.committed(t), to: x.client)
            context.persist(TxnKVDurable(store: store, outcomes: outcomes))
        }
        guard config.locks else { return }
        for g in locks.releaseAll(t) {
            guard let (step, op) = open[g]?.blocked else { continue }
            execute(g, step, op, &context)
        }
    }

    public mutating func timerFired(_ tag: TxnKVTimer, _ context: inout TxnKVContext) {
        switch tag {
        case .expire(let t):
            if open[t] != nil { context.log("\(t) timed out"); finish(t, abort: .timeout, &context) }
        case .sample:
            throughput.append(commits - commitsAtSample)
            if throughput.count > 40 { throughput.removeFirst() }
            let idle = commits == commitsAtSample && open.isEmpty
            commitsAtSample = commits
            if idle { sampling = false } else { context.setTimer(.sample, after: Self.samplePeriod) }
        case .requestTimeout, .think:
            break
        }
    }

    /// `read KEY` and `locks`: log what the server holds.
    public mutating func command(_ text: String, _ context: inout TxnKVContext) {
        let words = text.split(separator: " ").map(String.init)
        switch (words.first, words.count) {
        case ("read", 2):
            context.log("\(words[1]) = \(store.latest(words[1])) (commit #\(store.lastWrite(words[1])))")
        case ("locks", 1):
            let lines = lockLines
            context.log(lines.isEmpty ? "no locks held" : lines.joined(separator: "; "))
        default:
            context.log("ignores command '\(text)': try 'read KEY' or 'locks'")
        }
    }
}
