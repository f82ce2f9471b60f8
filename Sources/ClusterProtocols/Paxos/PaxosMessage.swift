import ClusterSim

/// The messages of single-decree Paxos ("Paxos Made Simple" §2.2–2.3), plus
/// the rejection notice §2.2 suggests ("it should probably inform the
/// proposer") so a proposer abandons a beaten ballot
/// at once instead of waiting for its timeout.
public enum PaxosMessage: Hashable, Sendable, ProtocolMessage {
    /// Phase 1a: a proposer asks acceptors to promise ballot `ballot`.
    case prepare(Ballot)
    /// Phase 1b: the acceptor promises to accept nothing numbered below
    /// `ballot`, and reports the highest-numbered proposal it has accepted.
    case promise(Ballot, accepted: Proposal?)
    /// Phase 2a: a proposer asks acceptors to accept a value at `ballot`.
    case accept(Ballot, value: String)
    /// Phase 2b, sent to every learner: the acceptor accepted this proposal.
    case accepted(Proposal)
    /// The acceptor refused `ballot`: it has promised `promised`, which is higher.
    case nack(Ballot, promised: Ballot)

    public var kind: String {
        switch self {
        case .prepare: return "Prepare"
        case .promise: return "Promise"
        case .accept: return "Accept"
        case .accepted: return "Accepted"
        case .nack: return "Nack"
        }
    }

    /// Promise, Accepted and Nack answer a proposer's request (drawn `p`,
    /// `a`, `n`; Prepare and Accept are `P` and `A`).
    public var isReply: Bool {
        switch self {
        case .promise, .nack, .accepted: return true
        case .prepare, .accept: return false
        }
    }

    public var description: String {
        switch self {
        case .prepare(let b): return "Prepare(\(b))"
        case .promise(let b, let a): return "Promise(\(b), accepted " + (a.map(\.description) ?? "none") + ")"
        case .accept(let b, let v): return "Accept(\(b), \(v))"
        case .accepted(let p): return "Accepted(\(p.ballot), \(p.value))"
        case .nack(let b, let p): return "Nack(\(b), promised \(p))"
        }
    }
}
