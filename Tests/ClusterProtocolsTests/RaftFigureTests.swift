import Testing
import ClusterSim
import ClusterProtocols

// The paper's Figures 7 and 8, driven by hand: servers built in the states
// the figures draw, messages delivered one decision at a time.

/// Figure 7's leader (term 8) and its followers (a)–(f), by entry terms.
let figure7Leader = [1, 1, 1, 4, 4, 5, 5, 6, 6, 6]
let figure7Followers: [(String, [Int])] = [
    ("a", [1, 1, 1, 4, 4, 5, 5, 6, 6]),
    ("b", [1, 1, 1, 4]),
    ("c", [1, 1, 1, 4, 4, 5, 5, 6, 6, 6, 6]),
    ("d", [1, 1, 1, 4, 4, 5, 5, 6, 6, 6, 7, 7]),
    ("e", [1, 1, 1, 4, 4, 4, 4]),
    ("f", [1, 1, 1, 2, 2, 2, 3, 3, 3, 3, 3]),
]

/// The first server leads term 8 with Figure 7's log; the others hold (a)–(f).
func figure7Cluster(config: RaftConfig = RaftConfig()) -> HandCluster {
    // Entries are identified by index and term: a shared prefix is the same entries.
    func log(_ terms: [Int]) -> RaftDurable {
        var l = RaftLog()
        for (i, t) in terms.enumerated() {
            l.append(RaftEntry(term: t, command: .client(.write("x", Int64(t)), client: NodeID(99), request: 100 * t + i)))
        }
        return RaftDurable(currentTerm: 7, votedFor: nil, log: l)
    }
    var c = HandCluster(servers: 7, config: config,
                        durable: [log(figure7Leader)] + figure7Followers.map { log($0.1) })
    // (a), (b), (e) and (f) vote for it; (c) and (d) have logs more up-to-date.
    c.elect(0, voters: [1, 2, 5, 6])
    return c
}

@Test func figure7EachFollowerLogIsRepairedToTheLeaders() {
    var c = figure7Cluster()
    #expect(c.servers[0]!.role == .leader && c.servers[0]!.currentTerm == 8)
    c.heartbeat(0)
    c.settle(Set(0..<7))
    c.heartbeat(0)
    c.settle(Set(0..<7))
    let leaderLog = c.servers[0]!.log.entries
    #expect(leaderLog.map(\.term) == figure7Leader + [8])
    for (k, (name, _)) in figure7Followers.enumerated() {
        #expect(c.servers[k + 1]!.log.entries == leaderLog, "follower (\(name))")
        #expect(c.servers[k + 1]!.commitIndex == 11, "follower (\(name))")
    }
    #expect(c.violation == nil, "\(c.violation ?? "")")
}

@Test func figure7FastBackupSkipsAWholeConflictingTermPerRoundTrip() {
    var c = figure7Cluster()
    c.heartbeat(0)
    var refusals: [String: Int] = [:]
    while let m = c.inbox.first {
        if case .appendEntriesReply(_, false, _, _, _, _) = m.message, m.from.index > 0 {
            refusals[figure7Followers[m.from.index - 1].0, default: 0] += 1
        }
        c.deliverFirst { _, _, _ in true }
    }
    // (f) conflicts in terms 3 and 2 and is short of term 6: one refusal per
    // conflicting term, not one per entry (it would take 7 with no hint).
    #expect(refusals["f", default: 0] <= 3)
    #expect(refusals["b", default: 0] <= 1)
    #expect(refusals["e", default: 0] <= 2)
}

/// Figure 8's five servers at the start of (a): index 1 (term 1) committed everywhere.
/// One entry per AppendEntries, so the test chooses exactly which entries travel.
func figure8Cluster(mutations: Set<RaftMutation> = []) -> HandCluster {
    var config = RaftConfig()
    config.maxEntriesPerAppend = 1
    config.mutations = mutations
    var c = HandCluster(servers: 5, config: config)
    c.elect(3, voters: [0, 1, 2, 4])  // S4 leads term 1 and commits its no-op at index 1
    c.heartbeat(3); c.settle(Set(0..<5))
    c.heartbeat(3); c.settle(Set(0..<5))
    return c
}

private func isAppend(_ m: RaftMessage) -> Bool { if case .appendEntries = m { return true }; return false }

