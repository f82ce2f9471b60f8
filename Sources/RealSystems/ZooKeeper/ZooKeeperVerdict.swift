import ClusterSim

/// The verdict on a ZooKeeper register history: the linearizability checker
/// (register model), and, when it fails, which kind of anomaly it is. The
/// history is checked again without its observations from `getData` (ok
/// reads, and cas that failed because they read another value): if the
/// writes and successful cas alone can be ordered, the anomaly is a stale
/// read, which ZooKeeper allows by design (reads are served by the
/// connected server's own copy: Programmer's Guide, "Consistency
/// Guarantees"); if not, the updates themselves break linearizability,
/// which ZooKeeper promises they never do.
enum ZooKeeperVerdict {
    static let readsNote = "note: ZooKeeper serves a read from the server the client is connected to, without a quorum; reads are not linearizable by design (https://zookeeper.apache.org/doc/r3.8.0/zookeeperProgrammers.html#ch_zkGuarantees); only its writes are"

    static func check(_ history: [HistoryOperation], syncBeforeRead: Bool = false, budget: Int = LinearizabilityChecker.defaultBudget) -> RealVerdict {
        let counts = summary(history)
        let mode = syncBeforeRead ? "reads after sync" : "reads served locally"
        do {
            switch try LinearizabilityChecker.check(history, budget: budget) {
            case .linearizable:
                return RealVerdict(word: "linearizable", passed: true, lines: [counts + " (\(mode))", readsNote])
            case .notLinearizable(let key, let window):
                var lines = ["not linearizable on key \(key): " + anomaly(history, key: key, budget: budget), counts + " (\(mode))"]
                lines += window.map { "  " + HistoryFile.jsonLine($0) }
                lines.append(readsNote)
                return RealVerdict(word: "not linearizable", passed: false, lines: lines)
            }
        } catch let undecided as LinearizabilityUndecided {
            return RealVerdict(word: "unknown", passed: false, lines: ["the checker \(undecided)", counts])
        } catch {
            return RealVerdict(word: "unknown", passed: false, lines: ["the history could not be checked: \(error)", counts])
        }
    }

    /// Names what cannot be ordered on `key`: a read of a value nothing
    /// wrote, stale reads only, or the updates themselves.
    static func anomaly(_ history: [HistoryOperation], key: String, budget: Int) -> String {
        if let phantom = valueNoOneWrote(history, key: key) {
            return "a read returned \(phantom), which no operation wrote"
        }
        let updatesOnly = withoutObservations(history)
        if let result = try? LinearizabilityChecker.check(updatesOnly, budget: budget), result == .linearizable {
            return "a stale read — a getData returned a value that a completed write had already replaced (the writes alone are linearizable)"
        }
        return "the writes and cas themselves cannot be ordered (a lost or reordered update)"
    }

    /// A value an ok read of `key` returned that no write or cas on `key` ever tried to write (null excepted).
    static func valueNoOneWrote(_ history: [HistoryOperation], key: String) -> HistoryValue? {
        let ops = history.filter { $0.key == key }
        var written = Set<HistoryValue>()
        for op in ops where op.type == .invoke {
            if op.f == "write" { written.insert(op.value) }
            if op.f == "cas", case .list(let pair) = op.value, pair.count == 2 { written.insert(pair[1]) }
        }
        return ops.first { $0.type == .ok && $0.f == "read" && $0.value != .null && !written.contains($0.value) }?.value
    }

    /// The history without ok reads and without cas that failed on what their getData saw:
    /// those operations' invokes and completions both go.
    static func withoutObservations(_ history: [HistoryOperation]) -> [HistoryOperation] {
        var open: [Int: Int] = [:]  // process -> index of its invoke
        var drop = Set<Int>()
        for (i, op) in history.enumerated() {
            if op.type == .invoke { open[op.process] = i; continue }
            guard let start = open.removeValue(forKey: op.process) else { continue }
            let observation = op.f == "read"
                || (op.f == "cas" && op.type == .fail && [HistoryValue.string("precondition-failed"), .string("key-does-not-exist")].contains(op.error))
            if observation { drop.insert(start); drop.insert(i) }
        }
        // Reads still open at the end observed nothing either.
        for (_, start) in open where history[start].f == "read" { drop.insert(start) }
        return history.enumerated().filter { !drop.contains($0.offset) }.map(\.element)
    }

    /// "120 operations: 80 ok, 30 fail, 10 info".
    static func summary(_ history: [HistoryOperation]) -> String {
        let done = history.filter { $0.type != .invoke }
        func n(_ k: HistoryOperation.Kind) -> Int { done.filter { $0.type == k }.count }
        return "\(history.count - done.count) operations: \(n(.ok)) ok, \(n(.fail)) fail, \(n(.info)) info"
    }
}
