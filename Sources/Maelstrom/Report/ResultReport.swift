import ClusterSim

/// A run's result as the command prints it: text for people, one JSON object
/// for tools (`--format json`).
public enum ResultReport {
    public static let recordedNote = "recorded run: the nodes are OS processes in wall-clock time, so the seed fixes the "
        + "runner's choices (latency, loss, faults, requests) but not the run; it can be stepped through, not replayed"

    public static func text(_ r: MaelstromResult) -> String {
        let o = r.options
        var lines: [String] = []
        let nemesis = o.nemesis.isEmpty ? "none" : NemesisKind.allCases.filter(o.nemesis.contains).map(\.rawValue).joined(separator: ",")
        lines.append("maelstrom \(r.workload): \(o.nodeCount) nodes, \(format(o.timeLimit)) s at \(format(o.rate)) ops/s, "
                     + "\(o.clients) clients, latency \(o.link.latency), nemesis \(nemesis), seed \(o.seed)")
        lines.append(recordedNote)
        let s = r.statistics
        if !s.operations.isEmpty {
            let seconds = workloadSeconds(s)
            let ok = s.operations.values.reduce(0) { $0 + $1.ok }
            lines.append("operations: \(format(Double(ok) / seconds)) ok/s over \(format(seconds)) s of workload")
            for f in s.operations.keys.sorted() {
                let p = s.operations[f]!
                let sorted = p.latencies.sorted()
                lines.append("  \(f): ok \(p.ok), fail \(p.fail), info \(p.info); \(format(Double(p.ok) / seconds)) ok/s; "
                             + "latency p50 \(DurationText.format(RunStatistics.quantile(sorted, 0.5))), "
                             + "p99 \(DurationText.format(RunStatistics.quantile(sorted, 0.99)))")
            }
        }
        let perOp = s.completed > 0 ? format(Double(s.serverMessages) / Double(s.completed)) : "-"
        lines.append("messages: \(s.serverMessages) between nodes (\(perOp) per operation), \(s.clientMessages) between clients and nodes, "
                     + "\(s.serviceCalls) service calls")
        if s.skippedRequests > 0 { lines.append("requests not made because every client was busy: \(s.skippedRequests) (raise --concurrency)") }
        if s.nemesisMoves > 0 { lines.append("nemesis faults started: \(s.nemesisMoves)") }
        for w in r.warnings { lines.append("warning: \(w)") }
        if let v = r.verdict { for f in v.figures { lines.append("\(f.name): \(f.value)") } }
        switch r.outcome {
        case .valid:
            lines.append("valid: the \(r.workload) checker found no anomalies")
        case .anomalies:
            lines.append("INVALID: the \(r.workload) checker found anomalies:")
            for a in r.verdict?.anomalies ?? [] { lines.append("  " + a) }
        case .nodeError(let f):
            lines.append("error: \(f.node) \(f.problem)")
            if !f.stderr.isEmpty {
                lines.append("  last lines of \(f.node)'s stderr:")
                for l in f.stderr { lines.append("    " + l) }
            }
        case .interrupted(let sig):
            lines.append("stopped by signal \(sig): every node process was ended")
        }
        return lines.joined(separator: "\n")
    }

    public static func json(_ r: MaelstromResult) -> String {
        var o: [String: MessageValue] = [:]
        o["workload"] = .string(r.workload)
        o["recorded"] = .string(recordedNote)
        o["seed"] = .int(Int64(bitPattern: r.options.seed))
        o["nodes"] = .int(Int64(r.options.nodeCount))
        let outcome: String
        switch r.outcome {
        case .valid: outcome = "valid"
        case .anomalies: outcome = "invalid"
        case .nodeError(let f):
            outcome = "node-error"
            o["error"] = ["node": .string(f.node), "problem": .string(f.problem), "stderr": .array(f.stderr.map(MessageValue.string))]
        case .interrupted(let s): outcome = "interrupted"; o["signal"] = .int(Int64(s))
        }
        o["outcome"] = .string(outcome)
        o["exit"] = .int(Int64(r.exitCode))
        if let v = r.verdict {
            o["valid"] = .bool(v.valid)
            o["anomalies"] = .array(v.anomalies.map(MessageValue.string))
            o["figures"] = .object(Dictionary(v.figures.map { ($0.name, MessageValue.string($0.value)) }, uniquingKeysWith: { a, _ in a }))
        }
        var ops: [String: MessageValue] = [:]
        let seconds = workloadSeconds(r.statistics)
        for (f, p) in r.statistics.operations {
            let sorted = p.latencies.sorted()
            ops[f] = ["ok": .int(Int64(p.ok)), "fail": .int(Int64(p.fail)), "info": .int(Int64(p.info)),
                      "ok_per_s": .double((Double(p.ok) / seconds * 100).rounded() / 100),
                      "latency_p50_us": .int(RunStatistics.quantile(sorted, 0.5)),
                      "latency_p99_us": .int(RunStatistics.quantile(sorted, 0.99))]
        }
        o["operations"] = .object(ops)
        o["workload_seconds"] = .double((seconds * 100).rounded() / 100)
        o["messages"] = ["between_nodes": .int(Int64(r.statistics.serverMessages)),
                         "client": .int(Int64(r.statistics.clientMessages)),
                         "service_calls": .int(Int64(r.statistics.serviceCalls))]
        o["warnings"] = .array(r.warnings.map(MessageValue.string))
        var pids: [String: MessageValue] = [:]
        for (i, list) in r.recorder.pids.enumerated() { pids["n\(i + 1)"] = .array(list.map { .int(Int64($0)) }) }
        o["pids"] = .object(pids)
        return MessageValue.object(o).encoded
    }

    /// Seconds from the first client request to the end of the workload (the final reads count, not their time).
    static func workloadSeconds(_ s: RunStatistics) -> Double {
        max(0.001, Double(s.workloadEndedAt - s.workloadStartedAt) / 1_000_000)
    }

    static func format(_ x: Double) -> String {
        x == x.rounded() && abs(x) < 1e12 ? String(Int64(x)) : String((x * 100).rounded() / 100)
    }
}
