import ClusterSim

/// Figure 3's safety properties of the Raft paper, checked on the student's
/// servers after every step through `RaftServerView`, remembering what it has
/// seen: the leader of each term, every committed and applied entry, and
/// what precedes each (index, term) pair.
///
/// After time travel backwards it starts again from the state it is shown,
/// so a rewound run never reports a violation from a future that did not happen.
public final class RaftExerciseMonitor {
    public enum Property: String, CaseIterable, Sendable {
        /// At most one leader is elected in a term.
        case electionSafety = "election safety"
        /// Two logs with an entry of the same index and term are identical up to it.
        case logMatching = "log matching"
        /// A leader's log holds every entry committed in an earlier term.
        case leaderCompleteness = "leader completeness"
        /// No two servers apply (or commit) different entries at one index, and none loses one it committed.
        case stateMachineSafety = "state machine safety"
    }

    struct IndexTerm: Hashable { var index: Int; var term: Int }
    struct Link: Hashable { var prevTerm: Int; var command: LogCommand }
    struct Chosen { var entry: LogEntry; var server: Int; var term: Int }

    private var leaderOfTerm: [Int: Int] = [:]
    private var links: [IndexTerm: Link] = [:]
    private var committed: [Int: Chosen] = [:]
    private var applied: [Int: Chosen] = [:]
    private var checkedCommit: [Int] = []
    private var checkedApplied: [Int] = []
    /// Each server's log terms as last examined: where they first differ now is
    /// where its log was written since (entries are re-examined from there on).
    private var seenTerms: [[Int]] = []
    private var lastStep: Int64 = -1
    public private(set) var violation: (property: Property, message: String)?

    public init() {}

    /// Looks at the servers (nil for a crashed one); `touched` are the servers
    /// whose state may have changed in this step (nil: any of them).
    @discardableResult
    public func observe(_ servers: [RaftServerView?], touched: Set<Int>?, step: Int64) -> (property: Property, message: String)? {
        if step < lastStep { reset() }
        lastStep = step
        if violation != nil { return violation }
        if checkedCommit.count != servers.count {
            checkedCommit = .init(repeating: 0, count: servers.count)
            checkedApplied = .init(repeating: 0, count: servers.count)
            seenTerms = .init(repeating: [], count: servers.count)
        }
        for (p, server) in servers.enumerated() {
            guard let s = server else { continue }
            if touched?.contains(p) ?? true {
                let from = firstChange(s, p)
                checkLogMatching(s, p, from: from)
                checkKeepsCommitted(s, p, from: from)
            }
            checkCommitted(s, p, servers)
            checkApplied(s, p)
            checkLeader(s, p)
            if violation != nil { break }
        }
        return violation
    }

    private func reset() {
        leaderOfTerm = [:]; links = [:]; committed = [:]; applied = [:]
        checkedCommit = []; checkedApplied = []; seenTerms = []; violation = nil
    }

    private func fail(_ property: Property, _ message: String) {
        if violation == nil { violation = (property, message) }
    }

    private func name(_ p: Int) -> String { "n\(p + 1)" }

    /// The first log position (0-based) whose term differs from what was
    /// last seen of server `p` (the log's length if none), and remembers the terms.
    private func firstChange(_ s: RaftServerView, _ p: Int) -> Int {
        let seen = seenTerms[p]
        var k = 0
        let n = min(seen.count, s.log.count)
        while k < n && seen[k] == s.log[k].term { k += 1 }
        if k < s.log.count || seen.count != s.log.count { seenTerms[p] = s.log.map(\.term) }
        return k
    }

    /// Log Matching, by induction: every (index, term) pair always carries
    /// the same command and follows the same previous term. Entries before
    /// `from` were examined already.
    private func checkLogMatching(_ s: RaftServerView, _ p: Int, from: Int) {
        for k in from..<s.log.count {
            let e = s.log[k]
            let i = k + 1
            let link = Link(prevTerm: k == 0 ? 0 : s.log[k - 1].term, command: e.command)
            let key = IndexTerm(index: i, term: e.term)
            if let seen = links[key] {
                if seen != link {
                    return fail(.logMatching, "\(name(p)) has \(e.command) at index \(i) term \(e.term) after an entry of term \(link.prevTerm); "
                        + "another log has \(seen.command) at index \(i) term \(e.term) after term \(seen.prevTerm)")
                }
            } else {
                links[key] = link
            }
        }
    }

    /// A server never loses (or changes) an entry it has committed.
    private func checkKeepsCommitted(_ s: RaftServerView, _ p: Int, from: Int) {
        guard s.commitIndex > 0 else { return }
        if s.commitIndex > s.log.count {
            return fail(.stateMachineSafety, "\(name(p)) has commitIndex \(s.commitIndex) but only \(s.log.count) log entries")
        }
        let known = min(s.commitIndex, checkedCommit[p])
        guard known > from else { return }
        for i in (from + 1)...known {
            if let c = committed[i], s.log[i - 1] != c.entry {
                return fail(.stateMachineSafety, "\(name(p)) has \(s.log[i - 1]) at index \(i), where \(c.entry) was committed (by \(name(c.server)))")
            }
        }
    }

