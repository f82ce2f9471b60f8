import ClusterSim

// A stand-in for the `lincheck` branch's checker, with exactly its API, so
// the Raft tests run before that branch lands. Delete this file when
// merging `lincheck` (the module's own type then takes over).
//
// Wing & Gong's search per key, with memoisation of (linearized set, value)
// as in Lowe's and Porcupine's versions. `fail` operations never happened;
// `info` operations may take effect at any point after their invoke, or never.

enum LinearizabilityResult: Sendable, Hashable {
    case linearizable
    case notLinearizable(key: String, window: [HistoryOperation])
}

struct MalformedHistory: Error, CustomStringConvertible {
    var description: String
}

enum LinearizabilityChecker {
    static func check(_ history: [HistoryOperation]) throws -> LinearizabilityResult {
        struct Op { var invoke: Int; var ret: Int; var f: String; var value: HistoryValue; var ok: Bool; var index: Int }
        var open: [Int: Int] = [:]  // process → index in ops
        var byKey: [String: [Op]] = [:]
        var ops: [(key: String, op: Op)] = []
        for (t, h) in history.enumerated() {
            switch h.type {
            case .invoke:
                guard open[h.process] == nil else { throw MalformedHistory(description: "process \(h.process) invoked twice") }
                open[h.process] = ops.count
                ops.append((h.key, Op(invoke: t, ret: .max, f: h.f, value: h.value, ok: false, index: t)))
            case .ok, .fail, .info:
                guard let i = open.removeValue(forKey: h.process) else {
                    throw MalformedHistory(description: "process \(h.process) completed without invoking")
                }
                if h.type == .fail { ops[i].op.f = "failed"; continue }
                if h.type == .ok { ops[i].op.ret = t; ops[i].op.ok = true; ops[i].op.value = h.value }
            }
        }
        for (key, op) in ops where op.f != "failed" && !(op.f == "read" && !op.ok) { byKey[key, default: []].append(op) }
        for key in byKey.keys.sorted() {
            let list = byKey[key]!
            if !linearizable(list.map { ($0.invoke, $0.ret, $0.f, $0.value, $0.ok) }) {
                let window = history.filter { $0.key == key }
                return .notLinearizable(key: key, window: window)
            }
        }
        return .linearizable
    }

    /// Register semantics: nil is a key never written.
    private static func step(_ state: Int64?, _ f: String, _ value: HistoryValue, _ ok: Bool) -> Int64?? {
        switch (f, value) {
        case ("write", .int(let v)): return .some(v)
        case ("read", .int(let v)): return state == v ? .some(state) : nil
        case ("read", .null): return state == nil ? .some(state) : nil
        case ("cas", .list(let l)):
            guard l.count == 2, case .int(let a) = l[0], case .int(let b) = l[1] else { return nil }
            return state == a ? .some(b) : nil
        default: return nil
        }
    }

    private static func linearizable(_ ops: [(invoke: Int, ret: Int, f: String, value: HistoryValue, ok: Bool)]) -> Bool {
        let n = ops.count
        let words = (n + 63) / 64
        struct Key: Hashable { var done: [UInt64]; var state: Int64? }
        var seen = Set<Key>()
        let mustFinish = ops.indices.filter { ops[$0].ok }
        func search(_ done: inout [UInt64], _ state: Int64?, _ remainingOK: Int) -> Bool {
            if remainingOK == 0 { return true }
            guard seen.insert(Key(done: done, state: state)).inserted else { return false }
            var horizon = Int.max
            for i in mustFinish where done[i / 64] & (1 << UInt64(i % 64)) == 0 { horizon = min(horizon, ops[i].ret) }
            for i in 0..<n where done[i / 64] & (1 << UInt64(i % 64)) == 0 && ops[i].invoke < horizon {
                guard let next = step(state, ops[i].f, ops[i].value, ops[i].ok) else { continue }
                done[i / 64] |= 1 << UInt64(i % 64)
                if search(&done, next, remainingOK - (ops[i].ok ? 1 : 0)) { return true }
                done[i / 64] &= ~(1 << UInt64(i % 64))
            }
            return false
        }
        var done = [UInt64](repeating: 0, count: words)
        return search(&done, nil, mustFinish.count)
    }
}
