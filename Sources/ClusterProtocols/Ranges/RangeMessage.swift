import ClusterSim

/// How a gateway answers a client's transaction.
public enum CrdbTxnOutcome: Sendable, Hashable, CustomStringConvertible {
    /// Committed; the reads' values in micro-op order (nil for appends and empty keys).
    case committed(reads: [[Int]?])
    /// Surely not committed (every attempt aborted).
    case aborted(String)

    public var description: String {
        switch self {
        case .committed: return "committed"
        case .aborted(let why): return "aborted (\(why))"
        }
    }
}

/// Everything servers and clients of the range store say to each other.
public enum RangeMessage: ProtocolMessage, Hashable {
    /// Raft between the replicas of one range.
    case raft(range: Int, RaftMessage)
    /// A coordinator's request to a range's leader; `clock` is the sender's hybrid clock.
    case request(id: Int, range: Int, RangeCommand, clock: Int64)
    case reply(id: Int, RangeReply, clock: Int64)
    /// A client's transaction, to a gateway server that coordinates it.
    case txn(id: Int, [CrdbMicroOp])
    case txnReply(id: Int, CrdbTxnOutcome)

    public var kind: String {
        switch self {
        case .raft(_, let m): return m.kind
        case .request(_, _, let c, _): return c.kind
        case .reply: return "Reply"
        case .txn: return "Txn"
        case .txnReply: return "TxnReply"
        }
    }

    public var isReply: Bool {
        switch self {
        case .raft(_, let m): return m.isReply
        case .reply, .txnReply: return true
        default: return false
        }
    }

    public var description: String {
        switch self {
        case .raft(let r, let m): return "r\(r) \(m)"
        case .request(let id, let r, let c, _): return "r\(r) #\(id) \(c)"
        case .reply(let id, let rep, _): return "Reply(#\(id) \(rep))"
        case .txn(let id, let ops): return "Txn(#\(id) " + ops.map(\.description).joined(separator: ", ") + ")"
        case .txnReply(let id, let o): return "TxnReply(#\(id) \(o))"
        }
    }
}

/// The timers of the range store's processes.
public enum RangeTimer: Hashable, Sendable, CustomStringConvertible {
    /// A replica's Raft timers, per range.
    case raft(range: Int, RaftTimer)
    /// A server's clock tick: heartbeats, split checks.
    case tick
    /// A coordinator's request went unanswered, or a push said wait: try again.
    case retry(txn: Int)
    /// A client's transaction went unanswered.
    case timeout
    /// A client rests before its next transaction.
    case think

    public var description: String {
        switch self {
        case .raft(let r, let t): return "r\(r) \(t)"
        case .tick: return "tick"
        case .retry(let t): return "retry \(t)"
        case .timeout: return "timeout"
        case .think: return "think"
        }
    }
}
