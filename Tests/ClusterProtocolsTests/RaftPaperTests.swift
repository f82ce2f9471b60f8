import Testing
import ClusterSim
import ClusterProtocols

// Unit tests of the pure state machine, no engine: each is named after the
// sentence of the Raft paper (Ongaro & Ousterhout, 2014) it checks, in the
// manner of etcd's raft_paper_test.go.

private let n1 = NodeID(0), n2 = NodeID(1), n3 = NodeID(2)

private func server(_ id: NodeID = n1, servers: Int = 3, term: Int = 0, votedFor: NodeID? = nil,
                    terms: [Int] = [], config: RaftConfig = RaftConfig()) -> RaftServer {
    RaftServer(id: id, serverCount: servers, config: config,
               durable: term == 0 && terms.isEmpty ? nil : durableState(term: term, votedFor: votedFor, terms: terms))
}

private func context(_ id: NodeID = n1, servers: Int = 3) -> RaftContext {
    RaftContext(id: id, layout: ClusterLayout(servers: servers, clients: 1))
}

private func append(term: Int, prev: Int, prevTerm: Int, entries: [Int] = [], commit: Int = 0) -> RaftMessage {
    let es = logWith(terms: Array(repeating: 0, count: prev) + entries).entries.suffix(entries.count)
    return .appendEntries(term: term, prevLogIndex: prev, prevLogTerm: prevTerm, entries: Array(es),
                          leaderCommit: commit, round: 0)
}

/// Makes n1 leader of `term` in a 3-server cluster with n2's vote.
private func leader(term: Int = 1, terms: [Int] = [], config: RaftConfig = RaftConfig()) -> RaftServer {
    var s = server(term: term - 1, terms: terms, config: config)
    var c = context()
    s.timerFired(.election, &c)
    s.receive(.requestVoteReply(term: term, granted: true, preVote: false), from: n2, &c)
    return s
}

// MARK: §5.1 Terms

@Test func ifOneServersTermIsSmallerItUpdatesItsTermToTheLargerValue() {
    var s = server(term: 1)
    var c = context()
    s.receive(append(term: 3, prev: 0, prevTerm: 0), from: n2, &c)
    #expect(s.currentTerm == 3)
    #expect(s.role == .follower && s.leader == n2)
    #expect(c.persisted?.currentTerm == 3)
}

@Test func ifACandidateOrLeaderDiscoversItsTermIsOutOfDateItRevertsToFollower() {
    var l = leader(term: 2)
    #expect(l.role == .leader)
    var c = context()
    l.receive(.appendEntriesReply(term: 5, success: false, matchIndex: 0, conflictTerm: 0, conflictIndex: 0, round: 0),
              from: n3, &c)
    #expect(l.role == .follower && l.currentTerm == 5 && l.votedFor == nil)
    #expect(c.timersSet.contains { $0.tag == .election })
}

@Test func ifAServerReceivesARequestWithAStaleTermNumberItRejectsTheRequest() {
    var s = server(term: 4)
    var c = context()
    s.receive(append(term: 3, prev: 0, prevTerm: 0, entries: [3]), from: n2, &c)
    #expect(s.log.lastIndex == 0)
    guard case .appendEntriesReply(let term, let success, _, _, _, _)? = c.sends.first?.message else {
        Issue.record("no reply"); return
    }
    #expect(term == 4 && !success)
}

// MARK: §5.2 Leader election

@Test func aFollowerThatHearsNothingForAnElectionTimeoutBecomesCandidateAndRequestsVotes() {
    var s = server(term: 1, terms: [1])
    var c = context()
    s.timerFired(.election, &c)
    #expect(s.role == .candidate && s.currentTerm == 2 && s.votedFor == n1)
    #expect(c.persisted?.currentTerm == 2 && c.persisted?.votedFor == n1)
    let asked = c.sends.compactMap { s -> NodeID? in
        if case .requestVote(2, 1, 1, false) = s.message { return s.to }; return nil
    }
    #expect(asked == [n2, n3])
}

@Test func electionTimeoutsAreChosenRandomly() {
    var s = server()
    var c = context()
    s.start(&c)
    let t = c.timersSet.first { $0.tag == .election }
    #expect(t != nil && t!.jitter > 0 && t!.delay > RaftConfig().heartbeatInterval)
}

