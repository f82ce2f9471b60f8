import ClusterSim

/// Phase 1 and leader election: a server that hears no leader picks a ballot
/// above any it has seen and prepares every slot from its first undecided
/// one on at once; a majority of promises makes it leader, which then
/// re-proposes each reported value and fills each gap with a no-op
/// (Paxos Made Simple §3).
extension MultiPaxosServer {
    mutating func startPhaseOne(_ context: inout MultiPaxosContext) {
        guard role != .leader else { return }
        ballot = Ballot(round: max(promised.round, ballot.round) + 1, proposer: id.index)
        promised = ballot
        persist(&context)
        role = .candidate
        leader = nil
        phaseOneFrom = commitIndex + 1
        promisedBy = [id.index]
        adopted = [:]
        adopt(acceptedValues(from: phaseOneFrom))
        context.stateChanged("candidate \(ballot)")
        context.log("phase 1 with ballot \(ballot) for slots \(phaseOneFrom)…")
        context.broadcast(.prepare(ballot: ballot, fromSlot: phaseOneFrom))
        resetElectionTimer(&context)
        if promisedBy.count >= quorum { becomeLeader(&context) }
    }

    /// Phase 1b: promise `b` unless a higher ballot was promised.
    mutating func prepare(_ b: Ballot, fromSlot: Int, from: NodeID, _ context: inout MultiPaxosContext) {
        guard b >= promised else {
            return context.send(.promise(ballot: promised, granted: false, accepted: []), to: from)
        }
        if b > promised {
            promised = b
            persist(&context)
            if role != .follower || leader != nil { becomeFollower(leader: nil, &context) }
        }
        resetElectionTimer(&context)
        context.send(.promise(ballot: b, granted: true, accepted: acceptedValues(from: fromSlot)), to: from)
    }

    /// Every value this acceptor accepted from `slot` on.
    func acceptedValues(from slot: Int) -> [SlotValue] {
        guard slot <= accepted.count else { return [] }
        return (max(1, slot)...accepted.count).compactMap { s in acceptedValue(s).map { SlotValue(slot: s, value: $0) } }
    }

    /// Keeps, per slot, the value with the highest ballot reported so far.
    mutating func adopt(_ values: [SlotValue]) {
        for v in values where v.value.ballot > (adopted[v.slot]?.ballot ?? .zero) { adopted[v.slot] = v.value }
    }

    mutating func promise(_ b: Ballot, granted: Bool, values: [SlotValue], from: NodeID, _ context: inout MultiPaxosContext) {
        guard granted else { return observeHigherBallot(b, &context) }
        guard role == .candidate, b == ballot, !promisedBy.contains(from.index) else { return }
        promisedBy.insert(from.index)
        adopt(values)
        if promisedBy.count >= quorum { becomeLeader(&context) }
    }

    /// Phase 1 is done for every slot from `phaseOneFrom` on: propose, in our
    /// ballot, the highest-ballot value reported for each slot up to the last
    /// one anybody reported, and a no-op where nobody reported one.
    mutating func becomeLeader(_ context: inout MultiPaxosContext) {
        role = .leader
        leader = id
        acks = [:]
        let last = max(adopted.keys.max() ?? 0, commitIndex)
        nextSlot = last + 1
        context.stateChanged("leader \(ballot)")
        var gaps: [Int] = []
        if phaseOneFrom <= last {
            for slot in phaseOneFrom...last {
                let value = config.has(.skipValueAdoption) ? nil : adopted[slot]
                if value == nil { gaps.append(slot) }
                propose(value?.command ?? .noop, at: slot, &context)
            }
        }
        context.log("leader with ballot \(ballot): re-proposes slots \(phaseOneFrom)…\(last)"
            + (gaps.isEmpty ? "" : ", no-op in \(gaps.count == 1 ? "gap" : "gaps") " + gaps.map(String.init).joined(separator: " ")))
        adopted = [:]
        promisedBy = []
        context.cancelTimer(.election)
        sendHeartbeats(&context)
    }
}
