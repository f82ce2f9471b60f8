import ClusterSim

/// A closed-loop client: it submits a transaction writing one key on each
/// of `span` random participants, waits for the outcome and records the
/// transaction in the run's history as Jepsen would (`f: txn`, micro-ops `w`):
/// `ok` when committed, `fail` when aborted, `info` when it never heard.
public struct TwoPCClient: Sendable {
    public let id: NodeID
    let config: TwoPCConfig
    let layout: ClusterLayout
    public private(set) var process: Int
    public private(set) var completed = 0
    public private(set) var committed = 0
    /// The transaction waiting for its outcome.
    public private(set) var current: (txn: TwoPCTxnID, writes: [TwoPCWrite])?
    var target: NodeID
    var sequence = 0

    init(id: NodeID, layout: ClusterLayout, config: TwoPCConfig) {
        self.id = id; self.layout = layout; self.config = config
        process = id.index - layout.serverCount
        target = NodeID(0)
    }

    mutating func start(_ context: inout TwoPCContext) { issueNext(&context) }

    /// One write on each of `span` distinct random participants.
    static func randomWrites(config: TwoPCConfig, layout: ClusterLayout, value: Int64,
                             _ context: inout TwoPCContext) -> [TwoPCWrite] {
        var pool = config.participants(servers: layout.serverCount)
        var writes: [TwoPCWrite] = []
        for _ in 0..<min(config.workload.span, pool.count) {
            let p = pool.remove(at: context.random(below: pool.count))
            let keys = config.keys(of: p, servers: layout.serverCount)
            guard !keys.isEmpty else { continue }
            writes.append(TwoPCWrite(keys[context.random(below: keys.count)], value))
        }
        return writes.sorted { $0.key < $1.key }
    }

    mutating func issueNext(_ context: inout TwoPCContext) {
        current = nil
        guard completed < config.workload.ops else { return }
        sequence += 1
        let value = Int64(sequence * layout.clientCount + (id.index - layout.serverCount) + 1)
        let writes = Self.randomWrites(config: config, layout: layout, value: value, &context)
        let t = "\(layout.name(id)).\(sequence)"
        current = (t, writes)
        context.record(.txn(process: process, type: .invoke, micro(writes)))
        context.send(.begin(txn: t, writes: writes), to: target)
        context.setTimer(.requestTimeout, after: config.workload.timeout)
    }

    func micro(_ writes: [TwoPCWrite]) -> [HistoryValue] {
        writes.map { HistoryOperation.microOp(.write, $0.key, .int($0.value)) }
    }

    mutating func receive(_ message: TwoPCMessage, from: NodeID, _ context: inout TwoPCContext) {
        guard let (t, writes) = current else { return }
        switch message {
        case let .outcome(txn, ok) where txn == t:
            complete(ok ? .ok : .fail, &context)
            if ok { committed += 1 }
        case let .redirect(txn, leader) where txn == t:
            if let leader, leader != from {
                target = leader
                context.send(.begin(txn: t, writes: writes), to: target)
            } else {
                target = NodeID((from.index + 1) % max(1, config.coordinators))
                context.setTimer(.retry, after: config.retry / 3)
            }
        default: break
        }
    }

    mutating func timerFired(_ tag: TwoPCTimer, _ context: inout TwoPCContext) {
        switch tag {
        case .requestTimeout:
            guard current != nil else { return }
            target = NodeID((target.index + 1) % max(1, config.coordinators))
            complete(.info, &context)
        case .next: issueNext(&context)
        case .retry:
            if let (t, writes) = current { context.send(.begin(txn: t, writes: writes), to: target) }
        default: break
        }
    }

    mutating func complete(_ type: HistoryOperation.Kind, _ context: inout TwoPCContext) {
        guard let (_, writes) = current else { return }
        context.record(.txn(process: process, type: type, micro(writes)))
        if type == .info { process += layout.clientCount }
        completed += 1
        current = nil
        context.cancelTimer(.requestTimeout)
        context.setTimer(.next, after: config.workload.think)
    }

    public var summary: NodeSummary {
        var fields: [NodeSummary.Field] = [
            .init("done", "\(completed)/\(config.workload.ops)"),
            .init("commits", String(committed)),
        ]
        if let (t, w) = current { fields.append(.init("waiting", "\(t) " + w.map(\.description).joined(separator: " "))) }
        return NodeSummary(role: "client", tone: .neutral, fields: fields)
    }
}
