import ClusterSim

/// What a client asks a member.
public enum EtcdCall: Sendable, Hashable, CustomStringConvertible {
    /// Anything that goes through the log.
    case op(EtcdOp)
    /// LeaseKeepAlive: only the leader's lessor renews; nothing is logged.
    case keepAlive(lease: Int)
    /// A watch on `key` (or every key under it, with `prefix`) from just after
    /// `after`: a long poll, answered as soon as there are events. It stands
    /// in for etcd's gRPC watch stream; the client asks again after each answer.
    case watch(key: String, prefix: Bool, after: Int)

    public var description: String {
        switch self {
        case .op(let op): return op.description
        case .keepAlive(let l): return "keepalive \(l)"
        case .watch(let k, let p, let a): return "watch \(k)\(p ? "*" : "") after \(a)"
        }
    }
}

/// How a member answers a client.
public enum EtcdOutcome: Sendable, Hashable, CustomStringConvertible {
    case result(EtcdResult)
    /// A keepalive renewed the lease for another `ttl` (nil: no such lease).
    case alive(ttl: Int64?)
    case events([EtcdEvent], revision: Int)
    /// Not the leader: try this one (nil: unknown).
    case redirect(NodeID?)
    /// The member lost leadership with the request in its log: it may yet apply.
    case unknown

    public var description: String {
        switch self {
        case .result(let r): return r.description
        case .alive(let t): return t.map { "alive, ttl \(DurationText.format($0))" } ?? "lease not found"
        case .events(let es, let r): return es.isEmpty ? "no events (rev \(r))" : es.map(\.description).joined(separator: ", ")
        case .redirect(let l): return l.map { "redirect to n\($0.index + 1)" } ?? "redirect (leader unknown)"
        case .unknown: return "outcome unknown"
        }
    }
}

/// Everything members, clients and the storage server say to each other.
public enum EtcdMessage: ProtocolMessage, Hashable {
    /// Raft between members, unchanged.
    case raft(RaftMessage)
    case request(id: Int, call: EtcdCall)
    case reply(id: Int, outcome: EtcdOutcome)
    /// A write to the storage server, carrying the writer's fencing token.
    case write(token: Int, value: Int)
    case writeReply(token: Int, accepted: Bool)

    public var kind: String {
        switch self {
        case .raft(let m): return m.kind
        case .request(_, let c):
            switch c {
            case .op(let op):
                switch op {
                case .grant: return "LeaseGrant"
                case .revoke: return "LeaseRevoke"
                case .put: return "Put"
                case .delete: return "DeleteRange"
                case .lock: return "Lock"
                }
            case .keepAlive: return "LeaseKeepAlive"
            case .watch: return "Watch"
            }
        case .reply: return "Reply"
        case .write: return "StorageWrite"
        case .writeReply: return "StorageReply"
        }
    }

    public var isReply: Bool {
        switch self {
        case .raft(let m): return m.isReply
        case .reply, .writeReply: return true
        default: return false
        }
    }

    public var description: String {
        switch self {
        case .raft(let m): return m.description
        case .request(let id, let c): return "\(kind)(#\(id) \(c))"
        case .reply(let id, let o): return "Reply(#\(id) \(o))"
        case .write(let t, let v): return "StorageWrite(token \(t), value \(v))"
        case .writeReply(let t, let ok): return "StorageReply(token \(t), \(ok ? "accepted" : "rejected"))"
        }
    }
}

/// The timers of an etcd cluster's processes.
public enum EtcdTimer: Hashable, Sendable, CustomStringConvertible {
    /// A member's Raft timers.
    case raft(RaftTimer)
    /// A member's clock tick: the lessor checks for expired leases.
    case tick
    /// A client's request went unanswered: try the next member.
    case requestTimeout
    /// A client's lease keepalive.
    case keepAlive
    /// A lock holder finishes its work and writes to storage.
    case work
    /// A client rests before its next round.
    case think
    /// A watcher's poll went unanswered: ask another member.
    case watchTimeout

    public var description: String {
        switch self {
        case .raft(let t): return t.description
        case .tick: return "tick"
        case .requestTimeout: return "requestTimeout"
        case .keepAlive: return "keepAlive"
        case .work: return "work"
        case .think: return "think"
        case .watchTimeout: return "watchTimeout"
        }
    }
}
