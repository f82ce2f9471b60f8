import ClusterSim

/// A closed-loop key-value client, as Maelstrom's lin-kv clients are: it
/// issues its next operation when the previous one completes and records
/// every invoke and completion in the run's history.
///
/// Jepsen's conventions: a definite error completes as `fail`; no answer
/// within the timeout (or an indefinite error) completes as `info`, and the
/// client carries on as a new process, since the old one may still take effect.
public struct KVClient: Sendable {
    public let id: NodeID
    public let layout: ClusterLayout
    public let workload: RaftWorkload
    /// The Jepsen process this client is now.
    public private(set) var process: Int
    /// Operations completed (ok, fail or info).
    public private(set) var completed = 0
    /// Operations with a definite outcome (ok or fail): they went through the log, or were refused.
    public private(set) var acknowledged = 0
    /// The operation waiting for an answer.
    public private(set) var current: (request: Int, op: KVOperation)?
    /// The server it sends to: the leader, as far as it knows.
    public private(set) var target: NodeID
    var lastRequest = 0
    /// The shopping-cart workload runs instead of random operations when the workload has a `cart:` section.
    public private(set) var cart: RaftCartClient?

    public init(id: NodeID, layout: ClusterLayout, workload: RaftWorkload) {
        self.id = id; self.layout = layout; self.workload = workload
        process = id.index - layout.serverCount
        target = NodeID(process % max(1, layout.serverCount))
        if let c = workload.cart { cart = RaftCartClient(id: id, layout: layout, workload: workload, cart: c) }
    }

    public var isDone: Bool { cart?.isDone ?? (completed >= workload.opsPerClient) }

    public mutating func start(_ context: inout RaftContext) {
        if cart != nil { return cart!.start(&context) }
        issueNext(&context)
    }

    mutating func issueNext(_ context: inout RaftContext) {
        current = nil
        guard !isDone else { return }
        let op = randomOperation(&context)
        lastRequest += 1
        current = (lastRequest, op)
        context.record(HistoryOperation(process: process, type: .invoke, f: op.f, key: op.key, value: op.historyValue))
        context.send(.clientRequest(request: lastRequest, op: op), to: target)
        context.setTimer(.requestTimeout, after: workload.timeout)
    }

    func randomOperation(_ context: inout RaftContext) -> KVOperation {
        let w = workload
        let key = "k\(context.random(below: max(1, w.keys)))"
        let roll = context.random(below: max(1, w.readWeight + w.writeWeight + w.casWeight))
        let v = { (c: inout RaftContext) in Int64(c.random(below: max(1, w.values))) }
        if roll < w.readWeight { return .read(key) }
        if roll < w.readWeight + w.writeWeight { return .write(key, v(&context)) }
        return .cas(key, from: v(&context), to: v(&context))
    }

    public mutating func receive(_ message: RaftMessage, from: NodeID, _ context: inout RaftContext) {
        if cart != nil { return cart!.receive(message, from: from, &context) }
        guard case .clientReply(let request, let outcome) = message, let (r, op) = current, r == request else { return }
        switch outcome {
        case .result(.ok(let value)):
            complete(.ok, op.isRead ? value.map { .int($0) } ?? .null : op.historyValue, &context)
        case .result(.error(let e)) where e.isDefinite:
            complete(.fail, op.historyValue, error: .int(Int64(e.rawValue)), &context)
        case .result(.error):
            complete(.info, op.historyValue, &context)
        case .redirect(let leader):
            if let leader, leader != from {
                target = leader
                context.send(.clientRequest(request: r, op: op), to: target)
            } else {
                // Nobody knows the leader yet: try the next server after a pause.
                target = NodeID((from.index + 1) % layout.serverCount)
                context.setTimer(.retry, after: workload.retryBackoff)
            }
        }
    }

    public mutating func timerFired(_ tag: RaftTimer, _ context: inout RaftContext) {
        if cart != nil { return cart!.timerFired(tag, &context) }
        guard let (r, op) = current else { return }
        switch tag {
        case .retry:
            context.send(.clientRequest(request: r, op: op), to: target)
        case .requestTimeout:
            // The server may be down or cut off: try any other.
            let r = context.random(below: max(1, layout.serverCount - 1))
            target = NodeID(r >= target.index ? r + 1 : r)
            complete(.info, op.historyValue, &context)
        case .election, .heartbeat, .quorumCheck:
            break
        }
    }

    /// Records the op's completion; a definite failure carries Maelstrom's
    /// error code, so the checker knows a failed cas found another value.
    mutating func complete(_ type: HistoryOperation.Kind, _ value: HistoryValue, error: HistoryValue? = nil,
                           _ context: inout RaftContext) {
        guard let (_, op) = current else { return }
        context.record(HistoryOperation(process: process, type: type, f: op.f, key: op.key, value: value, error: error))
        if type == .info { process += layout.clientCount } else { acknowledged += 1 }
        completed += 1
        context.cancelTimer(.requestTimeout)
        context.cancelTimer(.retry)
        issueNext(&context)
    }

    public var summary: NodeSummary {
        if let cart { return cart.summary }
        var fields: [NodeSummary.Field] = [
            .init("process", String(process)),
            .init("done", "\(completed)/\(workload.opsPerClient)"),
            .init("server", "n\(target.index + 1)"),
        ]
        if let (r, op) = current { fields.append(.init("waiting", "#\(r) \(op)")) }
        return NodeSummary(role: "client", tone: .neutral, fields: fields)
    }
}
