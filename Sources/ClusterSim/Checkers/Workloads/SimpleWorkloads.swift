/// Maelstrom's echo workload: every `echo_ok` carries back the request's value.
/// History: `{"f":"echo","value":V}` invoked, `{"f":"echo","value":V}` ok.
public enum EchoChecker {
    public static func check(_ ops: [ClientOp]) throws -> WorkloadVerdict {
        let calls = try ClientHistoryFile.calls(ops).filter { $0.invoke.f == "echo" }
        var anomalies: [WorkloadAnomaly] = []
        for c in calls where c.outcome == .ok && c.completion!.value != c.invoke.value {
            anomalies.append(WorkloadAnomaly(kind: "mismatch", message: "echo of \(c.invoke.value) (line \(c.invoke.line)) came back as \(c.completion!.value) (line \(c.line))",
                                             lines: [c.invoke.line, c.line]))
        }
        return WorkloadVerdict(workload: "echo", anomalies: anomalies,
                               stats: [WorkloadStat("ok", Double(calls.filter { $0.outcome == .ok }.count))])
    }
}

/// Maelstrom's unique-ids workload: every id a `generate_ok` returned is
/// distinct (ids may be any JSON value). History: `{"f":"generate"}` ok with `"value": ID`.
public enum UniqueIDsChecker {
    public static func check(_ ops: [ClientOp]) throws -> WorkloadVerdict {
        let calls = try ClientHistoryFile.calls(ops).filter { $0.invoke.f == "generate" && $0.outcome == .ok }
        var order: [OpValue] = [], lines: [OpValue: [Int]] = [:]
        for c in calls {
            let id = c.completion!.value
            if lines[id] == nil { order.append(id) }
            lines[id, default: []].append(c.line)
        }
        let anomalies = order.filter { lines[$0]!.count > 1 }.map { id in
            WorkloadAnomaly(kind: "duplicate-id", message: "id \(id) was generated \(lines[id]!.count) times (lines \(lines[id]!.map(String.init).joined(separator: ", ")))",
                            lines: lines[id]!)
        }
        return WorkloadVerdict(workload: "unique-ids", anomalies: anomalies,
                               stats: [WorkloadStat("generated", Double(calls.count)), WorkloadStat("distinct", Double(order.count))])
    }
}

/// The reads a convergence check judges: those the runner marked final
/// (Maelstrom's `final?`, made after faults stop and the cluster is quiet),
/// or, if none is marked, each node's (else each process's) last ok read.
enum FinalReads {
    static func of(_ calls: [ClientCall], f: String) -> [ClientCall] {
        let reads = calls.filter { $0.invoke.f == f && $0.outcome == .ok }
        let marked = reads.filter { $0.completion!.isFinal || $0.invoke.isFinal }
        if !marked.isEmpty { return marked }
        var last: [String: ClientCall] = [:], order: [String] = []
        for r in reads {
            let who = r.invoke.node ?? "process \(r.invoke.process)"
            if last[who] == nil { order.append(who) }
            last[who] = r
        }
        return order.map { last[$0]! }
    }

    /// "n2" or "process 3": whose read it was.
    static func reader(_ c: ClientCall) -> String { c.invoke.node ?? c.completion?.node ?? "process \(c.invoke.process)" }
}
