/// A concurrent key-value workload run against real (sequential) registers in
/// virtual time: the histories it produces are linearizable by construction.
///
/// Each client issues one op at a time on a random key: a read, a write or a
/// cas of small random values (as Maelstrom's lin-kv workload does, so values
/// repeat). Every op takes effect at one random instant strictly between its
/// invoke and its completion; ops from different clients overlap. A few ops
/// time out (`info`) and took effect or not, at random. Deterministic from the seed.
public struct RegisterWorkload: Sendable {
    public var operations: Int
    public var clients: Int
    public var keys: Int
    /// Values are drawn from `0..<values`.
    public var values: Int
    /// Chance an op completes `info` (it took effect or not, half and half).
    public var infoChance: Double
    /// Longest op latency, in virtual microseconds; longer means more overlap.
    public var maxLatency: Int

    public init(operations: Int, clients: Int, keys: Int, values: Int = 5, infoChance: Double = 0.01, maxLatency: Int = 1_000) {
        precondition(operations >= 0 && clients >= 1 && keys >= 1 && values >= 1 && maxLatency >= 2)
        self.operations = operations; self.clients = clients; self.keys = keys
        self.values = values; self.infoChance = infoChance; self.maxLatency = maxLatency
    }

    /// The history, invokes and completions in virtual-time order.
    public func history(seed: UInt64) -> [HistoryOperation] {
        var random = SeededRandom(seed: seed)
        var planned = plan(&random)
        apply(&planned, &random)
        return events(planned)
    }

    /// One op as planned: who, what, when it starts, takes effect and ends.
    private struct PlannedOp {
        var client: Int, key: Int, f: String
        var argument: HistoryValue
        var invoke: Int64, effect: Int64, completion: Int64
        var result: HistoryOperation.Kind = .ok
        var readValue: HistoryValue = .null
    }

    /// Timing and arguments: the client free soonest issues the next op.
    private func plan(_ random: inout SeededRandom) -> [PlannedOp] {
        var free = [Int64](repeating: 0, count: clients)
        var ops: [PlannedOp] = []
        ops.reserveCapacity(operations)
        for _ in 0..<operations {
            let client = free.indices.min { (free[$0], $0) < (free[$1], $1) }!
            let invoke = free[client] + Int64(random.below(UInt64(maxLatency / 4 + 1)))
            let latency = 2 + Int64(random.below(UInt64(maxLatency - 1)))
            let effect = invoke + 1 + Int64(random.below(UInt64(latency - 1)))
            let key = Int(random.below(UInt64(keys)))
            let (f, argument): (String, HistoryValue)
            switch random.below(10) {
            case 0..<5: (f, argument) = ("read", .null)
            case 5..<8: (f, argument) = ("write", value(&random))
            default: (f, argument) = ("cas", .list([value(&random), value(&random)]))
            }
            ops.append(PlannedOp(client: client, key: key, f: f, argument: argument,
                                 invoke: invoke, effect: effect, completion: invoke + latency))
            free[client] = invoke + latency
        }
        return ops
    }

    private func value(_ random: inout SeededRandom) -> HistoryValue {
        .int(Int64(random.below(UInt64(values))))
    }

    /// Runs the ops against one register per key in order of their effect instants.
    private func apply(_ ops: inout [PlannedOp], _ random: inout SeededRandom) {
        var registers = [HistoryValue?](repeating: nil, count: keys)
        for i in ops.indices.sorted(by: { (ops[$0].effect, $0) < (ops[$1].effect, $1) }) {
            if random.chance(infoChance) {
                ops[i].result = .info
                if random.chance(0.5) { continue }  // it never took effect
            }
            let key = ops[i].key
            switch (ops[i].f, ops[i].argument) {
            case ("read", _):
                ops[i].readValue = registers[key] ?? .null
            case ("write", let v):
                registers[key] = v
            case ("cas", .list(let pair)):
                if registers[key] == pair[0] { registers[key] = pair[1] }
                else if ops[i].result == .ok { ops[i].result = .fail }
            default:
                preconditionFailure("unplanned op \(ops[i].f)")
            }
        }
    }

    /// Invokes and completions sorted by virtual time (completions first on a tie).
    private func events(_ ops: [PlannedOp]) -> [HistoryOperation] {
        var timeline: [(time: Int64, order: Int, op: HistoryOperation)] = []
        timeline.reserveCapacity(ops.count * 2)
        for (i, p) in ops.enumerated() {
            let key = "k\(p.key)"
            timeline.append((p.invoke, 2 * i + 1, HistoryOperation(process: p.client, type: .invoke, f: p.f, key: key, value: p.argument)))
            let value = p.f == "read" ? (p.result == .ok ? p.readValue : .null) : p.argument
            timeline.append((p.completion, 2 * i, HistoryOperation(process: p.client, type: p.result, f: p.f, key: key, value: value)))
        }
        timeline.sort { ($0.time, $0.order & 1, $0.order) < ($1.time, $1.order & 1, $1.order) }
        return timeline.map(\.op)
    }
}
