import ClusterSim

/// The learner ("Paxos Made Simple" §2.3): every acceptor tells every
/// learner what it accepted; a value is chosen when a majority of acceptors
/// accepted the same proposal.
extension PaxosNode {
    mutating func onAccepted(_ p: Proposal, from: Int, _ context: inout NodeContext<PaxosNode>) {
        guard chosen == nil else { return }
        tallies[p, default: []].insert(from)
        guard tallies[p]!.count >= quorum else { return }
        chosen = p.value
        tallies = [:]
        persist(&context)
        context.log("learns \(p.value) (accepted at \(p.ballot) by a quorum)")
        context.stateChanged("chose \(p.value)")
        if ownValue != nil {
            phase = .done
            context.cancelTimer(.retry)
        }
    }
}
