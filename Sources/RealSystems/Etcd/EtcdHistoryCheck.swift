import ClusterSim

/// The etcd workload's verdict: the register history checked for
/// linearizability key by key (Maelstrom's lin-kv semantics: keys start
/// absent). The search is bounded; a key it cannot decide within the budget
/// is reported `unknown`, never passed as linearizable. (The runner prints
/// the operation counts; the lines here say only what the checker found.)
enum EtcdHistoryCheck {
    static func verdict(_ history: [HistoryOperation], budget: Int) -> RealVerdict {
        do {
            switch try LinearizabilityChecker.check(history, budget: budget) {
            case .linearizable:
                return RealVerdict(word: "linearizable", passed: true)
            case .notLinearizable(let key, let window):
                var lines = ["key \(key): no order of these operations respects both real time and a register's rules" + anomaly(window, history: history)]
                lines += window.map { "  " + HistoryFile.jsonLine($0) }
                return RealVerdict(word: "not linearizable", passed: false, lines: lines)
            }
        } catch let undecided as LinearizabilityUndecided {
            return RealVerdict(word: "unknown", passed: false,
                               lines: ["the checker \(undecided) (budget \(budget) per key): neither linearizable nor not"])
        } catch {
            return RealVerdict(word: "unknown", passed: false, lines: ["the history could not be checked: \(error)"])
        }
    }

    /// Names the anomaly when the window shows a common one: a read of a
    /// value no operation of the history wrote, or a stale read (a read that
    /// began after another write had overwritten, and finished, the value it returned).
    static func anomaly(_ window: [HistoryOperation], history: [HistoryOperation]) -> String {
        let ops = paired(window)
        let everWritten = Set(history.filter { $0.type == .invoke }.compactMap { op -> HistoryValue? in
            if op.f == "write" { return op.value }
            if op.f == "cas", case .list(let pair) = op.value, pair.count == 2 { return pair[1] }
            return nil
        })
        for read in ops where read.invoke.f == "read" && read.completion?.type == .ok {
            let v = read.completion!.value
            guard v != .null else { continue }
            if !everWritten.contains(v) { return " (a read of \(v), a value no operation wrote)" }
            for writer in ops where writer.written == v && writer.completion?.type == .ok {
                if let later = ops.first(where: { $0.written != nil && $0.written != v && $0.completion?.type == .ok
                        && $0.start > writer.end && $0.end < read.start }) {
                    return " (a stale read: \(v) read after \(later.invoke.f) \(later.invoke.value) had replaced it)"
                }
            }
        }
        return ""
    }

    /// Invokes paired with their completions (positions in `lines`); `written` the value an ok write or cas stored.
    private static func paired(_ lines: [HistoryOperation]) -> [(invoke: HistoryOperation, completion: HistoryOperation?, start: Int, end: Int, written: HistoryValue?)] {
        var open: [Int: Int] = [:]
        var ops: [(invoke: HistoryOperation, completion: HistoryOperation?, start: Int, end: Int, written: HistoryValue?)] = []
        for (i, op) in lines.enumerated() {
            if op.type == .invoke {
                open[op.process] = ops.count
                ops.append((op, nil, i, Int.max, nil))
            } else if let k = open.removeValue(forKey: op.process) {
                ops[k].completion = op; ops[k].end = i
                if op.type == .ok, op.f == "write" { ops[k].written = op.value }
                if op.type == .ok, op.f == "cas", case .list(let pair) = op.value, pair.count == 2 { ops[k].written = pair[1] }
            }
        }
        return ops
    }
}
