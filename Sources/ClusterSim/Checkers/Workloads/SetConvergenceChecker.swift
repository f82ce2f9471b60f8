/// Maelstrom's broadcast and g-set workloads: every acknowledged element
/// must be in every final read.
///
/// History: `{"f":"broadcast","value":5}` (g-set: `"f":"add"`), and
/// `{"f":"read"}` completing with `"value":[1,5,...]`. Reported:
/// - `lost`: acknowledged, missing from a final read (invalid);
/// - `unexpected`: read but never sent (invalid);
/// - `stale` (a number, not an anomaly): acknowledged messages some read
///   begun after the acknowledgement still missed, though final reads have them;
/// - `msgs-per-op`: the network's node-to-node messages per client operation,
///   when the runner passes its count.
public enum SetConvergenceChecker {
    public static func broadcast(_ ops: [ClientOp], networkMessages: Int? = nil) throws -> WorkloadVerdict {
        try check(ops, workload: "broadcast", add: "broadcast", networkMessages: networkMessages)
    }

    public static func gSet(_ ops: [ClientOp], networkMessages: Int? = nil) throws -> WorkloadVerdict {
        try check(ops, workload: "g-set", add: "add", networkMessages: networkMessages)
    }

    static func check(_ ops: [ClientOp], workload: String, add: String, networkMessages: Int?) throws -> WorkloadVerdict {
        let calls = try ClientHistoryFile.calls(ops)
        let adds = calls.filter { $0.invoke.f == add }
        let attempted = Set(adds.map(\.invoke.value))
        let acknowledged = adds.filter { $0.outcome == .ok }
        let reads = calls.filter { $0.invoke.f == "read" && $0.outcome == .ok }
        let finals = FinalReads.of(calls, f: "read")
        var anomalies: [WorkloadAnomaly] = []
        var seen: [Int: Set<OpValue>] = [:]  // call position -> its read's elements
        for r in reads {
            guard let list = r.completion!.value.list else {
                anomalies.append(WorkloadAnomaly(kind: "malformed-read", message: "read by \(FinalReads.reader(r)) returned \(r.completion!.value), not a list (line \(r.line))", lines: [r.line]))
                continue
            }
            seen[r.invokeIndex] = Set(list)
            for element in list where !attempted.contains(element) {
                anomalies.append(WorkloadAnomaly(kind: "unexpected", message: "\(FinalReads.reader(r)) read \(element), which no client sent (line \(r.line))", lines: [r.line]))
            }
        }
        if finals.isEmpty, !acknowledged.isEmpty {
            anomalies.append(WorkloadAnomaly(kind: "no-final-read", message: "\(acknowledged.count) elements were acknowledged but no read succeeded to show them", lines: []))
        }
        var lost = 0, stale = 0
        for a in acknowledged {
            let element = a.invoke.value
            let missing = finals.filter { seen[$0.invokeIndex].map { !$0.contains(element) } ?? false }
            if !missing.isEmpty {
                lost += 1
                anomalies.append(WorkloadAnomaly(kind: "lost", message: "\(element), acknowledged at line \(a.line), is missing from the final read of "
                                                 + missing.map { "\(FinalReads.reader($0)) (line \($0.line))" }.joined(separator: ", "),
                                                 lines: [a.line] + missing.map(\.line)))
            } else if let done = a.completionIndex,
                      reads.contains(where: { $0.invokeIndex > done && seen[$0.invokeIndex].map { !$0.contains(element) } ?? false }) {
                stale += 1
            }
        }
        var stats = [WorkloadStat("acknowledged", Double(acknowledged.count)), WorkloadStat("lost", Double(lost)),
                     WorkloadStat("stale", Double(stale)), WorkloadStat("final-reads", Double(finals.count))]
        if let networkMessages, !calls.isEmpty {
            stats.append(WorkloadStat("msgs-per-op", Double(networkMessages) / Double(calls.count)))
        }
        return WorkloadVerdict(workload: workload, anomalies: anomalies, stats: stats)
    }
}

/// Maelstrom's g-counter and pn-counter workloads: each final read lies
/// between what the acknowledged adds sum to and what they sum to with every
/// add of unknown outcome (`info`) counted as applied, negative deltas
/// lowering the floor. History: `{"f":"add","value":DELTA}`, `{"f":"read"}`
/// completing with `"value":N`.
public enum CounterChecker {
    public static func check(_ ops: [ClientOp], workload: String = "pn-counter") throws -> WorkloadVerdict {
        let calls = try ClientHistoryFile.calls(ops)
        var low: Int64 = 0, high: Int64 = 0
        var anomalies: [WorkloadAnomaly] = []
        for a in calls where a.invoke.f == "add" && a.outcome != .fail {
            guard let delta = a.invoke.value.int else {
                anomalies.append(WorkloadAnomaly(kind: "malformed-add", message: "add of \(a.invoke.value) at line \(a.invoke.line) is not an integer", lines: [a.invoke.line]))
                continue
            }
            if a.outcome == .ok { low &+= delta; high &+= delta }
            else if delta < 0 { low &+= delta }
            else { high &+= delta }
        }
        let finals = FinalReads.of(calls, f: "read")
        if finals.isEmpty { anomalies.append(WorkloadAnomaly(kind: "no-final-read", message: "no read succeeded", lines: [])) }
        for r in finals {
            let v = r.completion!.value
            guard let n = v.int, (low...high).contains(n) else {
                let which = v.int.map { $0 > high ? ", an over-count" : ", an under-count" } ?? ""
                anomalies.append(WorkloadAnomaly(kind: "out-of-range", message: "final read of \(FinalReads.reader(r)) returned \(v) (line \(r.line))\(which); acknowledged and possible adds allow \(low)...\(high)",
                                                 lines: [r.line]))
                continue
            }
        }
        return WorkloadVerdict(workload: workload, anomalies: anomalies,
                               stats: [WorkloadStat("lower-bound", Double(low)), WorkloadStat("upper-bound", Double(high)),
                                       WorkloadStat("final-reads", Double(finals.count))])
    }
}
