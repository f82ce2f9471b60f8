/// What the transaction checker found, and the verdict for one model.
public struct TxnCheckResult: Sendable {
    public var model: ConsistencyModel
    public var workload: TxnWorkload
    public var transactions: [Transaction]
    /// Every anomaly found, weakest model violated first.
    public var anomalies: [TxnAnomaly]
    /// How many edges of each kind were inferred.
    public var dependencies: [DependencyKind: Int]
    public var writesFollowReads: Bool

    /// The anomalies that rule out `model`.
    public var violations: [TxnAnomaly] { anomalies.filter { $0.violates(model) } }
    public var isValid: Bool { violations.isEmpty }
    /// The weakest model the history breaks, or nil if it breaks none checked for.
    public var weakestViolated: ConsistencyModel? { anomalies.map(\.kind.weakestViolated).min() }

    /// "G-single ×1, G2-item ×2", in report order.
    public static func tally(_ anomalies: [TxnAnomaly]) -> String {
        var order: [TxnAnomaly.Kind] = [], counts: [TxnAnomaly.Kind: Int] = [:]
        for a in anomalies { if counts[a.kind] == nil { order.append(a.kind) }; counts[a.kind, default: 0] += 1 }
        return order.map { "\($0.rawValue) ×\(counts[$0]!)" }.joined(separator: ", ")
    }

    /// What the checker inferred from, in a line: a reader can tell how much it could see.
    public var inferenceSummary: String {
        let edges = DependencyKind.allCases.map { "\(dependencies[$0] ?? 0) \($0.rawValue)" }.joined(separator: ", ")
        let how: String
        switch workload {
        case .listAppend: how = "version orders from the longest read of each key"
        case .rwRegister: how = writesFollowReads ? "wr from unique values; ww/rw from the initial null and writes that follow reads"
                                                  : "wr from unique values; rw only from reads of the initial null"
        }
        return "\(workload.rawValue), \(transactions.count) transactions; \(edges) edges (\(how))"
    }

    /// The report: the verdict's first word is `valid` or `invalid`.
    public var text: String {
        var lines: [String] = []
        let bad = violations
        lines.append(bad.isEmpty ? "valid: \(model)" : "invalid: not \(model) (\(Self.tally(bad)))")
        lines.append("workload: \(inferenceSummary)")
        if let weakest = weakestViolated { lines.append("weakest model violated: \(weakest)") }
        let allowed = anomalies.filter { !$0.violates(model) }
        if !allowed.isEmpty { lines.append("also found, allowed by \(model): \(Self.tally(allowed))") }
        var number: [TxnAnomaly.Kind: Int] = [:]
        for a in anomalies {
            number[a.kind, default: 0] += 1
            lines.append("")
            lines.append("\(a.kind.rawValue) #\(number[a.kind]!) (violates \(a.kind.weakestViolated) and stronger)")
            if a.cycle.isEmpty {
                lines.append("  " + a.explanation)
            }
            for id in a.transactions { lines.append("  \(transactions[id].name) = line \(transactions[id].line): \(Self.opText(transactions[id]))") }
            for (i, e) in a.cycle.enumerated() {
                let arrow = "\(transactions[e.from].name) -\(e.kind.rawValue)-> \(transactions[e.to].name)"
                lines.append("  \(i == a.cycle.count - 1 ? "but " : "")\(arrow): \(e.because)")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The completion line of a transaction (or its invoke, if it never completed).
    static func opText(_ t: Transaction) -> String { (t.call.completion ?? t.call.invoke).jsonLine }

    /// The report as one JSON object, for `--format json` and for runners.
    public var json: String {
        func txn(_ id: Int) -> String {
            let t = transactions[id]
            return "{\"name\":\"\(t.name)\",\"line\":\(t.line),\"op\":\(Self.opText(t))}"
        }
        let items = anomalies.map { a in
            let cycle = a.cycle.map { e in
                "{\"from\":\"\(transactions[e.from].name)\",\"to\":\"\(transactions[e.to].name)\",\"type\":\"\(e.kind.rawValue)\""
                    + (e.key.map { ",\"key\":\($0)" } ?? "") + ",\"because\":\(JSONText.string(e.because))}"
            }
            return "{\"type\":\"\(a.kind.rawValue)\",\"violates\":\"\(a.kind.weakestViolated)\",\"transactions\":["
                + a.transactions.map(txn).joined(separator: ",") + "],\"cycle\":[" + cycle.joined(separator: ",")
                + "],\"explanation\":\(JSONText.string(a.explanation))}"
        }
        let edges = DependencyKind.allCases.map { "\"\($0.rawValue)\":\(dependencies[$0] ?? 0)" }.joined(separator: ",")
        return "{\"valid\":\(isValid),\"model\":\"\(model)\",\"workload\":\"\(workload.rawValue)\",\"transactions\":\(transactions.count),"
            + "\"dependencies\":{\(edges)},\"weakest-violated\":" + (weakestViolated.map { "\"\($0)\"" } ?? "null")
            + ",\"anomalies\":[" + items.joined(separator: ",") + "]}\n"
    }
}