@Test func aCandidateWinsWithVotesFromAMajorityAndAppendsANoOp() {
    var s = server(term: 1, terms: [1])
    var c = context()
    s.timerFired(.election, &c)
    c = context()
    s.receive(.requestVoteReply(term: 2, granted: true, preVote: false), from: n3, &c)
    #expect(s.role == .leader)
    #expect(s.log.lastIndex == 2 && s.log[2].term == 2 && s.log[2].command == .noop)
    #expect(c.persisted?.log.lastIndex == 2)
    #expect(c.sends.filter { if case .appendEntries = $0.message { return true }; return false }.count == 2)
}

@Test func eachServerVotesForAtMostOneCandidateInATermFirstComeFirstServed() {
    var s = server(n3, term: 1)
    var c = context(n3)
    s.receive(.requestVote(term: 2, lastLogIndex: 0, lastLogTerm: 0, preVote: false), from: n1, &c)
    s.receive(.requestVote(term: 2, lastLogIndex: 0, lastLogTerm: 0, preVote: false), from: n2, &c)
    s.receive(.requestVote(term: 2, lastLogIndex: 0, lastLogTerm: 0, preVote: false), from: n1, &c)
    let grants = c.sends.map { s -> Bool in if case .requestVoteReply(_, let g, _) = s.message { return g }; return false }
    #expect(grants == [true, false, true])
    #expect(s.votedFor == n1 && c.persisted?.votedFor == n1)
}

@Test func aCandidateThatReceivesAppendEntriesFromALeaderOfItsTermReturnsToFollower() {
    var s = server(term: 1)
    var c = context()
    s.timerFired(.election, &c)
    s.receive(append(term: 2, prev: 0, prevTerm: 0), from: n2, &c)
    #expect(s.role == .follower && s.leader == n2 && s.currentTerm == 2)
}

// MARK: §5.3 Log replication

@Test func theLeaderAppendsTheCommandToItsLogAndIssuesAppendEntriesInParallel() {
    var l = leader()
    var c = context()
    l.receive(.clientRequest(request: 1, op: .write("x", 7)), from: NodeID(3), &c)
    #expect(l.log.lastIndex == 2)
    #expect(c.persisted?.log.lastIndex == 2)
    let sent = c.sends.filter { if case .appendEntries(_, _, _, let es, _, _) = $0.message { return !es.isEmpty }; return false }
    #expect(sent.map(\.to) == [n2, n3])
}

@Test func theLeaderRepliesOnceTheEntryIsCommittedOnAMajority() {
    var l = leader()
    var c = context()
    l.receive(.clientRequest(request: 1, op: .write("x", 7)), from: NodeID(3), &c)
    c = context()
    l.receive(.appendEntriesReply(term: 1, success: true, matchIndex: 2, conflictTerm: 0, conflictIndex: 0, round: 1),
              from: n2, &c)
    #expect(l.commitIndex == 2 && l.lastApplied == 2)
    #expect(c.sends.contains { $0.to == NodeID(3) && $0.message == .clientReply(request: 1, outcome: .result(.ok(nil))) })
}

@Test func ifTheFollowerDoesNotFindAnEntryMatchingPrevLogIndexAndTermItRefusesTheNewEntries() {
    var s = server(n2, term: 2, terms: [1, 1, 2])
    var c = context(n2)
    s.receive(append(term: 3, prev: 3, prevTerm: 3, entries: [3]), from: n1, &c)
    #expect(s.log.lastIndex == 3)
    // The hint names the conflicting term and its first index: the leader skips the whole term.
    #expect(c.sends.first?.message == .appendEntriesReply(term: 3, success: false, matchIndex: 0, conflictTerm: 2,
                                                          conflictIndex: 3, round: 0))
    c = context(n2)
    s.receive(append(term: 3, prev: 6, prevTerm: 3), from: n1, &c)
    #expect(c.sends.first?.message == .appendEntriesReply(term: 3, success: false, matchIndex: 0, conflictTerm: 0,
                                                          conflictIndex: 4, round: 0))
}

