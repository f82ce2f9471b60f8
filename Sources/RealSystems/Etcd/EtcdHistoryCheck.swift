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
                var lines = ["key \(key): no order of these operations respects both real time and a register's rules" + anomaly(window, key: key, history: history)]
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

    /// Names the anomaly when a read of the window shows a common one: a
    /// read of a value no operation wrote, or a stale read — one that began
    /// after a write of another value had finished, which itself began after
    /// every write of the value read had finished (all of them acknowledged,
    /// so none could still take effect later). Looked up in `key`'s whole
    /// history: the window may leave out the write that was overwritten.
    static func anomaly(_ window: [HistoryOperation], key: String, history: [HistoryOperation]) -> String {
        let ops = paired(history.filter { $0.key == key })
        let windowReads = Set(window.filter { $0.f == "read" && $0.type == .ok })
        for read in ops where read.invoke.f == "read" {
            guard let done = read.completion, done.type == .ok, done.value != .null, windowReads.contains(done) else { continue }
            let v = done.value
            let writers = ops.filter { $0.intended == v }
            if writers.isEmpty { return " (a read of \(v), a value no operation wrote)" }
            let stored = writers.filter { $0.completion?.type != .fail }
            guard !stored.isEmpty, stored.allSatisfy({ $0.completion?.type == .ok }), let lastEnd = stored.map(\.end).max() else { continue }
            if let later = ops.first(where: { $0.written != nil && $0.written != v && $0.start > lastEnd && $0.end < read.start }) {
                return " (a stale read: \(v) read after \(later.invoke.f) \(later.invoke.value) had replaced it)"
            }
        }
        return ""
    }

    /// One operation: its invoke and completion with their positions in the
    /// lines, the value it would store (`intended`: a write's, a cas's new
    /// one) and the value it did store (`written`: only when acknowledged).
    private struct Paired {
        var invoke: HistoryOperation
        var completion: HistoryOperation?
        var start: Int, end = Int.max
        var intended: HistoryValue?
        var written: HistoryValue? { completion?.type == .ok ? intended : nil }
    }

    private static func paired(_ lines: [HistoryOperation]) -> [Paired] {
        var open: [Int: Int] = [:]
        var ops: [Paired] = []
        for (i, op) in lines.enumerated() {
            if op.type == .invoke {
                open[op.process] = ops.count
                var intended: HistoryValue?
                if op.f == "write" { intended = op.value }
                if op.f == "cas", case .list(let pair) = op.value, pair.count == 2 { intended = pair[1] }
                ops.append(Paired(invoke: op, start: i, intended: intended))
            } else if let k = open.removeValue(forKey: op.process) {
                ops[k].completion = op; ops[k].end = i
            }
        }
        return ops
    }
}
