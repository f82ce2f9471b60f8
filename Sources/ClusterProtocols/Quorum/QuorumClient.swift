import ClusterSim

/// A closed-loop client of the quorum store: each operation goes to a random
/// server, which coordinates it, and every invoke and completion is recorded
/// in the run's history in Jepsen's shape. Each write writes a value no other
/// write uses, so a read's value names the write it saw.
///
/// A read that fails or times out completes as `fail` (it changed nothing); a
/// write that is refused or times out completes as `info` (some replicas may
/// hold it), and the client carries on as a new process.
public struct QuorumClient: Sendable {
    public enum Operation: Sendable, Hashable, CustomStringConvertible {
        case read(String)
        case write(String, Int64)
        public var key: String { switch self { case .read(let k), .write(let k, _): return k } }
        public var description: String {
            switch self {
            case .read(let k): return "read \(k)"
            case .write(let k, let v): return "write \(k) \(v)"
            }
        }
    }

    public let id: NodeID
    public let layout: ClusterLayout
    public let workload: QuorumWorkload
    public private(set) var process: Int
    public private(set) var completed = 0
    public private(set) var current: (request: Int, op: Operation, coordinator: NodeID)?
    var lastRequest = 0
    var writes = 0

    public init(id: NodeID, layout: ClusterLayout, workload: QuorumWorkload) {
        self.id = id; self.layout = layout; self.workload = workload
        process = id.index - layout.serverCount
    }

    public var isDone: Bool { completed >= workload.opsPerClient }

    public mutating func start(_ context: inout QuorumContext) { issueNext(&context) }

    mutating func issueNext(_ context: inout QuorumContext) {
        current = nil
        guard !isDone, layout.serverCount > 0 else { return }
        let key = "k\(context.random(below: max(1, workload.keys)))"
        let isRead = context.random(below: max(1, workload.readWeight + workload.writeWeight)) < workload.readWeight
        let coordinator = NodeID(context.random(below: layout.serverCount))
        lastRequest += 1
        if isRead {
            current = (lastRequest, .read(key), coordinator)
            context.record(HistoryOperation(process: process, type: .invoke, f: "read", key: key, value: .null))
            context.send(.clientRead(request: lastRequest, key: key), to: coordinator)
        } else {
            writes += 1
            // Unique across clients: the client's number, then its write count.
            let value = Int64(id.index - layout.serverCount + 1) * 1_000_000 + Int64(writes)
            current = (lastRequest, .write(key, value), coordinator)
            context.record(HistoryOperation(process: process, type: .invoke, f: "write", key: key, value: .int(value)))
            context.send(.clientWrite(request: lastRequest, key: key, value: value), to: coordinator)
        }
        context.setTimer(.requestTimeout, after: workload.timeout)
    }

    public mutating func receive(_ message: QuorumMessage, from: NodeID, _ context: inout QuorumContext) {
        guard case .clientReply(let request, let outcome) = message, let c = current, c.request == request else { return }
        switch (c.op, outcome) {
        case (.read, .value(let v)): complete(.ok, v.map { .int($0) } ?? .null, &context)
        case (.write(_, let v), .written): complete(.ok, .int(v), &context)
        default: giveUp(&context)
        }
    }

    public mutating func timerFired(_ tag: QuorumTimer, _ context: inout QuorumContext) {
        if tag == .requestTimeout, current != nil { giveUp(&context) }
    }

    mutating func giveUp(_ context: inout QuorumContext) {
        guard let c = current else { return }
        switch c.op {
        case .read: complete(.fail, .null, &context)
        case .write(_, let v): complete(.info, .int(v), &context)
        }
    }

    mutating func complete(_ type: HistoryOperation.Kind, _ value: HistoryValue, _ context: inout QuorumContext) {
        guard let c = current else { return }
        let f: String
        if case .read = c.op { f = "read" } else { f = "write" }
        context.record(HistoryOperation(process: process, type: type, f: f, key: c.op.key, value: value))
        if type == .info { process += layout.clientCount }
        completed += 1
        context.cancelTimer(.requestTimeout)
        issueNext(&context)
    }

    public var summary: NodeSummary {
        var fields: [NodeSummary.Field] = [.init("process", String(process)),
                                           .init("done", "\(completed)/\(workload.opsPerClient)")]
        if let c = current { fields.append(.init("waiting", "#\(c.request) \(c.op) via n\(c.coordinator.index + 1)")) }
        return NodeSummary(role: "client", tone: .neutral, fields: fields)
    }
}
