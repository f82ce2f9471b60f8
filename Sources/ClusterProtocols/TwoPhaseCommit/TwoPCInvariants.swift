import ClusterSim

/// The safety properties of atomic commitment, checked after every step.
public enum TwoPCProperty: String, Sendable, Hashable, CaseIterable {
    /// Never one participant committed and another aborted the same transaction.
    case atomicity
    /// Commit is decided (or done) only after every participant voted yes.
    case commitNeedsAllYes = "commit only after every yes vote"
    /// A participant that voted yes aborts only on an abort decided elsewhere.
    case preparedWaits = "a prepared participant never aborts on its own"
}

/// Watches coordinators and participants, remembering what their states
/// forget across crashes: who was ever prepared, every decision and every
/// outcome seen. Looks only at nodes whose state changed (`version`).
/// After time travel backwards it starts again from what it is shown.
public final class TwoPCSafetyMonitor {
    struct Txn {
        var participants: Set<Int> = []
        var preparedAt: Set<Int> = []
        var committedAt: Set<Int> = []
        var abortedAt: Set<Int> = []
        var decided: Bool?
        /// An abort not taken by a prepared participant alone: a coordinator's,
        /// or one of a participant that never voted yes.
        var abortJustified = false
    }

    private var txns: [TwoPCTxnID: Txn] = [:]
    private var seenVersion: [Int] = []
    private var lastStep: Int64 = -1
    private var found: (property: TwoPCProperty, message: String)?

    public init() {}

    public var violation: (property: TwoPCProperty, message: String)? { found }

    @discardableResult
    public func observe(_ nodes: [TwoPCProcess?], step: Int64 = .max) -> (property: TwoPCProperty, message: String)? {
        if step < lastStep { txns = [:]; seenVersion = []; found = nil }
        lastStep = step
        if found != nil { return found }
        if seenVersion.count != nodes.count { seenVersion = .init(repeating: -1, count: nodes.count) }
        var touched: Set<TwoPCTxnID> = []
        for (i, node) in nodes.enumerated() {
            if let c = node?.coordinator, c.version != seenVersion[i] {
                seenVersion[i] = c.version
                for (t, d) in c.log.decisions where txns[t]?.decided == nil {
                    txns[t, default: Txn()].decided = d.commit
                    txns[t]!.participants.formUnion(d.participants.map(\.index))
                    if !d.commit { txns[t]!.abortJustified = true }
                    touched.insert(t)
                }
            }
            if let p = node?.participant, p.version != seenVersion[i] {
                seenVersion[i] = p.version
                for (t, r) in p.log.prepared where !(txns[t]?.preparedAt.contains(i) ?? false) {
                    txns[t, default: Txn()].preparedAt.insert(i)
                    txns[t]!.participants.formUnion(r.participants.map(\.index))
                }
                for (t, o) in p.log.outcomes {
                    var x = txns[t, default: Txn()]
                    if o.isCommit {
                        guard x.committedAt.insert(i).inserted else { continue }
                    } else {
                        guard x.abortedAt.insert(i).inserted else { continue }
                        if !x.preparedAt.contains(i) { x.abortJustified = true }
                    }
                    txns[t] = x
                    touched.insert(t)
                }
            }
        }
        for t in touched.sorted() { check(t, txns[t]!) }
        return found
    }

    private func check(_ t: TwoPCTxnID, _ x: Txn) {
        let n = { (s: Set<Int>) in s.sorted().map { "n\($0 + 1)" }.joined(separator: " ") }
        if let c = x.committedAt.first, let a = x.abortedAt.first {
            return fail(.atomicity, "\(t) committed at n\(c + 1) and aborted at n\(a + 1)")
        }
        if x.decided == false, let c = x.committedAt.first {
            return fail(.atomicity, "\(t) committed at n\(c + 1) although the coordinator decided abort")
        }
        if x.decided == true || !x.committedAt.isEmpty {
            let missing = x.participants.subtracting(x.preparedAt)
            if !missing.isEmpty {
                return fail(.commitNeedsAllYes, "\(t) " + (x.decided == true ? "was decided commit" : "committed at \(n(x.committedAt))")
                            + " but \(n(missing)) never voted yes")
            }
        }
        let alone = x.abortedAt.intersection(x.preparedAt)
        if !alone.isEmpty, !x.abortJustified {
            fail(.preparedWaits, "\(n(alone)) voted yes on \(t) and then aborted it, "
                 + "with no abort decided by a coordinator or by a participant that had not voted yes")
        }
    }

    private func fail(_ property: TwoPCProperty, _ message: String) {
        if found == nil { found = (property, message) }
    }
}

/// Installs the properties (and, with a Raft-replicated coordinator, Raft's) on a simulation.
public enum TwoPCInvariants {
    @discardableResult
    public static func install(on sim: Simulation<TwoPCProcess>) -> TwoPCSafetyMonitor {
        let monitor = TwoPCSafetyMonitor()
        MonitorInvariants.install(on: sim, TwoPCProperty.self) { sim in
            monitor.observe(sim.layout.servers.map { sim.node($0) }, step: sim.stepCount)
        }
        if sim.config.coordinator == .raft {
            let k = sim.config.coordinators
            RaftInvariants.install(on: sim) { sim in (0..<k).map { sim.node(NodeID($0))?.coordinator?.raft } }
        }
        return monitor
    }
}
