import ClusterSim

/// Phase 2 and learning: the leader proposes a command for a slot with its
/// ballot; acceptors accept unless they promised higher; a majority of
/// accepts decides the slot. Learners hear the leader's decided prefix on
/// every accept and heartbeat, and execute slots strictly in order.
extension MultiPaxosServer {
    /// The leader's phase 2a for `slot`: accept it here, ask everyone else.
    mutating func propose(_ command: RaftCommand, at slot: Int, _ context: inout MultiPaxosContext) {
        store(AcceptedValue(ballot: ballot, command: command), at: slot)
        persist(&context)
        acks[slot] = 1 << UInt64(id.index)
        context.broadcast(.accept(ballot: ballot, slot: slot, command: command, commit: commitIndex))
        if quorum <= 1 { decide(slot, command, &context) }
    }

    /// Phase 2b: accept unless a higher ballot was promised.
    mutating func accept(_ b: Ballot, slot: Int, command: RaftCommand, commit: Int, from: NodeID,
                         _ context: inout MultiPaxosContext) {
        guard b >= promised || config.has(.acceptLowerBallot) else {
            return context.send(.accepted(ballot: promised, slot: slot, ok: false), to: from)
        }
        follow(b, leader: from, &context)
        store(AcceptedValue(ballot: b, command: command), at: slot)
        persist(&context)
        context.send(.accepted(ballot: b, slot: slot, ok: true), to: from)
        learn(through: commit, ballot: b)
    }

    /// A message from the leader of `b`, no lower than our promise: follow it.
    mutating func follow(_ b: Ballot, leader from: NodeID, _ context: inout MultiPaxosContext) {
        guard b >= promised else { return }
        if b > promised { promised = b; persist(&context) }
        if role != .follower || leader != from { becomeFollower(leader: from, &context) } else { resetElectionTimer(&context) }
    }

    mutating func acceptedReply(_ b: Ballot, slot: Int, ok: Bool, from: NodeID, _ context: inout MultiPaxosContext) {
        guard ok else { return observeHigherBallot(b, &context) }
        guard role == .leader, b == ballot, let votes = acks[slot] else { return }
        let now = votes | (1 << UInt64(from.index))
        acks[slot] = now
        if now.nonzeroBitCount >= quorum, let v = acceptedValue(slot), v.ballot == ballot { decide(slot, v.command, &context) }
    }

    /// The leader's heartbeat, with every accept not yet decided sent again
    /// (to the acceptors that have not answered it).
    mutating func sendHeartbeats(_ context: inout MultiPaxosContext) {
        guard role == .leader else { return }
        context.broadcast(.heartbeat(ballot: ballot, commit: commitIndex))
        for slot in acks.keys.sorted().prefix(config.catchUpBatch) {
            guard let votes = acks[slot], let v = acceptedValue(slot) else { continue }
            for p in peers where votes & (1 << UInt64(p.index)) == 0 {
                context.send(.accept(ballot: ballot, slot: slot, command: v.command, commit: commitIndex), to: p)
            }
        }
        context.setTimer(.heartbeat, after: config.heartbeatInterval)
    }

    mutating func heartbeat(_ b: Ballot, commit: Int, from: NodeID, _ context: inout MultiPaxosContext) {
        guard b >= promised else { return context.send(.rejected(ballot: promised), to: from) }
        follow(b, leader: from, &context)
        learn(through: commit, ballot: b)
        if commitIndex < commit { context.send(.catchUp(fromSlot: commitIndex + 1), to: from) }
    }

    /// The leader's decided prefix reaches `commit`: a slot whose accepted
    /// value carries the leader's ballot `b` holds the decided value, since
    /// a leader proposes one value per slot in its ballot.
    mutating func learn(through commit: Int, ballot b: Ballot) {
        guard commit > commitIndex else { return }
        for slot in (commitIndex + 1)...commit where decidedCommand(slot) == nil {
            guard let v = acceptedValue(slot), v.ballot == b else { continue }
            record(slot, v.command)
        }
        executeDecided()
    }

    /// The leader's answer to a catch-up: decided commands from `fromSlot` on.
    mutating func catchUp(fromSlot: Int, from: NodeID, _ context: inout MultiPaxosContext) {
        guard role == .leader, fromSlot <= commitIndex, fromSlot >= 1 else { return }
        let last = min(commitIndex, fromSlot + config.catchUpBatch - 1)
        context.send(.decisions(fromSlot: fromSlot, commands: (fromSlot...last).map { decided[$0 - 1]! }), to: from)
    }

    mutating func learnDecisions(fromSlot: Int, _ commands: [RaftCommand], _ context: inout MultiPaxosContext) {
        for (k, c) in commands.enumerated() where decidedCommand(fromSlot + k) == nil { record(fromSlot + k, c) }
        executeDecided()
    }

    /// The leader learns `slot` is decided: record, execute what is now in order, answer clients.
    mutating func decide(_ slot: Int, _ command: RaftCommand, _ context: inout MultiPaxosContext) {
        acks[slot] = nil
        if decidedCommand(slot) == nil { record(slot, command) }
        for (slot, result) in executeDecided() { answerClient(slot, result, &context) }
    }

    mutating func record(_ slot: Int, _ command: RaftCommand) {
        while decided.count < slot { decided.append(nil) }
        decided[slot - 1] = command
        if command == .noop { decidedNoops += 1 }
        decidedNow.append(slot)
    }

    /// Executes decided slots in order from the first unexecuted one; stops at a gap.
    @discardableResult
    mutating func executeDecided() -> [(slot: Int, result: KVResult?)] {
        var done: [(Int, KVResult?)] = []
        while let c = decidedCommand(commitIndex + 1) {
            commitIndex += 1
            if case .client(let op, let client, let request) = c {
                done.append((commitIndex, store.apply(op, client: client, request: request)))
            }
        }
        return done
    }
}