@Test func ifAnExistingEntryConflictsWithANewOneDeleteItAndAllThatFollowIt() {
    var s = server(n2, term: 2, terms: [1, 2, 2, 2])
    var c = context(n2)
    s.receive(append(term: 3, prev: 1, prevTerm: 1, entries: [3]), from: n1, &c)
    #expect(s.log.entries.map(\.term) == [1, 3])
    #expect(c.persisted?.log.entries.map(\.term) == [1, 3])
}

@Test func aFollowerAppliesEntriesOnlyUpToTheLeadersCommitIndexAndItsOwnLastNewEntry() {
    var s = server(n2, term: 1, terms: [1])
    var c = context(n2)
    s.receive(append(term: 1, prev: 1, prevTerm: 1, entries: [1, 1], commit: 2), from: n1, &c)
    #expect(s.commitIndex == 2 && s.lastApplied == 2)
    s.receive(append(term: 1, prev: 1, prevTerm: 1, entries: [], commit: 3), from: n1, &c)
    #expect(s.commitIndex == 2, "a heartbeat checked only through index 1 cannot commit index 3")
}

// MARK: §5.4 Safety

@Test(arguments: [
    // (candidate's last index, last term, granted) against a voter whose log ends at index 3 in term 2
    (2, 3, true), (3, 2, true), (4, 2, true), (2, 2, false), (5, 1, false),
])
func theVoterDeniesItsVoteIfItsOwnLogIsMoreUpToDateThanTheCandidates(lastIndex: Int, lastTerm: Int, granted: Bool) {
    var s = server(n3, term: 3, terms: [1, 1, 2])
    var c = context(n3)
    s.receive(.requestVote(term: 4, lastLogIndex: lastIndex, lastLogTerm: lastTerm, preVote: false), from: n1, &c)
    #expect(c.sends.first?.message == .requestVoteReply(term: 4, granted: granted, preVote: false))
}

@Test func aLeaderNeverCommitsAnEntryFromAPreviousTermByCountingReplicas() {
    var l = leader(term: 3, terms: [1, 2])
    var c = context()
    // n2 now holds index 2 (term 2) but not the new leader's no-op at index 3.
    l.receive(.appendEntriesReply(term: 3, success: true, matchIndex: 2, conflictTerm: 0, conflictIndex: 0, round: 1),
              from: n2, &c)
    #expect(l.commitIndex == 0)
    l.receive(.appendEntriesReply(term: 3, success: true, matchIndex: 3, conflictTerm: 0, conflictIndex: 0, round: 1),
              from: n2, &c)
    #expect(l.commitIndex == 3)
}

// MARK: §5.5 and Figure 2: persistence before replying

@Test func serversPersistTheirVoteBeforeReplying() {
    var s = server(n2, term: 1)
    var c = context(n2)
    s.receive(.requestVote(term: 2, lastLogIndex: 0, lastLogTerm: 0, preVote: false), from: n1, &c)
    #expect(c.persisted == RaftDurable(currentTerm: 2, votedFor: n1, log: s.log))
    let restarted = RaftServer(id: n2, serverCount: 3, config: RaftConfig(), durable: c.persisted)
    #expect(restarted.votedFor == n1 && restarted.currentTerm == 2)
}

// MARK: Dissertation §9.6 PreVote, §6.2 CheckQuorum

@Test func aPreCandidateChangesNoTermUntilAMajorityWouldVoteForIt() {
    var config = RaftConfig(); config.preVote = true
    var s = server(term: 1, terms: [1], config: config)
    var c = context()
    s.timerFired(.election, &c)
    #expect(s.role == .preCandidate && s.currentTerm == 1 && c.persisted == nil)
    var voter = server(n2, term: 1, terms: [1], config: config)
    var vc = context(n2)
    voter.receive(c.sends[0].message, from: n1, &vc)
    #expect(voter.currentTerm == 1 && voter.votedFor == nil, "a pre-vote changes nothing at the voter")
    s.receive(vc.sends[0].message, from: n2, &c)
    #expect(s.role == .candidate && s.currentTerm == 2)
}

@Test func withCheckQuorumALeaderThatHearsFromNoMajorityStepsDown() {
    var config = RaftConfig(); config.checkQuorum = true
    var l = leader(config: config)
    var c = context()
    l.timerFired(.quorumCheck, &c)
    #expect(l.role == .follower)
}

