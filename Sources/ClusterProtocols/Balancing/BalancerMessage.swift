import ClusterSim

/// Messages of the `balancer` protocol. `client` is a client's slot
/// (0 for c1) and `seq` its request number, which together name a request.
public enum BalancerMessage: ProtocolMessage, Hashable {
    /// Client → balancer.
    case request(seq: Int)
    /// Balancer → backend.
    case forward(client: Int, seq: Int)
    /// Backend → balancer: served, with the service time it drew, its
    /// estimate of the time the request queued, and its queue length now.
    case done(client: Int, seq: Int, service: Int64, wait: Int64, queue: Int)
    /// Backend → balancer: its queue was full.
    case rejected(client: Int, seq: Int)
    /// Balancer → client.
    case response(seq: Int, ok: Bool)
    /// Health check, balancer → backend, and its answer.
    case ping
    case pong(queue: Int)
    /// Backend → balancer when it starts; a higher incarnation than the
    /// balancer knew means it restarted and whatever it was serving is lost.
    case hello(incarnation: Int)

    public var kind: String {
        switch self {
        case .request: return "Request"
        case .forward: return "Forward"
        case .done: return "Done"
        case .rejected: return "Rejected"
        case .response: return "Response"
        case .ping: return "Ping"
        case .pong: return "Pong"
        case .hello: return "Hello"
        }
    }

    public var isReply: Bool {
        switch self {
        case .done, .rejected, .response, .pong: return true
        default: return false
        }
    }

    public var description: String {
        switch self {
        case .request(let s): return "Request(#\(s))"
        case .forward(let c, let s): return "Forward(c\(c + 1)#\(s))"
        case .done(let c, let s, let svc, let w, let q): return "Done(c\(c + 1)#\(s) service=\(svc)us wait≈\(w)us q=\(q))"
        case .rejected(let c, let s): return "Rejected(c\(c + 1)#\(s))"
        case .response(let s, let ok): return "Response(#\(s) \(ok ? "ok" : "rejected"))"
        case .ping: return "Ping"
        case .pong(let q): return "Pong(q=\(q))"
        case .hello(let i): return "Hello(incarnation \(i))"
        }
    }
}

/// Timers: a backend's service slot finishing, the balancer's health round.
public enum BalancerTimer: Hashable, Sendable, CustomStringConvertible {
    case slot(Int)
    case health
    public var description: String {
        switch self {
        case .slot(let i): return "slot\(i)"
        case .health: return "health"
        }
    }
}
