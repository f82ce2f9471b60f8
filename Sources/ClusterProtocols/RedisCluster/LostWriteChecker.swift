import ClusterSim

/// An acknowledged SET that the cluster no longer holds at the end of the run.
public struct LostWrite: Sendable, Hashable, CustomStringConvertible {
    public var key: String
    public var value: Int64
    /// What the cluster holds for the key now (nil: nothing).
    public var final: Int64?
    /// The write's `ok` as a position in the history.
    public var ackedAt: Int
    public var description: String {
        "SET \(key) \(value) was acknowledged (history line \(ackedAt + 1)) but the cluster now holds "
            + (final.map { "\(key) = \($0), an older write" } ?? "no \(key)")
    }
}

/// Finds acknowledged writes the cluster lost. A write W (acknowledged `ok`)
/// is lost when, at the end, its key is missing, or holds the value of a
/// write that was acknowledged before W was even invoked (so no order of
/// the writes could put it after W). Concurrent writes, and writes that
/// timed out (`info`, which may land any time), may legitimately win.
///
/// Under Redis Cluster's asynchronous replication this *can* fail: a master
/// acknowledges a write, crashes before its replicas get it, and a replica
/// is promoted without it. That is documented Redis behaviour, not a bug of
/// the simulation — the checker makes it visible.
public enum LostWriteChecker {
    struct Write { var value: Int64; var invoke: Int; var ack: Int? }

    /// `final` maps each key to what the cluster holds; keys absent from
    /// `unknown` but also absent from `final` are missing.
    public static func check(_ history: [HistoryOperation], final: [String: Int64], unknown: Set<String> = []) -> [LostWrite] {
        var pending: [Int: Int] = [:]
        var writes: [String: [Write]] = [:]
        for (i, op) in history.enumerated() {
            if op.type == .invoke { pending[op.process] = i; continue }
            guard let start = pending.removeValue(forKey: op.process), op.f == "write", case .int(let v) = op.value else { continue }
            switch op.type {
            case .ok: writes[op.key, default: []].append(Write(value: v, invoke: start, ack: i))
            case .info: writes[op.key, default: []].append(Write(value: v, invoke: start, ack: nil))
            default: break
            }
        }
        var lost: [LostWrite] = []
        for key in writes.keys.sorted() where !unknown.contains(key) {
            let all = writes[key]!
            let held = final[key]
            let source = held.flatMap { v in all.first { $0.value == v } }
            if held != nil, source == nil { continue }  // a value written outside the workload: cannot judge
            for w in all {
                guard let ack = w.ack, w.value != held else { continue }
                // Lost if nothing is held, or what is held was acknowledged before W began.
                if let s = source, s.ack.map({ $0 > w.invoke }) ?? true { continue }
                lost.append(LostWrite(key: key, value: w.value, final: held, ackedAt: ack))
            }
        }
        return lost
    }

    /// What a finished run's cluster holds: for each key, the value on the
    /// running master that serves its slot with the highest configEpoch (or
    /// on the importing node, when the key has already migrated). Keys whose
    /// slot no running master serves are `unknown`.
    public static func finalState(of sim: Simulation<RedisProcess>, keys: Set<String>) -> (values: [String: Int64], unknown: Set<String>) {
        let masters = sim.layout.servers.compactMap { n -> RedisServer? in
            guard sim.status(of: n) == .up, let s = sim.node(n)?.server, s.isMaster else { return nil }
            return s
        }
        var values: [String: Int64] = [:]
        var unknown = Set<String>()
        for key in keys.sorted() {
            let slot = RedisHashSlot.slot(forKey: key)
            guard let owner = masters.filter({ $0.slots.owner(of: slot) == $0.id }).max(by: { $0.configEpoch < $1.configEpoch }) else {
                unknown.insert(key); continue
            }
            if let v = owner.store[key] { values[key] = v; continue }
            if let target = owner.migrating[slot], let t = masters.first(where: { $0.id == target }) { values[key] = t.store[key] }
        }
        return (values, unknown)
    }

    /// The check of a finished run.
    public static func check(_ sim: Simulation<RedisProcess>) -> [LostWrite] {
        let history = sim.trace.history
        let state = finalState(of: sim, keys: Set(history.filter { $0.f == "write" }.map(\.key)))
        return check(history, final: state.values, unknown: state.unknown)
    }
}