    /// Records newly committed entries; leaders of later terms must hold them.
    private func checkCommitted(_ s: RaftServerView, _ p: Int, _ servers: [RaftServerView?]) {
        if s.commitIndex < checkedCommit[p] { checkedCommit[p] = s.commitIndex }  // restarted
        guard s.commitIndex > checkedCommit[p] else { return }
        if s.commitIndex > s.log.count {
            return fail(.stateMachineSafety, "\(name(p)) has commitIndex \(s.commitIndex) but only \(s.log.count) log entries")
        }
        for i in (checkedCommit[p] + 1)...s.commitIndex {
            guard let new = agree(&committed, s, p, i, "committed") else { return }
            for (q, l) in servers.enumerated() where new {
                if let l, l.role == .leader, l.currentTerm > s.currentTerm { checkHolds(l, q, i, committed[i]!) }
            }
        }
        checkedCommit[p] = s.commitIndex
    }

    private func checkApplied(_ s: RaftServerView, _ p: Int) {
        if s.lastApplied < checkedApplied[p] { checkedApplied[p] = s.lastApplied }  // restarted
        guard s.lastApplied > checkedApplied[p] else { return }
        if s.lastApplied > s.log.count {
            return fail(.stateMachineSafety, "\(name(p)) has lastApplied \(s.lastApplied) but only \(s.log.count) log entries")
        }
        for i in (checkedApplied[p] + 1)...s.lastApplied {
            guard agree(&applied, s, p, i, "applied") != nil else { return }
        }
        checkedApplied[p] = s.lastApplied
    }

    /// State Machine Safety at index `i`: the entry there must be the one
    /// already chosen, if any. Returns whether it is the first (nil on a violation).
    private func agree(_ chosen: inout [Int: Chosen], _ s: RaftServerView, _ p: Int, _ i: Int, _ verb: String) -> Bool? {
        let e = s.log[i - 1]
        guard let c = chosen[i] else {
            chosen[i] = Chosen(entry: e, server: p, term: s.currentTerm)
            return true
        }
        if c.entry == e { return false }
        fail(.stateMachineSafety, "\(name(p)) \(verb) \(e) at index \(i); \(name(c.server)) \(verb) \(c.entry)")
        return nil
    }

    /// Election Safety, and Leader Completeness for a newly seen leader.
    private func checkLeader(_ s: RaftServerView, _ p: Int) {
        guard s.role == .leader else { return }
        if let other = leaderOfTerm[s.currentTerm] {
            if other != p { fail(.electionSafety, "\(name(p)) and \(name(other)) are both leaders of term \(s.currentTerm)") }
            return
        }
        leaderOfTerm[s.currentTerm] = p
        for (i, c) in committed.sorted(by: { $0.key < $1.key }) where c.term < s.currentTerm { checkHolds(s, p, i, c) }
    }

    private func checkHolds(_ leader: RaftServerView, _ p: Int, _ i: Int, _ c: Chosen) {
        let has = i <= leader.log.count ? leader.log[i - 1] : nil
        if has != c.entry {
            fail(.leaderCompleteness, "\(name(p)), leader of term \(leader.currentTerm), has "
                + (has.map { "\($0)" } ?? "nothing") + " at index \(i), where \(c.entry) was committed by term \(c.term)")
        }
    }
}

extension RaftExerciseMonitor {
    /// Adds Figure 3's properties to a run as invariants checked after every
    /// step, sharing one monitor; returns the monitor.
    @discardableResult
    public static func install<N: RaftExerciseNode>(on sim: Simulation<N>) -> RaftExerciseMonitor {
        let monitor = RaftExerciseMonitor()
        var lastStep: Int64 = -1
        for property in Property.allCases {
            sim.addInvariant(Invariant(property.rawValue) { sim in
                if sim.stepCount != lastStep {
                    lastStep = sim.stepCount
                    monitor.observe(RaftRun.views(sim), touched: touched(sim), step: sim.stepCount)
                }
                guard let v = monitor.violation, v.property == property else { return nil }
                return v.message
            })
        }
        return monitor
    }

    /// The servers the last step's events were at (nil when the trace is off).
    static func touched<N>(_ sim: Simulation<N>) -> Set<Int>? {
        let trace = sim.trace
        let step = sim.stepCount - 1
        var nodes = Set<Int>()
        var i = trace.count - 1
        while i >= trace.firstEvent, trace[i].step == step {
            nodes.insert(Int(trace[i].node))
            i -= 1
        }
        return nodes.isEmpty ? nil : nodes
    }
}
