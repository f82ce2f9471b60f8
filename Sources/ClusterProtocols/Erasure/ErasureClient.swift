import ClusterSim

/// An S3 client of the gateway: PUTs its objects (`obj-C-I`, random bytes),
/// then GETs objects it was told were stored, one request at a time, and
/// records each in the run's history (`put`/`get` with the bytes in hex).
public struct ErasureClient: Sendable, Hashable {
    let workload: ErasureWorkload
    let name: Int
    var nextOp = 1
    var puts = 0, reads = 0
    /// The request in flight: its op number, key and, for a PUT, the value.
    var inFlight: InFlight?
    struct InFlight: Sendable, Hashable { var op: Int, key: String, value: [UInt8]? }
    var acknowledged: [String] = []
    public var getsOK = 0, getsRefused = 0, putsOK = 0, putsFailed = 0

    init(name: Int, workload: ErasureWorkload) { self.name = name; self.workload = workload }

    static func hex(_ bytes: [UInt8]) -> String {
        bytes.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
    }

    mutating func start(_ context: inout NodeContext<ErasureProcess>) {
        context.setTimer(.nextOp, after: workload.pause)
    }

    var done: Bool { puts >= workload.objects && (reads >= workload.reads || acknowledged.isEmpty) }

    mutating func timerFired(_ tag: ErasureProcess.TimerTag, _ context: inout NodeContext<ErasureProcess>) {
        switch tag {
        case .nextOp:
            if let pending = inFlight {
                // The gateway never answered: the outcome is unknown.
                context.record(HistoryOperation(process: context.id.index, type: .info, f: pending.value == nil ? "get" : "put",
                                                key: pending.key, value: .null, error: .string("timeout")))
                inFlight = nil
            }
            issue(&context)
        default:
            break
        }
    }

    mutating func issue(_ context: inout NodeContext<ErasureProcess>) {
        guard !done else { return }
        let op = nextOp
        nextOp += 1
        if puts < workload.objects {
            let key = "obj-\(name)-\(puts)"
            puts += 1
            let value = (0..<workload.size).map { _ in UInt8(context.random(below: 256)) }
            inFlight = InFlight(op: op, key: key, value: value)
            context.record(HistoryOperation(process: context.id.index, type: .invoke, f: "put", key: key, value: .string(Self.hex(value))))
            context.send(.put(op: op, key: key, value: value), to: NodeID(0))
        } else {
            reads += 1
            let key = acknowledged[context.random(below: acknowledged.count)]
            inFlight = InFlight(op: op, key: key, value: nil)
            context.record(HistoryOperation(process: context.id.index, type: .invoke, f: "get", key: key, value: .null))
            context.send(.get(op: op, key: key), to: NodeID(0))
        }
        context.setTimer(.nextOp, after: workload.timeout)
    }

    mutating func receive(_ message: ErasureMessage, _ context: inout NodeContext<ErasureProcess>) {
        guard let pending = inFlight else { return }
        let me = context.id.index
        switch message {
        case let .putOK(op) where op == pending.op:
            putsOK += 1
            acknowledged.append(pending.key)
            context.record(HistoryOperation(process: me, type: .ok, f: "put", key: pending.key, value: .string(Self.hex(pending.value ?? []))))
        case let .putFailed(op, reason) where op == pending.op:
            putsFailed += 1
            context.record(HistoryOperation(process: me, type: .fail, f: "put", key: pending.key, value: .null, error: .string(reason)))
        case let .getOK(op, value) where op == pending.op:
            getsOK += 1
            context.record(HistoryOperation(process: me, type: .ok, f: "get", key: pending.key, value: .string(Self.hex(value))))
        case let .getFailed(op, reason) where op == pending.op:
            getsRefused += 1
            context.record(HistoryOperation(process: me, type: .fail, f: "get", key: pending.key, value: .null, error: .string(reason)))
        default:
            return
        }
        inFlight = nil
        context.setTimer(.nextOp, after: workload.pause)
    }

    var summary: NodeSummary {
        NodeSummary(role: "client", tone: .neutral, fields: [
            .init("puts", "\(putsOK)"), .init("failed", "\(putsFailed)"),
            .init("gets", "\(getsOK)"), .init("refused", "\(getsRefused)"),
        ])
    }
}
