import ClusterSim

/// What a `txnkv` run checks after every event.
public enum TxnKVProperty: String, Sendable, Hashable, CaseIterable {
    /// 2PL: no cycle of the wait-for graph outlives the step that closed it
    /// (the detector breaks each as it forms; without it the run stalls).
    case noDeadlock = "no deadlock"
    /// bank, at snapshot isolation or serializable: transfers move money, never make or lose it.
    case bankTotal = "bank total preserved"
    /// doctors, serializable: at least one doctor stays on call.
    case doctorOnCall = "a doctor on call"
}

public enum TxnKVInvariants {
    /// The properties the run's configuration promises, as invariants of `sim`.
    public static func install(on sim: Simulation<TxnKVProcess>, config: TxnKVConfig) {
        for p in promised(by: config) {
            sim.addInvariant(Invariant(p.rawValue) { sim in
                guard let s = sim.node(NodeID(0))?.server else { return nil }
                return violation(p, of: s)
            })
        }
    }

    /// The properties a configuration promises: a read-committed bank may
    /// lose an update, and snapshot isolation allows write skew.
    public static func promised(by c: TxnKVConfig) -> [TxnKVProperty] {
        var ps: [TxnKVProperty] = []
        if c.locks { ps.append(.noDeadlock) }
        if c.workload.kind == .bank, c.isolation != .readCommitted { ps.append(.bankTotal) }
        if c.workload.kind == .doctors, c.isolation == .serializable { ps.append(.doctorOnCall) }
        return ps
    }

    /// What is wrong with the server's state for property `p`, or nil.
    public static func violation(_ p: TxnKVProperty, of s: TxnKVServer) -> String? {
        switch p {
        case .noDeadlock:
            guard let c = s.locks.anyCycle() else { return nil }
            return "deadlock: " + (c + [c[0]]).map(\.description).joined(separator: " waits for ")
        case .bankTotal:
            let want = s.config.workload.accounts * s.config.workload.initialBalance
            return s.bankTotal == want ? nil : "the accounts hold \(s.bankTotal) in all, not \(want)"
        case .doctorOnCall:
            return s.doctorsOnCall >= 1 ? nil : "no doctor is on call"
        }
    }
}
