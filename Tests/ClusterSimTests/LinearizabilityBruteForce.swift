import ClusterSim

/// A reference checker for tiny histories: tries every order of the ops that
/// respects real time, straight from the definition. Exponential; for
/// cross-checking the real checker on a handful of ops only.
enum BruteForceLinearizability {
    private struct Op {
        var f: String, argument: HistoryValue, result: HistoryValue
        var invoke: Int, completion: Int  // Int.max: pending
        var pending: Bool { completion == Int.max }
    }

    /// Whether a well-formed, single-key history is linearizable, the key
    /// starting at `initial` (nil: absent).
    static func isLinearizable(_ history: [HistoryOperation], initial: HistoryValue? = nil) -> Bool {
        var ops: [Op] = []
        var open: [Int: Int] = [:]  // process -> op index
        for (i, e) in history.enumerated() {
            if e.type == .invoke {
                open[e.process] = ops.count
                ops.append(Op(f: e.f, argument: e.value, result: .null, invoke: i, completion: Int.max))
            } else if let o = open.removeValue(forKey: e.process) {
                switch e.type {
                case .ok: ops[o].completion = i; ops[o].result = e.value
                case .fail where e.f == "cas" && e.error == .string("precondition-failed"):
                    ops[o].completion = i; ops[o].f = "cas-mismatch"  // ran, found another value
                case .fail: ops[o].f = "failed"
                default: break  // info: stays pending
                }
            }
        }
        // fail: gone; a read with no result: constrains nothing.
        ops.removeAll { $0.f == "failed" || ($0.f == "read" && $0.pending) }
        return search(ops, done: Array(repeating: false, count: ops.count), state: initial)
    }

    /// `state`: nil while the key is absent.
    private static func search(_ ops: [Op], done: [Bool], state: HistoryValue?) -> Bool {
        let remaining = ops.indices.filter { !done[$0] }
        if remaining.allSatisfy({ ops[$0].pending }) { return true }  // pending ops may never happen
        for i in remaining {
            // i may go next only if no remaining op returned before i was invoked.
            if remaining.contains(where: { ops[$0].completion < ops[i].invoke }) { continue }
            var next = done
            next[i] = true
            for after in successors(ops[i], state) where search(ops, done: next, state: after) { return true }
        }
        return false
    }

    /// The states op can leave behind when it runs in `state` (none: it cannot run).
    private static func successors(_ op: Op, _ state: HistoryValue?) -> [HistoryValue?] {
        switch op.f {
        case "read":
            return op.result == (state ?? .null) ? [state] : []
        case "write":
            return [op.argument]
        case "cas-mismatch":
            guard case .list(let pair) = op.argument else { return [] }
            return state != pair[0] ? [state] : []
        default:
            guard case .list(let pair) = op.argument else { return [] }
            let matches = state != nil && state == pair[0]
            if op.pending { return matches ? [pair[1]] : [state] }
            return matches ? [pair[1]] : []
        }
    }
}