@Test func withCheckQuorumAFollowerInTouchWithALeaderIgnoresCandidates() {
    var config = RaftConfig(); config.checkQuorum = true
    var s = server(n2, term: 1, config: config)
    var c = context(n2)
    s.receive(append(term: 1, prev: 0, prevTerm: 0), from: n1, &c)
    c = context(n2)
    s.receive(.requestVote(term: 5, lastLogIndex: 9, lastLogTerm: 4, preVote: false), from: n3, &c)
    #expect(s.currentTerm == 1 && c.sends.isEmpty)
}

// MARK: §7 Log compaction

@Test func aServerCompactsAppliedEntriesIntoASnapshotAndInstallsOnesItIsSent() {
    var config = RaftConfig(); config.snapshotThreshold = 2
    var l = leader(config: config)
    var c = context()
    for r in 1...3 {
        l.receive(.clientRequest(request: r, op: .write("k", Int64(r))), from: NodeID(3), &c)
        l.receive(.appendEntriesReply(term: 1, success: true, matchIndex: l.log.lastIndex, conflictTerm: 0,
                                      conflictIndex: 0, round: 0), from: n2, &c)
    }
    #expect(l.lastApplied == 4 && l.log.snapshotIndex >= 2)
    #expect(c.persisted?.log.snapshotIndex == l.log.snapshotIndex)
    // A follower that has nothing gets the snapshot instead of entries.
    c = context()
    l.receive(.appendEntriesReply(term: 1, success: false, matchIndex: 0, conflictTerm: 0, conflictIndex: 1, round: 0),
              from: n3, &c)
    guard let m = c.sends.last?.message, case .installSnapshot(_, let index, _, let state) = m else {
        Issue.record("expected InstallSnapshot, got \(c.sends.map(\.message))"); return
    }
    var f = server(n3, term: 1, config: config)
    var fc = context(n3)
    f.receive(m, from: n1, &fc)
    #expect(f.commitIndex == index && f.store == state && f.log.snapshotIndex == index)
    #expect(fc.persisted?.snapshot == state)
}

// MARK: Clients (dissertation §6)

@Test func aServerThatIsNotLeaderRedirectsTheClientToTheLeaderItKnows() {
    var s = server(n2, term: 1)
    var c = context(n2)
    s.receive(append(term: 1, prev: 0, prevTerm: 0), from: n1, &c)
    c = context(n2)
    s.receive(.clientRequest(request: 1, op: .read("x")), from: NodeID(3), &c)
    #expect(c.sends.first?.message == .clientReply(request: 1, outcome: .redirect(n1)))
}

@Test func aRequestThatReachesTheLogTwiceTakesEffectOnce() {
    var store = KVStore()
    let client = NodeID(7)
    #expect(store.apply(.cas("x", from: 1, to: 2), client: client, request: 1) == .error(.keyDoesNotExist))
    #expect(store.apply(.write("x", 1), client: client, request: 2) == .ok(nil))
    #expect(store.apply(.cas("x", from: 1, to: 2), client: client, request: 3) == .ok(nil))
    #expect(store.apply(.cas("x", from: 1, to: 2), client: client, request: 3) == .ok(nil), "the recorded result")
    #expect(store.apply(.write("x", 9), client: client, request: 2) == nil, "an older request does nothing")
    #expect(store.data["x"] == 2)
    #expect(store.apply(.cas("x", from: 5, to: 6), client: client, request: 4) == .error(.preconditionFailed))
}

@Test func aCommandTypedAtTheLeaderIsLoggedWhenApplied() {
    var l = RaftServer(id: n1, serverCount: 1, config: RaftConfig())
    var c = RaftContext(id: n1, layout: ClusterLayout(servers: 1))
    l.timerFired(.election, &c)
    #expect(l.role == .leader)
    l.command("write x 3", &c)
    l.command("read x", &c)
    l.command("cas x 3 4", &c)
    l.command("frobnicate", &c)
    #expect(c.logLines.suffix(4) == ["write x 3 → ok", "read x → ok 3", "cas x 3 4 → ok",
                                     "unknown command 'frobnicate': try write KEY VALUE, read KEY, cas KEY FROM TO"])
}
