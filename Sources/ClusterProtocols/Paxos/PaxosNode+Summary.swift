import ClusterSim

/// How a Paxos node looks in the interface: what its proposer is doing,
/// what its acceptor promised and accepted, and what its learner learned.
extension PaxosNode {
    /// `decided` once learned; else the proposer's phase; else `acceptor` (or
    /// `learner`, for a server that is not an acceptor).
    public var role: String {
        if chosen != nil { return "decided" }
        switch phase {
        case .preparing, .accepting, .backoff: return phase.rawValue
        case .idle, .done: return isAcceptor ? "acceptor" : "learner"
        }
    }

    var tone: NodeSummary.Tone {
        if chosen != nil { return .good }
        switch phase {
        case .preparing: return .candidate
        case .accepting: return .leader
        case .backoff: return .warning
        case .idle, .done: return .follower
        }
    }

    /// The box shows one field under the role: the learned value once there
    /// is one, else `p/a`, the promised and the accepted ballot with its
    /// value (`2.n3 1.n1=apple`). The fields after it are the same facts
    /// one by one, for the inspector and lab predicates.
    public var summary: NodeSummary {
        let dash = "—"
        let acceptedText = accepted.map { "\($0.ballot)=\($0.value)" } ?? dash
        var fields: [NodeSummary.Field] = [
            .init("promised", promised.map(\.description) ?? dash),
            .init("accepted", accepted.map(\.ballot.description) ?? dash),
            .init("value", accepted?.value ?? dash),
            .init("chosen", chosen ?? dash),
        ]
        if ownValue != nil {
            fields.append(.init("proposal", "\(proposing ?? ownValue!)@\(ballot.map(\.description) ?? dash)"))
        }
        let compact = NodeSummary.Field("p/a", isAcceptor ? "\(promised.map(\.description) ?? dash) \(acceptedText)"
                                                          : "not an acceptor")
        if let c = chosen {
            fields.removeAll { $0.name == "chosen" }
            fields.insert(.init("chosen", c), at: 0)
            fields.append(compact)
        } else {
            fields.insert(compact, at: 0)
        }
        var details = [
            "\(name(id.index)): " + (isAcceptor ? "proposer, acceptor and learner" : "proposer and learner (not an acceptor)"),
            "quorum: \(quorum) of \(acceptorCount) acceptors · p/a: promised ballot, accepted ballot=value",
        ]
        if isAcceptor {
            details.append("acceptor: promised " + (promised.map(\.description) ?? "nothing")
                           + ", accepted " + (accepted.map(\.description) ?? "nothing"))
        }
        if let v = ownValue {
            details.append("proposer: asked to propose \(v); \(phase.rawValue)" + (ballot.map { " at \($0)" } ?? ""))
            if phase == .preparing { details.append("promises from: " + promises.sorted().map(name).joined(separator: " ")) }
            if let r = highestReported { details.append("highest accepted proposal reported: \(r)") }
            if let p = proposing, p != v { details.append("adopted \(p) (value-adoption rule)") }
        }
        for (p, from) in tallies.sorted(by: { $0.key.ballot < $1.key.ballot }) {
            details.append("learner: \(p) accepted by " + from.sorted().map(name).joined(separator: " "))
        }
        details.append("learner: " + (chosen.map { "learned \($0)" } ?? "nothing learned yet"))
        if let m = config.mutant { details.append("MUTANT: \(m.rawValue)") }
        return NodeSummary(role: role, tone: tone, epoch: promised?.round, fields: fields, details: details)
    }

    public var headline: NodeHeadline { NodeHeadline(role: role, tone: tone, epoch: promised?.round) }
}
