import ClusterSim

/// The external system the sink writes to (a database table or a topic):
/// appends, upserts keyed by (window, key), and transactions that are
/// staged by a pre-commit and made visible by a commit.
public struct StreamOutputStore: Sendable, Hashable {
    let config: StreamConfig
    /// What readers of the store see, in the order it became visible.
    public private(set) var appended: [StreamResult] = []
    /// The upsert table (idempotent sink).
    public private(set) var table: [StreamSlot: Int] = [:]
    /// Pre-committed transactions not committed yet.
    public private(set) var staged: [Int: [StreamResult]] = [:]
    private var committed: Set<Int> = []
    /// Commits that arrived before their pre-commit (the network reorders
    /// across epochs); applied when the pre-commit comes.
    private var commitWaiting: Set<Int> = []
    struct Inbox: Sendable, Hashable { var next = 0; var early: [Int: StreamStoreOp] = [:] }
    private var inboxes: [Int: Inbox] = [:]
    public private(set) var writes = 0

    init(config: StreamConfig, durable: StreamStoreDurable?) {
        self.config = config
        if let d = durable { appended = d.appended; table = d.table; staged = d.staged; committed = d.committed; writes = d.writes }
    }

    mutating func receive(_ message: StreamMessage, _ context: inout StreamContext) {
        guard case .store(let epoch, let seq, let op) = message else { return }
        var inbox = inboxes[epoch, default: Inbox()]
        guard seq >= inbox.next else { return }
        inbox.early[seq] = op
        var ready: [StreamStoreOp] = []
        while let next = inbox.early.removeValue(forKey: inbox.next) { ready.append(next); inbox.next += 1 }
        inboxes[epoch] = inbox
        for op in ready { apply(op, &context) }
        context.persist(.store(StreamStoreDurable(appended: appended, table: table, staged: staged, committed: committed, writes: writes)))
    }

    private mutating func apply(_ op: StreamStoreOp, _ context: inout StreamContext) {
        switch op {
        case .append(let r): appended.append(r); writes += 1
        case .upsert(let r): table[r.slot] = r.count; writes += 1
        case .preCommit(let txn, let rs):
            guard !committed.contains(txn) else { return }
            staged[txn] = rs
            if commitWaiting.remove(txn) != nil { commit(txn, &context) }
        case .commit(let txn):
            if staged[txn] != nil { commit(txn, &context) } else if !committed.contains(txn) { commitWaiting.insert(txn) }
        }
    }

    private mutating func commit(_ txn: Int, _ context: inout StreamContext) {
        let rs = staged.removeValue(forKey: txn) ?? []
        committed.insert(txn)
        appended.append(contentsOf: rs); writes += rs.count
        context.log("commits txn \(txn): \(rs.count) result\(rs.count == 1 ? "" : "s")")
    }

    /// The output as the checker reads it: the rows of the upsert table, or
    /// every appended/committed result.
    public var output: [StreamResult] {
        config.sink == .idempotent
            ? table.map { StreamResult(window: $0.key.window, key: $0.key.key, count: $0.value) }.sorted()
            : appended
    }
}

/// The store's data survives its crash.
public struct StreamStoreDurable: Sendable, Hashable {
    var appended: [StreamResult]
    var table: [StreamSlot: Int]
    var staged: [Int: [StreamResult]]
    var committed: Set<Int>
    var writes: Int
}
