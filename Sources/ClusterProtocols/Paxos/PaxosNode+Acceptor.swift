import ClusterSim

/// The acceptor ("Paxos Made Simple" §2.2, §2.5): it promises in phase 1 and
/// accepts in phase 2 unless it has promised a higher ballot. Both its
/// promise and its acceptance are declared durable before it replies
/// ("records its intended response in stable storage before actually
/// sending", §2.5), and it tells every learner what it accepted (§2.3).
extension PaxosNode {
    mutating func onPrepare(_ b: Ballot, from: Int, _ context: inout NodeContext<PaxosNode>) {
        highestRound = max(highestRound, b.round)
        if let p = promised, b < p {
            persist(&context)
            send(.nack(b, promised: p), to: from, &context)
            return
        }
        promised = b
        persist(&context)
        send(.promise(b, accepted: accepted), to: from, &context)
        preempted(by: b, &context)
    }

    mutating func onAccept(_ b: Ballot, _ value: String, from: Int, _ context: inout NodeContext<PaxosNode>) {
        highestRound = max(highestRound, b.round)
        if let p = promised, b < p, config.mutant != .acceptLowerBallot {
            persist(&context)
            send(.nack(b, promised: p), to: from, &context)
            return
        }
        if promised.map({ b > $0 }) ?? true { promised = b }
        let proposal = Proposal(b, value)
        accepted = proposal
        persist(&context)
        context.log("accepts \(proposal)")
        // Phase 2b goes to every learner, this node's own included.
        for l in 0..<serverCount { send(.accepted(proposal), to: l, &context) }
    }
}
