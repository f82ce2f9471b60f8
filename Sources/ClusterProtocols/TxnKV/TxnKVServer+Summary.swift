import ClusterSim

/// How the server looks in the interface: open transactions, locks held and
/// waited for, commits and aborts, and what the workload promises (the bank's
/// total, the doctors on call).
extension TxnKVServer {
    public var summary: NodeSummary {
        var fields: [NodeSummary.Field] = [
            .init("level", config.levelShort),
            .init("active", String(open.count)),
            .init("commits", String(commits)),
            .init("aborts", String(abortCount)),
        ]
        if config.locks {
            fields.append(.init("locks", String(locks.lockCount)))
            fields.append(.init("waiters", String(locks.waiterCount)))
        }
        switch config.workload.kind {
        case .bank: fields.append(.init("total", String(bankTotal)))
        case .doctors: fields.append(.init("on_call", String(doctorsOnCall)))
        case .listAppend: break
        }
        var details = ["\(config.levelText): \(commits) committed, \(abortCount) aborted"
                       + (aborts.isEmpty ? "" : " (" + TxnKVAbortReason.allCases.compactMap { r in aborts[r].map { "\(r) \($0)" } }.joined(separator: ", ") + ")")]
        for t in open.keys.sorted() {
            let x = open[t]!
            var line = "\(t): snapshot #\(x.snapshot)"
            if !x.readSet.isEmpty { line += ", read " + x.readSet.sorted().joined(separator: ",") }
            if !x.writeOrder.isEmpty { line += ", writes " + x.writeOrder.joined(separator: ",") }
            if let b = x.blocked { line += ", waits to \(b.op)" }
            details.append(line)
        }
        details += lockLines
        details.append("store (commit #\(store.lastCommit)): " + config.workload.keyNames.map { "\($0)=\(Self.shown(store.latest($0)))" }.joined(separator: " "))
        let rate = commits + abortCount > 0 ? Double(abortCount) / Double(commits + abortCount) : 0
        let perSecond = Double(1_000_000 / Self.samplePeriod)
        let metrics = MetricRow(label: "all", status: open.isEmpty ? "idle" : "busy", tone: .neutral, metrics: [
            .init("commits", Double(commits)),
            .init("abort rate", rate, unit: .fraction, scale: 1),
            .init("commits/s", Double(throughput.last ?? 0) * perSecond, history: throughput.map { Double($0) * perSecond }),
        ])
        return NodeSummary(role: "server", tone: open.isEmpty ? .neutral : .leader, fields: fields,
                           details: details, metrics: [metrics])
    }

    /// "S a0 c1.3 c2.4 | queue X c3.1": one line per locked key.
    public var lockLines: [String] {
        locks.entries.keys.sorted().map { k in
            let e = locks.entries[k]!
            var s = "lock \(k): " + e.holders.keys.sorted().map { "\(e.holders[$0]!.rawValue) \($0)" }.joined(separator: " ")
            if !e.queue.isEmpty { s += " | queue " + e.queue.map { "\($0.mode.rawValue) \($0.txn)" }.joined(separator: " ") }
            return s
        }
    }

    /// The latest committed balances' sum (bank).
    public var bankTotal: Int {
        config.workload.keyNames.reduce(0) { $0 + TxnKVValues.balance(store.latest($1), initial: config.workload.initialBalance) }
    }

    /// How many doctors the latest committed state has on call (doctors).
    public var doctorsOnCall: Int {
        config.workload.keyNames.filter { TxnKVValues.onCall(store.latest($0)) }.count
    }

    /// A value without its writer's name (`90@c1.3` is shown as 90).
    static func shown(_ v: HistoryValue) -> String {
        if case .string(let s) = v, let at = s.firstIndex(of: "@") { return String(s[..<at]) }
        return v == .null ? "—" : v.description
    }
}

/// How the workloads write their values: a word or number, then `@` and the
/// writing transaction, so each written value is unique.
public enum TxnKVValues {
    public static func tagged(_ text: String, by txn: TxnKVTxnID) -> HistoryValue { .string("\(text)@\(txn)") }

    /// A bank balance: null is the initial balance.
    public static func balance(_ v: HistoryValue, initial: Int) -> Int {
        guard case .string(let s) = v else { return initial }
        return Int(s.prefix { $0 != "@" }) ?? initial
    }

    /// Whether a doctor is on call: null (never changed) is.
    public static func onCall(_ v: HistoryValue) -> Bool {
        guard case .string(let s) = v else { return true }
        return s.hasPrefix("on@")
    }
}
