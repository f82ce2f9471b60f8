import ClusterSim

/// The safety properties of Figure 3 of the Raft paper.
public enum RaftProperty: String, Sendable, Hashable, CaseIterable {
    /// At most one leader is elected in a term.
    case electionSafety = "election safety"
    /// Two logs holding an entry with the same index and term are identical up to it.
    case logMatching = "log matching"
    /// A leader's log holds every entry committed in an earlier term.
    case leaderCompleteness = "leader completeness"
    /// No two servers apply different entries at the same index.
    case stateMachineSafety = "state machine safety"
}

/// Checks Figure 3's properties on the servers' states after every event,
/// remembering what it has seen: the leader of each term, every committed
/// and every applied entry, and each (index, term) pair's entry.
///
/// Each look is incremental: a server's log is examined only where it was
/// written since the last look (`RaftLog.writtenFrom`), and commit and apply
/// progress only past what was already checked.
///
/// What it remembers is history, not state: after time travel backwards it
/// starts again from the state it is shown, so a rewound run never reports
/// a violation from a future that did not happen.
public final class RaftSafetyMonitor {
    struct IndexTerm: Hashable { var index: Int; var term: Int }
    struct Link: Hashable { var prevTerm: Int; var command: RaftCommand }
    struct Chosen { var entry: RaftEntry; var server: Int; var term: Int }

    private var leaderOfTerm: [Int: Int] = [:]
    private var links: [IndexTerm: Link] = [:]
    /// Committed entries by index, with who was first seen committing it and its term then.
    private var committed: [Int: Chosen] = [:]
    private var applied: [Int: Chosen] = [:]
    private var seenWrites: [Int] = []
    private var checkedCommit: [Int] = []
    private var checkedApplied: [Int] = []
    private var lastStep: Int64 = -1
    private var found: (property: RaftProperty, message: String)?

    public init() {}

    /// The first violation seen, if any.
    public var violation: (property: RaftProperty, message: String)? { found }

    /// Looks at the servers (nil for a crashed one) and returns the first
    /// property broken so far, if any.
    @discardableResult
    public func observe(_ servers: [RaftServer?], step: Int64 = .max) -> (property: RaftProperty, message: String)? {
        if step < lastStep { reset() }
        lastStep = step
        if found != nil { return found }
        if seenWrites.count != servers.count {
            seenWrites = .init(repeating: -1, count: servers.count)
            checkedCommit = .init(repeating: 0, count: servers.count)
            checkedApplied = .init(repeating: 0, count: servers.count)
        }
        for (p, server) in servers.enumerated() {
            guard let s = server else { continue }
            checkLogMatching(s, p)
            checkCommitted(s, p, servers)
            checkApplied(s, p)
            checkLeader(s, p)
            if found != nil { break }
        }
        return found
    }

    private func reset() {
        leaderOfTerm = [:]; links = [:]; committed = [:]; applied = [:]
        seenWrites = []; checkedCommit = []; checkedApplied = []; found = nil
    }

    private func fail(_ property: RaftProperty, _ message: String) {
        if found == nil { found = (property, message) }
    }

    private func name(_ p: Int) -> String { "n\(p + 1)" }

    /// Log Matching, by induction: every (index, term) pair always carries
    /// the same command and follows the same previous term.
    private func checkLogMatching(_ s: RaftServer, _ p: Int) {
        let log = s.log
        guard log.writes != seenWrites[p] else { return }
        seenWrites[p] = log.writes
        guard log.writtenFrom <= log.lastIndex else { return }
        for i in max(log.writtenFrom, log.snapshotIndex + 1)...log.lastIndex {
            let e = log[i]
            let link = Link(prevTerm: log.term(at: i - 1) ?? 0, command: e.command)
            let key = IndexTerm(index: i, term: e.term)
            if let seen = links[key] {
                if seen != link {
                    return fail(.logMatching, "\(name(p)) has index \(i) term \(e.term) = \(e.command) after term \(link.prevTerm); "
                        + "another log has \(seen.command) after term \(seen.prevTerm) there")
                }
            } else {
                links[key] = link
            }
        }
    }

