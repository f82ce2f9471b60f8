import Testing
import ClusterSim
import TestSupport

// Randomised: seeds from TestSeeds (CLUSTERLAB_SEED=n replays one); each
// seed also picks the shape (clients, keys, transaction sizes, fault rates).

/// A single-copy store that runs each transaction atomically at one instant
/// between its invoke and its completion: every history it produces is
/// strictly serializable, so the checker must find nothing at all.
struct SerialTxnStore {
    var lists: [Int: [Int64]] = [:]
    var registers: [Int: Int64] = [:]
    var nextValue: Int64 = 1

    /// Runs `ops` (reads' values ignored) and returns them with reads filled in.
    mutating func run(_ ops: [(f: String, key: Int, value: Int64)], workload: TxnWorkload) -> String {
        var out: [String] = []
        for op in ops {
            switch op.f {
            case "append": lists[op.key, default: []].append(op.value); out.append(#"["append",\#(op.key),\#(op.value)]"#)
            case "w": registers[op.key] = op.value; out.append(#"["w",\#(op.key),\#(op.value)]"#)
            default:
                let seen = workload == .listAppend ? "[" + (lists[op.key] ?? []).map(String.init).joined(separator: ",") + "]"
                                                   : registers[op.key].map(String.init) ?? "null"
                out.append(#"["r",\#(op.key),\#(seen)]"#)
            }
        }
        return "[" + out.joined(separator: ",") + "]"
    }

    static func unread(_ ops: [(f: String, key: Int, value: Int64)]) -> String {
        "[" + ops.map { #"["\#($0.f)",\#($0.key),\#($0.f == "r" ? "null" : String($0.value))]"# }.joined(separator: ",") + "]"
    }

    /// A history of `count` transactions by interleaved clients; some fail
    /// (never ran) and some end `info` (ran or not, unknown).
    static func history(seed: UInt64, workload: TxnWorkload) -> (lines: [String], store: SerialTxnStore, keys: Int) {
        var random = SeededRandom(seed: seed)
        let clients = 1 + Int(random.below(5)), keys = 2 + Int(random.below(4)), count = 10 + Int(random.below(60))
        let faults = random.below(3) == 0
        var store = SerialTxnStore()
        enum Stage { case idle, invoked([(f: String, key: Int, value: Int64)]), ran([(f: String, key: Int, value: Int64)], String) }
        var stage = Array(repeating: Stage.idle, count: clients)
        var lines: [String] = [], issued = 0
        while issued < count || stage.contains(where: { if case .idle = $0 { false } else { true } }) {
            let p = Int(random.below(UInt64(clients)))
            switch stage[p] {
            case .idle:
                guard issued < count else { continue }
                issued += 1
                let ops = (0..<(1 + Int(random.below(4)))).map { _ -> (f: String, key: Int, value: Int64) in
                    let write = random.below(2) == 0
                    defer { if write { store.nextValue += 1 } }
                    return (write ? (workload == .listAppend ? "append" : "w") : "r", Int(random.below(UInt64(keys))), store.nextValue)
                }
                lines.append(txnLine(p, "invoke", unread(ops)))
                stage[p] = .invoked(ops)
            case .invoked(let ops):
                if faults, random.below(8) == 0 {
                    lines.append(txnLine(p, random.below(2) == 0 ? "fail" : "info", unread(ops)))
                    stage[p] = .idle
                } else {
                    stage[p] = .ran(ops, store.run(ops, workload: workload))
                }
            case .ran(let ops, let result):
                lines.append(faults && random.below(8) == 0 ? txnLine(p, "info", unread(ops)) : txnLine(p, "ok", result))
                stage[p] = .idle
            }
        }
        return (lines, store, keys)
    }
}

@Test(arguments: TxnWorkload.allCases)
func serialHistoriesHaveNoAnomalies(_ workload: TxnWorkload) throws {
    for seed in TestSeeds.sweep(60) {
        let h = SerialTxnStore.history(seed: seed, workload: workload)
        for wfr in workload == .rwRegister ? [false, true] : [false] {
            let r = try TxnChecker.check(jsonLines: h.lines.joined(separator: "\n"),
                                         options: .init(model: .strictSerializable, writesFollowReads: wfr, workload: workload))
            #expect(r.anomalies.isEmpty, "seed \(seed) wfr \(wfr): \(r.text)\n\(h.lines.joined(separator: "\n"))")
        }
    }
}

/// Two transactions read the same snapshot of two keys and each appends to
/// a different one; a later read sees both appends. Write skew: G2, which
/// snapshot isolation allows and serializability does not.
@Test func anInjectedWriteSkewIsG2() throws {
    for seed in TestSeeds.sweep(60) {
        var (lines, store, keys) = SerialTxnStore.history(seed: seed, workload: .listAppend)
        var random = SeededRandom(seed: seed ^ 0x5eed)
        let k1 = Int(random.below(UInt64(keys))), k2 = (k1 + 1 + Int(random.below(UInt64(keys - 1)))) % keys
        let (a, b) = (store.nextValue, store.nextValue + 1)
        let snapshot = store.run([("r", k1, 0), ("r", k2, 0)], workload: .listAppend).dropFirst().dropLast()
        let before = store
        lines.append(txnLine(100, "invoke", SerialTxnStore.unread([("r", k1, 0), ("r", k2, 0), ("append", k1, a)])))
        lines.append(txnLine(101, "invoke", SerialTxnStore.unread([("r", k1, 0), ("r", k2, 0), ("append", k2, b)])))
        lines.append(txnLine(100, "ok", "[\(snapshot),[\"append\",\(k1),\(a)]]"))
        lines.append(txnLine(101, "ok", "[\(snapshot),[\"append\",\(k2),\(b)]]"))
        store = before
        store.lists[k1, default: []].append(a); store.lists[k2, default: []].append(b)
        let reader = [(f: "r", key: k1, value: Int64(0)), (f: "r", key: k2, value: Int64(0))]
        lines.append(txnLine(102, "invoke", SerialTxnStore.unread(reader)))
        lines.append(txnLine(102, "ok", store.run(reader, workload: .listAppend)))
        let text = lines.joined(separator: "\n")
        let r = try TxnChecker.check(jsonLines: text, options: .init(model: .serializable))
        #expect(kinds(r) == ["G2-item"], "seed \(seed): \(r.text)\n\(text)")
        #expect(r.anomalies.first?.transactions.count == 2, "seed \(seed): the smallest cycle is the two writers")
        #expect(try TxnChecker.check(jsonLines: text, options: .init(model: .snapshotIsolation)).isValid, "seed \(seed)")
    }
}
