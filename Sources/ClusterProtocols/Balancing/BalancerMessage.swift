import ClusterSim

/// Messages of the `balancer` protocol. The balancer names each request it
/// holds by a slot `id`; `ticket` names one attempt at it, so an answer to an
/// attempt the balancer gave up on (timed out, retried) is recognised as stale.
public enum BalancerMessage: ProtocolMessage, Hashable {
    /// Client → balancer: request number `seq`, about `key`.
    case request(seq: Int, key: Int)
    /// Balancer → backend.
    case forward(id: Int, ticket: Int)
    /// Backend → balancer: served, with the service time it drew, its
    /// estimate of the time the request queued, and its queue length now.
    case done(id: Int, ticket: Int, service: Int64, wait: Int64, queue: Int)
    /// Backend → balancer: its queue was full.
    case rejected(id: Int, ticket: Int)
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
        case .request(let s, let k): return "Request(#\(s) key \(k))"
        case .forward(let i, let t): return "Forward(r\(i) t\(t))"
        case .done(let i, let t, let svc, let w, let q): return "Done(r\(i) t\(t) service=\(svc)us wait≈\(w)us q=\(q))"
        case .rejected(let i, let t): return "Rejected(r\(i) t\(t))"
        case .response(let s, let ok): return "Response(#\(s) \(ok ? "ok" : "failed"))"
        case .ping: return "Ping"
        case .pong(let q): return "Pong(q=\(q))"
        case .hello(let i): return "Hello(incarnation \(i))"
        }
    }
}

/// Timers: a backend's service slot finishing; the balancer's health round,
/// metrics window, autoscaler round, a request's timeout and retry, a
/// backend's breaker cooling down; an open-loop client's next arrival.
public enum BalancerTimer: Hashable, Sendable, CustomStringConvertible {
    case slot(Int)
    case health
    case metrics
    case autoscale
    case timeout(Int)
    case retry(Int)
    case breaker(Int)
    case arrival
    public var description: String {
        switch self {
        case .slot(let i): return "slot\(i)"
        case .health: return "health"
        case .metrics: return "metrics"
        case .autoscale: return "autoscale"
        case .timeout(let i): return "timeout r\(i)"
        case .retry(let i): return "retry r\(i)"
        case .breaker(let b): return "breaker n\(b + 2)"
        case .arrival: return "arrival"
        }
    }
}
