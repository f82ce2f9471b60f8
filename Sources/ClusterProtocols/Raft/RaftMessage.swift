import ClusterSim

/// Everything servers and clients of a Raft cluster say to each other.
public enum RaftMessage: ProtocolMessage, Hashable {
    /// §5.2: a candidate asks for a vote. With `preVote`, it only asks
    /// whether it would get one at `term` (nobody's state changes).
    case requestVote(term: Int, lastLogIndex: Int, lastLogTerm: Int, preVote: Bool)
    case requestVoteReply(term: Int, granted: Bool, preVote: Bool)
    /// §5.3: replicates entries after (`prevLogIndex`, `prevLogTerm`); empty is a heartbeat.
    /// `round` numbers the leader's heartbeat rounds, for ReadIndex.
    case appendEntries(term: Int, prevLogIndex: Int, prevLogTerm: Int, entries: [RaftEntry],
                       leaderCommit: Int, round: Int)
    /// On success `matchIndex` is the last index known to match. On failure
    /// the follower's hint for fast backup: the conflicting term (0 if its
    /// log is too short) and the first index it holds of that term.
    case appendEntriesReply(term: Int, success: Bool, matchIndex: Int, conflictTerm: Int, conflictIndex: Int,
                            round: Int)
    /// §7: the leader's snapshot, for a follower that needs compacted entries.
    case installSnapshot(term: Int, lastIncludedIndex: Int, lastIncludedTerm: Int, state: KVStore)
    case installSnapshotReply(term: Int, matchIndex: Int)
    /// A client's operation; `request` numbers the client's requests.
    case clientRequest(request: Int, op: KVOperation)
    case clientReply(request: Int, outcome: ClientOutcome)

    public var kind: String {
        switch self {
        case .requestVote(_, _, _, let pre): return pre ? "PreVote" : "RequestVote"
        case .requestVoteReply(_, _, let pre): return pre ? "PreVoteReply" : "RequestVoteReply"
        case .appendEntries: return "AppendEntries"
        case .appendEntriesReply: return "AppendEntriesReply"
        case .installSnapshot: return "InstallSnapshot"
        case .installSnapshotReply: return "InstallSnapshotReply"
        case .clientRequest: return "ClientRequest"
        case .clientReply: return "ClientReply"
        }
    }

    public var isReply: Bool {
        switch self {
        case .requestVoteReply, .appendEntriesReply, .installSnapshotReply, .clientReply: return true
        default: return false
        }
    }

    /// The sender's term, for server-to-server messages.
    public var term: Int? {
        switch self {
        case .requestVote(let t, _, _, _), .requestVoteReply(let t, _, _), .appendEntries(let t, _, _, _, _, _),
             .appendEntriesReply(let t, _, _, _, _, _), .installSnapshot(let t, _, _, _), .installSnapshotReply(let t, _):
            return t
        case .clientRequest, .clientReply: return nil
        }
    }

    public var description: String {
        switch self {
        case let .requestVote(t, li, lt, _):
            return "\(kind)(t\(t), last \(li)@t\(lt))"
        case let .requestVoteReply(t, g, _):
            return "\(kind)(t\(t), \(g ? "granted" : "refused"))"
        case let .appendEntries(t, pi, pt, es, c, _):
            let what = es.isEmpty ? "heartbeat" : "\(es.count) entr\(es.count == 1 ? "y" : "ies")"
            return "AppendEntries(t\(t), prev \(pi)@t\(pt), \(what), commit \(c))"
        case let .appendEntriesReply(t, ok, m, ct, ci, _):
            return ok ? "AppendEntriesReply(t\(t), ok, match \(m))"
                : "AppendEntriesReply(t\(t), conflict t\(ct) from \(ci))"
        case let .installSnapshot(t, i, it, _):
            return "InstallSnapshot(t\(t), through \(i)@t\(it))"
        case let .installSnapshotReply(t, m):
            return "InstallSnapshotReply(t\(t), match \(m))"
        case let .clientRequest(r, op):
            return "ClientRequest(#\(r) \(op))"
        case let .clientReply(r, o):
            return "ClientReply(#\(r) \(o))"
        }
    }
}

/// How a server answers a client.
public enum ClientOutcome: Sendable, Hashable, CustomStringConvertible {
    case result(KVResult)
    /// Not the leader: try this one (nil: no leader known, try another server).
    case redirect(NodeID?)

    public var description: String {
        switch self {
        case .result(let r): return r.description
        case .redirect(let l): return l.map { "redirect to n\($0.index + 1)" } ?? "redirect (leader unknown)"
        }
    }
}