    /// Records newly committed entries; leaders elected after the commit must hold them.
    private func checkCommitted(_ s: RaftServer, _ p: Int, _ servers: [RaftServer?]) {
        if s.commitIndex < checkedCommit[p] { checkedCommit[p] = s.commitIndex }  // restarted
        guard s.commitIndex > checkedCommit[p] else { return }
        for i in (checkedCommit[p] + 1)...s.commitIndex where s.log.contains(i) {
            guard let new = agree(&committed, s, p, i, "committed") else { return }
            for (q, l) in servers.enumerated() where new {
                if let l, l.role == .leader, l.currentTerm > s.currentTerm { checkHolds(l, q, i, committed[i]!) }
            }
        }
        checkedCommit[p] = s.commitIndex
    }

    private func checkApplied(_ s: RaftServer, _ p: Int) {
        if s.lastApplied < checkedApplied[p] { checkedApplied[p] = s.lastApplied }  // restarted
        guard s.lastApplied > checkedApplied[p] else { return }
        for i in (checkedApplied[p] + 1)...s.lastApplied where s.log.contains(i) {
            guard agree(&applied, s, p, i, "applied") != nil else { return }
        }
        checkedApplied[p] = s.lastApplied
    }

    /// State Machine Safety at index `i`: server `p`'s entry there must be the
    /// one already chosen, if any. Returns whether it is the first (nil on a violation).
    private func agree(_ chosen: inout [Int: Chosen], _ s: RaftServer, _ p: Int, _ i: Int, _ verb: String) -> Bool? {
        let e = s.log[i]
        guard let c = chosen[i] else {
            chosen[i] = Chosen(entry: e, server: p, term: s.currentTerm)
            return true
        }
        if c.entry == e { return false }
        fail(.stateMachineSafety, "\(name(p)) \(verb) \(e) at index \(i); \(name(c.server)) \(verb) \(c.entry)")
        return nil
    }

    /// Election Safety, and Leader Completeness for a newly seen leader.
    private func checkLeader(_ s: RaftServer, _ p: Int) {
        guard s.role == .leader else { return }
        if let other = leaderOfTerm[s.currentTerm] {
            if other != p { fail(.electionSafety, "\(name(p)) and \(name(other)) are both leaders of term \(s.currentTerm)") }
            return
        }
        leaderOfTerm[s.currentTerm] = p
        for (i, c) in committed where c.term < s.currentTerm { checkHolds(s, p, i, c) }
    }

    private func checkHolds(_ leader: RaftServer, _ p: Int, _ i: Int, _ c: Chosen) {
        guard i > leader.log.snapshotIndex else { return }  // compacted: committed by construction
        let has = leader.log.contains(i) ? leader.log[i] : nil
        if has != c.entry {
            fail(.leaderCompleteness, "\(name(p)), leader of term \(leader.currentTerm), has "
                + (has.map { "\($0)" } ?? "nothing") + " at index \(i), where \(c.entry) was committed by term \(c.term)")
        }
    }
}

/// Installs Figure 3's properties on a simulation as invariants checked after every step.
public enum RaftInvariants {
    /// Adds one invariant per property, sharing one monitor; returns the monitor.
    @discardableResult
    public static func install(on sim: Simulation<RaftProcess>) -> RaftSafetyMonitor {
        install(on: sim, servers: servers(of:))
    }

    /// The same, for any node type that runs Raft servers inside (etcd's members).
    @discardableResult
    public static func install<Node>(on sim: Simulation<Node>,
                                     servers: @escaping (Simulation<Node>) -> [RaftServer?]) -> RaftSafetyMonitor {
        let monitor = RaftSafetyMonitor()
        MonitorInvariants.install(on: sim, RaftProperty.self) { sim in monitor.observe(servers(sim), step: sim.stepCount) }
        return monitor
    }

    /// The servers' states, nil for a crashed one.
    public static func servers(of sim: Simulation<RaftProcess>) -> [RaftServer?] {
        (0..<sim.layout.serverCount).map { sim.node(NodeID($0))?.server }
    }
}
