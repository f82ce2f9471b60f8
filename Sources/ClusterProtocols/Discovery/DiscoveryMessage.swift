import ClusterSim

/// One instance of a service as the catalog knows it: where it runs and the
/// worst status among its checks (its own and its node's `serfHealth`).
public struct ServiceInstance: Sendable, Hashable, CustomStringConvertible {
    public var node: NodeID
    public var port: Int
    public var tags: [String]
    public var status: HealthStatus
    public var description: String { "n\(node.index + 1):\(port)" }
}

/// Everything the nodes of a Consul-style cluster say to each other: the
/// servers' Raft and everyone's SWIM carried unchanged, the agents' catalog
/// reads (writes are Raft client requests), lookups, and the balancer's
/// requests to backends.
public enum DiscoveryMessage: ProtocolMessage, Hashable {
    case raft(RaftMessage)
    case swim(MembershipMessage)
    /// Anti-entropy: an agent asks a server what the catalog holds for its node.
    case catalogRead(request: Int)
    /// The catalog's entries for the asking node, as the answering server has applied them.
    case catalogState(request: Int, entries: [String: Int64])
    /// A DNS-style lookup of a service's healthy instances.
    case lookup(request: Int, service: String)
    case lookupReply(request: Int, service: String, instances: [ServiceInstance])
    /// A balancer's request to a backend, and its answer (`ok` false: an error).
    case serviceRequest(request: Int)
    case serviceReply(request: Int, ok: Bool)

    public var kind: String {
        switch self {
        case .raft(let m): return m.kind
        case .swim(let m): return m.kind
        case .catalogRead: return "CatalogRead"
        case .catalogState: return "CatalogState"
        case .lookup: return "Lookup"
        case .lookupReply: return "LookupReply"
        case .serviceRequest: return "Request"
        case .serviceReply: return "Response"
        }
    }

    public var isReply: Bool {
        switch self {
        case .raft(let m): return m.isReply
        case .swim(let m): return m.isReply
        case .catalogState, .lookupReply, .serviceReply: return true
        case .catalogRead, .lookup, .serviceRequest: return false
        }
    }

    public var description: String {
        switch self {
        case .raft(let m): return m.description
        case .swim(let m): return m.description
        case .catalogRead(let r): return "CatalogRead(#\(r))"
        case .catalogState(let r, let e): return "CatalogState(#\(r), \(e.count) entries)"
        case .lookup(let r, let s): return "Lookup(#\(r) \(s))"
        case .lookupReply(let r, let s, let i):
            return "LookupReply(#\(r) \(s): \(i.isEmpty ? "none" : i.map(\.description).joined(separator: " ")))"
        case .serviceRequest(let r): return "Request(#\(r))"
        case .serviceReply(let r, let ok): return "Response(#\(r) \(ok ? "200" : "503"))"
        }
    }
}

/// The timers of a Consul-style cluster's nodes.
public enum DiscoveryTimer: Hashable, Sendable, CustomStringConvertible {
    case raft(RaftTimer)
    case swim(MembershipNode.Timer)
    /// Agent: run the health checks.
    case check
    /// Agent: the periodic full anti-entropy sync.
    case antiEntropy
    /// Agent: the catalog read or write in flight went unanswered.
    case rpcTimeout(Int)
    /// Agent: try the queued catalog write again (after a redirect without a leader).
    case retry
    /// Leader: reconcile membership into `serfHealth` checks.
    case reconcile
    /// Balancer: look the service up again.
    case lookup
    /// Balancer: send the next request.
    case send

    public var description: String {
        switch self {
        case .raft(let t): return t.description
        case .swim(let t): return t.description
        case .check: return "check"
        case .antiEntropy: return "anti-entropy"
        case .rpcTimeout(let r): return "rpc-timeout #\(r)"
        case .retry: return "retry"
        case .reconcile: return "reconcile"
        case .lookup: return "lookup"
        case .send: return "send"
        }
    }
}