/// Figure 8 (a)–(c): S1 leads term 2 and gets index 2 to S2; S5 leads term 3
/// with its own index 2; S1 leads term 4 and gets its index 2 (term 2) onto
/// S3, a majority, while its term-4 entry is on S1 alone.
func figure8ThroughC(mutations: Set<RaftMutation> = []) -> HandCluster {
    var c = figure8Cluster(mutations: mutations)
    // (a)
    c.elect(0, voters: [1, 2])
    c.heartbeat(0)
    c.settle([0, 1])
    // (b)
    c.crash(0)
    c.elect(4, voters: [2, 3])  // term 2: S3 voted for S1 already
    c.elect(4, voters: [2, 3])  // term 3
    c.inbox.removeAll()
    // (c)
    c.crash(4)
    c.restart(0)
    c.elect(0, voters: [1, 2, 3])  // term 3: S3 and S4 voted for S5 already
    c.elect(0, voters: [1, 2, 3])  // term 4
    c.heartbeat(0)
    // S3 backs up to index 2 and takes S1's term-2 entry; S1's next (term-4) entry is lost.
    var sentIndex2 = false
    c.settle([0, 2], dropping: { _, _, m in
        guard case .appendEntries(_, let prev, _, let es, _, _) = m, !es.isEmpty else { return false }
        defer { if prev == 1 { sentIndex2 = true } }
        return sentIndex2 && prev >= 2
    })
    // S2 confirms it holds index 2: the AppendEntries S1 sends after backing
    // up to it, answered, while the term-4 entry never reaches it.
    let s1 = c.servers[0]!
    c.handle(1) { s, ctx in
        s.receive(.appendEntries(term: s1.currentTerm, prevLogIndex: 1, prevLogTerm: 1, entries: [s1.log[2]],
                                 leaderCommit: s1.commitIndex, round: 0), from: NodeID(0), &ctx)
    }
    c.settle([0, 1], dropping: { _, to, m in to.index == 1 && isAppend(m) })
    return c
}

@Test func figure8CommitIndexStaysAtOneInC() {
    let c = figure8ThroughC()
    let s1 = c.servers[0]!
    #expect(s1.role == .leader && s1.currentTerm == 4)
    #expect(c.logTerms(0) == [1, 2, 4] && c.logTerms(1) == [1, 2] && c.logTerms(2) == [1, 2])
    // S1 restarted, so its commit index is volatile and starts again from 0;
    // the followers hold 1. Either way it must not reach 2.
    #expect(s1.commitIndex <= 1, "index 2 is on a majority but is of term 2, not 4")
    #expect(c.servers[1]!.commitIndex == 1 && c.servers[2]!.commitIndex == 1)
    #expect(c.violation == nil, "\(c.violation ?? "")")
}

@Test func figure8IndexTwoIsOverwrittenInDAndNeverApplied() {
    var c = figure8ThroughC()
    // (d): S1 crashes; S5 is elected by S2, S3, S4 (its last term 3 beats their 2)
    // and its index 2 overwrites theirs.
    c.crash(0)
    c.restart(4)
    c.elect(4, voters: [1, 2, 3])  // term 4: S2 and S3 voted for S1
    c.elect(4, voters: [1, 2, 3])  // term 5
    #expect(c.servers[4]!.role == .leader && c.servers[4]!.currentTerm == 5)
    for _ in 0..<2 { c.heartbeat(4); c.settle([1, 2, 3, 4]) }
    for p in 1...4 {
        #expect(c.logTerms(p) == [1, 3, 5], "S\(p + 1)")
        #expect(c.servers[p]!.commitIndex == 3, "S\(p + 1)")
    }
    #expect(c.violation == nil, "the term-2 entry at index 2 was never applied anywhere: \(c.violation ?? "")")
}

@Test func figure8EntriesCommitInEOnceTheCurrentTermsEntryIsOnAMajority() {
    var c = figure8ThroughC()
    // (e): S1 gets its term-4 entry onto S2 and S3 before crashing.
    for _ in 0..<3 { c.heartbeat(0); c.settle([0, 1, 2]) }
    #expect(c.servers[0]!.commitIndex == 3)
    #expect(c.logTerms(1) == [1, 2, 4] && c.logTerms(2) == [1, 2, 4])
    c.crash(0)
    c.restart(4)
    c.elect(4, voters: [1, 2, 3])
    c.elect(4, voters: [1, 2, 3])
    #expect(c.servers[4]!.role != .leader, "S5's log (last term 3) is behind S2's and S3's (term 4)")
    #expect(c.violation == nil, "\(c.violation ?? "")")
}
