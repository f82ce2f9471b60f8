import ClusterSim

/// Raft's leaderless states modulo a shift of every term: the abstraction a
/// lasso search (`LassoSearch`) needs to find an election postponed forever.
///
/// Before any leader, every log is empty, and the election rules compare
/// terms only with each other (`term > currentTerm`, `term == currentTerm`;
/// §5.1–5.2): the log's last term stays 0 on both sides of the up-to-date
/// check. So a state whose terms are all raised by the same amount behaves
/// exactly as the original does, one step for one step. The representative
/// shifts the lowest term in the state (a server's or a message's) to 0. A
/// state with a log entry or a leader's message is left as it is: there the
/// shift would not be honest, and the search prunes such states anyway.
public enum RaftTermShift {
    /// The representative of `s`'s class: every term lowered by the lowest.
    public static func canonical(_ s: SearchState<RaftProcess>) -> SearchState<RaftProcess> {
        var lowest = Int.max
        for node in s.nodes {
            guard let server = node.server else { continue }
            guard server.log.lastIndex == 0 else { return s }
            lowest = min(lowest, server.currentTerm)
        }
        for p in s.inFlight {
            switch p.message {
            case .requestVote(let t, _, _, _), .requestVoteReply(let t, _, _): lowest = min(lowest, t)
            case .clientRequest, .clientReply: continue
            default: return s
            }
        }
        guard lowest != Int.max, lowest != 0 else { return s }
        return s.mapped(nodes: { $0.shiftingTerms(by: -lowest) }, messages: { $0.shiftingTerms(by: -lowest) })
    }

    /// Some server leads: the decision the adversary postpones.
    public static func hasLeader(_ s: SearchState<RaftProcess>) -> Bool {
        s.nodes.contains { $0.server?.role == .leader }
    }
}

extension RaftProcess {
    /// A server's term moved by `d`; a client is unchanged.
    func shiftingTerms(by d: Int) -> RaftProcess {
        guard var server else { return self }
        server.currentTerm += d
        return RaftProcess(server)
    }
}

extension RaftMessage {
    /// An election message's term moved by `d` (the log term it carries is
    /// the empty log's 0 and stays); other messages are unchanged.
    func shiftingTerms(by d: Int) -> RaftMessage {
        switch self {
        case let .requestVote(t, li, lt, pre): return .requestVote(term: t + d, lastLogIndex: li, lastLogTerm: lt, preVote: pre)
        case let .requestVoteReply(t, g, pre): return .requestVoteReply(term: t + d, granted: g, preVote: pre)
        default: return self
        }
    }
}
