import ClusterSim

/// The proposer ("Paxos Made Simple" §2.2, §2.4): a ballot above any it has
/// seen, phase 1 to a quorum, then phase 2 with the value of the
/// highest-numbered proposal the promises reported, or its own.
extension PaxosNode {
    /// Starts proposing `value` (a person's `propose`, or the workload's).
    mutating func propose(_ value: String, _ context: inout NodeContext<PaxosNode>) {
        if let c = chosen {
            context.log("propose \(value): \(c) is already chosen")
            return
        }
        ownValue = value
        startBallot(&context)
    }

    /// A new ballot, numbered above every round seen (§2.5: proposers draw
    /// from disjoint sets of numbers, and each remembers in stable storage the
    /// highest it tried; here the proposer's index breaks ties).
    mutating func startBallot(_ context: inout NodeContext<PaxosNode>) {
        highestRound += 1
        let b = Ballot(round: highestRound, proposer: id.index)
        ballot = b
        phase = .preparing
        promises = []
        highestReported = nil
        proposing = nil
        persist(&context)
        context.stateChanged("prepare \(b)")
        context.setTimer(.retry, after: config.retryTimeout)
        for a in 0..<acceptorCount { send(.prepare(b), to: a, &context) }
    }

    mutating func onPromise(_ b: Ballot, _ reported: Proposal?, from: Int, _ context: inout NodeContext<PaxosNode>) {
        guard phase == .preparing, b == ballot else { return }
        promises.insert(from)
        if let r = reported, highestReported.map({ r.ballot > $0.ballot }) ?? true { highestReported = r }
        guard promises.count >= quorum else { return }
        // The value-adoption rule (§2.2, P2c): the highest-numbered accepted proposal's value.
        let adopt = config.mutant == .skipValueAdoption ? nil : highestReported?.value
        let value = adopt ?? ownValue ?? PaxosConfig.initialValue(id.index)
        proposing = value
        phase = .accepting
        context.stateChanged("accept \(value)@\(b)")
        if let adopt, adopt != ownValue { context.log("adopts \(adopt) from \(highestReported!) instead of \(ownValue ?? "—")") }
        for a in 0..<acceptorCount { send(.accept(b, value: value), to: a, &context) }
    }

    /// A refusal of this proposer's ballot: a higher one exists.
    mutating func onNack(_ b: Ballot, promised: Ballot, _ context: inout NodeContext<PaxosNode>) {
        highestRound = max(highestRound, promised.round)
        guard b == ballot else { return }
        preempted(by: promised, &context)
    }

    /// This proposer learned of a ballot above its own (a refusal, or a
    /// Prepare its own acceptor received), so its ballot cannot succeed
    /// (§2.2: "a good idea to abandon a proposal if some proposer has begun
    /// trying to issue a higher-numbered one"). It backs off a random time, or with no
    /// back-off goes straight to a higher ballot: two proposers doing that
    /// can pre-empt each other for ever.
    mutating func preempted(by higher: Ballot, _ context: inout NodeContext<PaxosNode>) {
        guard let b = ballot, higher > b, chosen == nil, phase == .preparing || phase == .accepting else { return }
        context.log("abandons \(b): \(higher) is higher")
        if config.backoff == 0 {
            startBallot(&context)
        } else {
            phase = .backoff
            context.setTimer(.retry, after: 0, jitter: config.backoff)
        }
    }
}
