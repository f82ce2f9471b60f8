import ClusterSim

/// Leader election (§5.2, §5.4.1), PreVote (§9.6) and CheckQuorum.
extension RaftServer {
    mutating func electionTimeout(_ context: inout RaftContext) {
        guard role != .leader else { return }
        if config.preVote { startPreVote(&context) } else { startElection(&context) }
    }

    /// Asks whether an election at the next term could be won, changing nothing durable.
    mutating func startPreVote(_ context: inout RaftContext) {
        role = .preCandidate
        leader = nil
        votes = [id]
        context.stateChanged("pre-candidate t\(currentTerm + 1)")
        resetElectionTimer(&context)
        if isMajority(votes.count) { return startElection(&context) }
        for p in peers {
            context.send(.requestVote(term: currentTerm + 1, lastLogIndex: log.lastIndex, lastLogTerm: log.lastTerm,
                                      preVote: true), to: p)
        }
    }

    /// §5.2: increment the term, vote for self, reset the timer, ask everyone.
    mutating func startElection(_ context: inout RaftContext) {
        currentTerm += 1
        votedFor = id
        role = .candidate
        leader = nil
        votes = [id]
        persist(&context)
        context.stateChanged("candidate t\(currentTerm)")
        resetElectionTimer(&context)
        if isMajority(votes.count) { return becomeLeader(&context) }
        for p in peers {
            context.send(.requestVote(term: currentTerm, lastLogIndex: log.lastIndex, lastLogTerm: log.lastTerm,
                                      preVote: false), to: p)
        }
    }

    /// §5.2 and §5.4.1: one vote per term, only for a candidate whose log is
    /// at least as up-to-date as ours.
    mutating func requestVote(term: Int, lastLogIndex: Int, lastLogTerm: Int, preVote: Bool, from: NodeID,
                              _ context: inout RaftContext) {
        let upToDate = config.has(.skipUpToDateCheck)
            || log.isAtLeastAsUpToDate(lastIndex: lastLogIndex, lastTerm: lastLogTerm)
        if preVote {
            let granted = term > currentTerm && upToDate
            context.send(.requestVoteReply(term: granted ? term : currentTerm, granted: granted, preVote: true), to: from)
            return
        }
        let free = votedFor == nil || votedFor == from || config.has(.voteTwiceInOneTerm)
        let granted = term == currentTerm && free && upToDate
        if granted {
            votedFor = from
            persist(&context)
            resetElectionTimer(&context)
        }
        context.send(.requestVoteReply(term: currentTerm, granted: granted, preVote: false), to: from)
    }

    mutating func voteReply(term: Int, granted: Bool, preVote: Bool, from: NodeID, _ context: inout RaftContext) {
        guard granted else { return }
        if preVote {
            guard role == .preCandidate, term == currentTerm + 1 else { return }
            votes.insert(from)
            if isMajority(votes.count) { startElection(&context) }
        } else {
            guard role == .candidate, term == currentTerm else { return }
            votes.insert(from)
            if isMajority(votes.count) { becomeLeader(&context) }
        }
    }

    /// Takes office: fresh replication state, a no-op entry of the new term
    /// (so earlier terms' entries can commit, §5.4.2), heartbeats at once.
    mutating func becomeLeader(_ context: inout RaftContext) {
        role = .leader
        leader = id
        for p in 0..<serverCount {
            nextIndex[p] = log.lastIndex + 1
            matchIndex[p] = 0
            recentlyActive[p] = false
            ackedRound[p] = 0
        }
        round = 0
        log.append(RaftEntry(term: currentTerm, command: .noop))
        matchIndex[id.index] = log.lastIndex
        persist(&context)
        context.stateChanged("leader t\(currentTerm)")
        context.cancelTimer(.election)
        heartbeat(&context)
        if config.checkQuorum { context.setTimer(.quorumCheck, after: config.electionTimeout) }
        advanceCommitIndex(&context)
    }

    /// CheckQuorum: a leader that has not heard from a majority in an
    /// election timeout steps down, so clients stop waiting on it.
    mutating func quorumCheck(_ context: inout RaftContext) {
        guard role == .leader else { return }
        let heard = 1 + recentlyActive.indices.filter { $0 != id.index && recentlyActive[$0] }.count
        for p in recentlyActive.indices { recentlyActive[p] = false }
        if isMajority(heard) {
            context.setTimer(.quorumCheck, after: config.electionTimeout)
        } else {
            context.log("steps down: heard from \(heard) of \(serverCount) in an election timeout")
            becomeFollower(term: currentTerm, leader: nil, &context)
        }
    }
}
