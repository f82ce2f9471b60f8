import ClusterSim

/// A closed-loop client running list-append transactions (Elle's workload)
/// through a gateway server, recording each in the history as Jepsen does:
/// invoke, then `ok` with the reads filled in, `fail` when every attempt
/// aborted, or `info` when no answer came (it may yet commit) — after which it
/// carries on as a new process, at another gateway.
public struct CrdbClient: Sendable {
    public let id: NodeID
    let layout: ClusterLayout
    let config: RangeConfig
    public private(set) var process: Int
    public private(set) var completed = 0
    public private(set) var gateway: NodeID
    var current: (request: Int, ops: [CrdbMicroOp])?
    var lastRequest = 0
    var appended = 0

    public init(id: NodeID, layout: ClusterLayout, config: RangeConfig) {
        self.id = id; self.layout = layout; self.config = config
        process = id.index - layout.serverCount
        gateway = NodeID(process % max(1, layout.serverCount))
    }

    public var isDone: Bool { completed >= config.workload.txns + (id.index == layout.serverCount && !config.workload.script.isEmpty ? 1 : 0) }

    public mutating func start(_ context: inout RangeContext) { issueNext(&context) }

    mutating func issueNext(_ context: inout RangeContext) {
        current = nil
        guard !isDone else { return }
        let scripted = completed == 0 && id.index == layout.serverCount && !config.workload.script.isEmpty
        let ops = scripted ? config.workload.script : randomOps(&context)
        lastRequest += 1
        current = (lastRequest, ops)
        context.record(.txn(process: process, type: .invoke, ops.map { historyOp($0, read: nil) }))
        context.send(.txn(id: lastRequest, ops), to: gateway)
        context.setTimer(.timeout, after: config.workload.timeout)
    }

    mutating func randomOps(_ context: inout RangeContext) -> [CrdbMicroOp] {
        (0...context.random(below: max(1, config.workload.maxOps))).map { _ in
            let k = context.random(below: max(1, config.keys))
            guard context.chance(0.5) else { return .read(k) }
            appended += 1
            // Unique per client, and across clients (Elle needs every appended value distinct per key).
            return .append(k, appended * layout.clientCount + (id.index - layout.serverCount) + 1)
        }
    }

    func historyOp(_ op: CrdbMicroOp, read: [Int]??) -> HistoryValue {
        switch op {
        case .read(let k):
            let v: HistoryValue = read.map { $0.map { .list($0.map { .int(Int64($0)) }) } ?? .list([]) } ?? .null
            return HistoryOperation.microOp(.read, "k\(k)", v)
        case .append(let k, let x): return HistoryOperation.microOp(.append, "k\(k)", .int(Int64(x)))
        }
    }

    public mutating func receive(_ message: RangeMessage, from: NodeID, _ context: inout RangeContext) {
        guard case .txnReply(let request, let outcome) = message, let (r, ops) = current, r == request else { return }
        switch outcome {
        case .committed(let reads):
            complete(.ok, zip(ops, reads).map { historyOp($0, read: .some($1)) }, &context)
        case .aborted:
            complete(.fail, ops.map { historyOp($0, read: nil) }, &context)
        }
    }

    public mutating func timerFired(_ tag: RangeTimer, _ context: inout RangeContext) {
        switch tag {
        case .timeout:
            guard let (_, ops) = current else { return }
            let r = context.random(below: max(1, layout.serverCount - 1))
            gateway = NodeID(r >= gateway.index ? r + 1 : r)
            complete(.info, ops.map { historyOp($0, read: nil) }, &context)
        case .think:
            issueNext(&context)
        default:
            break
        }
    }

    mutating func complete(_ type: HistoryOperation.Kind, _ ops: [HistoryValue], _ context: inout RangeContext) {
        context.record(.txn(process: process, type: type, ops))
        if type == .info { process += layout.clientCount }
        completed += 1
        current = nil
        context.cancelTimer(.timeout)
        if config.workload.think > 0 { context.setTimer(.think, after: config.workload.think) } else { issueNext(&context) }
    }

    public var summary: NodeSummary {
        var fields: [NodeSummary.Field] = [
            .init("process", String(process)),
            .init("done", "\(completed)/\(config.workload.txns)"),
            .init("gateway", "n\(gateway.index + 1)"),
        ]
        if let (r, ops) = current { fields.append(.init("waiting", "#\(r) " + ops.map(\.description).joined(separator: ", "))) }
        return NodeSummary(role: "client", tone: .neutral, fields: fields)
    }
}
