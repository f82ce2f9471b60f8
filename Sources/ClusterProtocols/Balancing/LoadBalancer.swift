import ClusterSim

/// The load balancer (n1): forwards each client request to the backend its
/// strategy picks and relays the reply.
///
/// Latency: handlers cannot read the clock, so the balancer cannot time a
/// request itself. Each backend reports the service time it drew and its
/// estimate of how long the request queued; the balancer's latency for a
/// request is their sum (network time excluded). That feeds its histogram
/// (p50/p99 in the summary) and the per-backend EWMA `least_latency` uses.
/// Tests measure true end-to-end latency from outside, with the engine's clock.
public struct LoadBalancer: Sendable {
    struct Pending: Sendable, Hashable {
        var seq: Int, backend: Int   // backend -1: waiting for a live backend
    }
    public let strategy: BalancingStrategy
    public private(set) var picker: BackendPicker
    public private(set) var live: [Bool]
    public private(set) var inFlight: [Int]
    /// Each backend's queue length as it last reported it.
    public private(set) var queueLength: [Int]
    public private(set) var ewma: [Double]
    public private(set) var forwarded: [Int]
    public private(set) var histogram = LatencyHistogram()
    public private(set) var completed = 0
    public private(set) var rejected = 0
    let alpha: Double
    let healthInterval: Int64
    var missed: [Int]
    /// Each backend's incarnation as its last `hello` said (0: none yet).
    var incarnations: [Int]
    var answered: [Bool]
    /// A client's outstanding request (closed-loop clients have one), by slot.
    var pending: [Pending?]
    /// Clients whose request waits for some backend to be live, oldest first.
    var waiting: [Int] = []

    init(layout: ClusterLayout, config: BalancerConfig) {
        let backends = max(0, layout.serverCount - 1)
        strategy = config.strategy
        picker = BackendPicker(strategy: config.strategy, weights: config.effectiveWeights(backends: backends))
        live = Array(repeating: true, count: backends)
        inFlight = Array(repeating: 0, count: backends)
        queueLength = Array(repeating: 0, count: backends)
        ewma = Array(repeating: 0, count: backends)
        forwarded = Array(repeating: 0, count: backends)
        missed = Array(repeating: 0, count: backends)
        incarnations = Array(repeating: 0, count: backends)
        answered = Array(repeating: false, count: backends)
        pending = Array(repeating: nil, count: layout.clientCount)
        alpha = config.ewmaAlpha
        healthInterval = config.healthInterval
    }

    mutating func start(_ context: inout NodeContext<BalancerNode>) {
        if healthInterval > 0, !live.isEmpty { context.setTimer(.health, after: healthInterval) }
    }

    mutating func receive(_ message: BalancerMessage, from: NodeID, _ context: inout NodeContext<BalancerNode>) {
        switch message {
        case .request(let seq):
            let client = from.index - context.layout.serverCount
            guard client >= 0, client < pending.count else { return }
            if let old = pending[client], old.backend >= 0 { inFlight[old.backend] -= 1 }
            pending[client] = Pending(seq: seq, backend: -1)
            dispatch(client: client, &context)
        case .done(let client, let seq, let service, let wait, let queue):
            let b = from.index - 1
            guard b >= 0, b < live.count else { return }
            queueLength[b] = queue
            let latency = service + wait
            ewma[b] = ewma[b] == 0 ? Double(latency) : alpha * Double(latency) + (1 - alpha) * ewma[b]
            guard client < pending.count, let p = pending[client], p.seq == seq, p.backend == b else { return }
            histogram.record(latency)
            inFlight[b] -= 1
            pending[client] = nil
            completed += 1
            context.send(.response(seq: seq, ok: true), to: NodeID(context.layout.serverCount + client))
        case .rejected(let client, let seq):
            let b = from.index - 1
            guard b >= 0, b < live.count, client < pending.count,
                  let p = pending[client], p.seq == seq, p.backend == b else { return }
            inFlight[b] -= 1
            pending[client] = nil
            rejected += 1
            context.send(.response(seq: seq, ok: false), to: NodeID(context.layout.serverCount + client))
        case .pong(let queue):
            let b = from.index - 1
            guard b >= 0, b < live.count else { return }
            answered[b] = true; missed[b] = 0; queueLength[b] = queue
            if !live[b] { markUp(b, &context) }
        case .hello(let incarnation):
            let b = from.index - 1
            guard b >= 0, b < live.count, incarnation > incarnations[b] else { return }
            let restarted = incarnations[b] > 0
            incarnations[b] = incarnation
            if !live[b] { markUp(b, &context) } else if restarted { failOver(b, &context) }
        default:
            break
        }
    }

    /// Sends a client's pending request to a backend, or parks it.
    mutating func dispatch(client: Int, _ context: inout NodeContext<BalancerNode>) {
        guard var p = pending[client] else { return }
        guard let b = picker.pick(live: live, inFlight: inFlight, latency: ewma,
                                  random: { context.random(below: $0) }) else {
            p.backend = -1; pending[client] = p; waiting.append(client)
            return
        }
        p.backend = b; pending[client] = p
        inFlight[b] += 1; forwarded[b] += 1
        context.send(.forward(client: client, seq: p.seq), to: NodeID(b + 1))
    }

    mutating func healthRound(_ context: inout NodeContext<BalancerNode>) {
        for b in live.indices {
            if !answered[b] {
                missed[b] += 1
                if missed[b] >= 2, live[b] {
                    live[b] = false
                    context.log("n\(b + 2) missed \(missed[b]) health checks: out of rotation")
                    context.stateChanged("n\(b + 2) down")
                    failOver(b, &context)
                }
            }
            answered[b] = false
            context.send(.ping, to: NodeID(b + 1))
        }
        context.setTimer(.health, after: healthInterval)
    }

    mutating func markUp(_ b: Int, _ context: inout NodeContext<BalancerNode>) {
        live[b] = true; missed[b] = 0
        context.log("n\(b + 2) answers again: back in rotation")
        context.stateChanged("n\(b + 2) up")
        let parked = waiting
        waiting.removeAll()
        for c in parked { dispatch(client: c, &context) }
    }

    /// Whatever backend `b` was serving is lost: send it elsewhere.
    mutating func failOver(_ b: Int, _ context: inout NodeContext<BalancerNode>) {
        inFlight[b] = 0; queueLength[b] = 0
        for c in pending.indices where pending[c]?.backend == b {
            pending[c]!.backend = -1
            dispatch(client: c, &context)
        }
    }

    var summary: NodeSummary {
        var fields: [NodeSummary.Field] = [.init("strategy", strategy.rawValue),
                                           .init("p50", "\(histogram.percentile(0.5))us"),
                                           .init("p99", "\(histogram.percentile(0.99))us")]
        for b in live.indices {
            fields.append(.init("n\(b + 2)", live[b] ? "\(inFlight[b]) in flight, q \(queueLength[b])" : "down"))
        }
        var details = ["strategy \(strategy.rawValue); completed \(completed), rejected \(rejected), waiting \(waiting.count)",
                       "latency = backend-reported queue wait + service (no network): p50 \(histogram.percentile(0.5))us, p99 \(histogram.percentile(0.99))us"]
        for b in live.indices {
            details.append("n\(b + 2): \(live[b] ? "live" : "down"), in flight \(inFlight[b]), queue \(queueLength[b]), forwarded \(forwarded[b]), ewma \(Int(ewma[b]))us")
        }
        return NodeSummary(role: "balancer", tone: .leader, fields: fields, details: details)
    }
}
