import ClusterSim

/// A client running interactive transactions, one at a time: begin, then
/// each read or write as a request of its own, then commit.
///
/// Each transaction enters the run's history as Jepsen's clients log one:
/// an invoke with its micro-ops (reads null) when it asks to commit, then
/// `ok` with the reads filled in, `fail` if the server aborted it, or
/// `info` if no answer to the commit came (it may have committed: the
/// client goes on as a new process). A transaction aborted before commit
/// is logged as an invoke and a `fail` with the requests it had made.
public struct TxnKVClient: Sendable {
    public let id: NodeID
    public let layout: ClusterLayout
    public let workload: TxnKVWorkload
    /// The Jepsen process this client is now.
    public private(set) var process: Int
    public private(set) var committed = 0
    public private(set) var aborted = 0
    public private(set) var unknown = 0
    public private(set) var started = 0
    /// The transaction under way.
    public private(set) var txn: TxnKVTxnID?
    public private(set) var plan: TxnKVPlan?
    public private(set) var done: [TxnKVDone] = []
    /// What it waits for: 0 the begin, k > 0 request k, and whether that request is the commit.
    public private(set) var awaiting: (step: Int, commit: Bool)?
    var nextAppend: Int64 = 0

    public init(id: NodeID, layout: ClusterLayout, workload: TxnKVWorkload) {
        self.id = id; self.layout = layout; self.workload = workload
        process = id.index - layout.serverCount
    }

    var clientIndex: Int { id.index - layout.serverCount }
    var server: NodeID { NodeID(0) }
    public var finished: Int { committed + aborted + unknown }
    public var isDone: Bool { finished >= workload.transactionsPerClient && txn == nil }

    public mutating func start(_ context: inout TxnKVContext) { beginNext(&context) }

    mutating func beginNext(_ context: inout TxnKVContext) {
        txn = nil; plan = nil; done = []; awaiting = nil
        guard started < workload.transactionsPerClient else { return }
        started += 1
        let t = TxnKVTxnID(client: clientIndex, number: started)
        var appendCounter = nextAppend
        plan = TxnKVPlan.random(workload, client: clientIndex, clients: layout.clientCount, nextAppend: &appendCounter) {
            context.random(below: $0)
        }
        nextAppend = appendCounter
        txn = t
        send(.begin(t), awaiting: (0, false), &context)
    }

    mutating func send(_ m: TxnKVMessage, awaiting: (step: Int, commit: Bool), _ context: inout TxnKVContext) {
        self.awaiting = awaiting
        context.send(m, to: server)
        context.setTimer(.requestTimeout, after: workload.timeout)
    }

    /// Sends the next request, or the commit when the plan has no more.
    mutating func proceed(_ context: inout TxnKVContext) {
        guard let t = txn, let plan else { return }
        let step = done.count + 1
        if let op = plan.next(after: done, txn: t, initialBalance: workload.initialBalance) {
            done.append(TxnKVDone(op: op))
            send(.op(t, step: step, op), awaiting: (step, false), &context)
        } else {
            context.record(.txn(process: process, type: .invoke, done.map { $0.micro(filled: false) }))
            send(.commit(t, step: step), awaiting: (step, true), &context)
        }
    }

    public mutating func receive(_ message: TxnKVMessage, from: NodeID, _ context: inout TxnKVContext) {
        guard let t = txn, let (step, isCommit) = awaiting else { return }
        switch message {
        case .began(let m) where m == t && step == 0:
            replied(&context)
        case .result(let m, let s, let v) where m == t && s == step && !isCommit:
            done[s - 1].read = v
            replied(&context)
        case .committed(let m) where m == t && isCommit:
            context.record(.txn(process: process, type: .ok, done.map { $0.micro(filled: true) }))
            committed += 1
            end(&context)
        case .aborted(let m, let reason) where m == t:
            if !isCommit { context.record(.txn(process: process, type: .invoke, done.map { $0.micro(filled: false) })) }
            context.record(HistoryOperation(process: process, type: .fail, f: "txn", key: "",
                                            value: .list(done.map { $0.micro(filled: false) }), error: .string(reason.rawValue)))
            aborted += 1
            end(&context)
        default:
            break
        }
    }

    mutating func replied(_ context: inout TxnKVContext) {
        context.cancelTimer(.requestTimeout)
        awaiting = nil
        if workload.think > 0 { context.setTimer(.think, after: workload.think) } else { proceed(&context) }
    }

    mutating func end(_ context: inout TxnKVContext) {
        context.cancelTimer(.requestTimeout)
        beginNext(&context)
    }

    public mutating func timerFired(_ tag: TxnKVTimer, _ context: inout TxnKVContext) {
        switch tag {
        case .think:
            if awaiting == nil { proceed(&context) }
        case .requestTimeout:
            guard let t = txn, let (_, isCommit) = awaiting else { return }
            if isCommit {
                context.record(.txn(process: process, type: .info, done.map { $0.micro(filled: false) }))
                process += layout.clientCount
                unknown += 1
            } else {
                // It never asked to commit, so it did not: say so, and free its locks.
                context.record(.txn(process: process, type: .invoke, done.map { $0.micro(filled: false) }))
                context.record(HistoryOperation(process: process, type: .fail, f: "txn", key: "",
                                                value: .list(done.map { $0.micro(filled: false) }), error: .string("timeout")))
                context.send(.abort(t), to: server)
                aborted += 1
            }
            end(&context)
        case .expire, .sample:
            break
        }
    }

    public var summary: NodeSummary {
        var fields: [NodeSummary.Field] = []
        if let t = txn, let plan { fields.append(.init("txn", "\(t) \(plan)")) }
        fields += [
            .init("done", "\(finished)/\(workload.transactionsPerClient)"),
            .init("commits", String(committed)),
            .init("aborts", String(aborted)),
            .init("process", String(process)),
        ]
        var details: [String] = []
        if let t = txn {
            details.append("\(t): " + done.map { d in d.op.isRead ? "\(d.op)=\(TxnKVServer.shown(d.read))" : d.op.description }.joined(separator: "; "))
        }
        return NodeSummary(role: "client", tone: txn == nil ? .neutral : .follower, fields: fields, details: details)
    }
}
