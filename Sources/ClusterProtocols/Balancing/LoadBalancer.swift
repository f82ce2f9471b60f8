import ClusterSim

/// The load balancer (n1): holds each client request in a slot, forwards it
/// to the backend its strategy picks, retries failed attempts, and relays
/// the answer.
///
/// Latency: handlers cannot read the clock, so the balancer cannot time a
/// request itself. Each backend reports the service time it drew and its
/// estimate of how long the request queued; the balancer's latency for a
/// request is their sum plus the timeouts and backoffs it waited itself
/// (network time excluded). That feeds its histograms (p50/p99) and the
/// per-backend EWMA `least_latency` uses. Tests measure true end-to-end
/// latency from outside, with the engine's clock.
public struct LoadBalancer: Sendable {
    /// A request the balancer holds, in slot `id`.
    struct Request: Sendable, Hashable {
        var client: Int, seq: Int, key: Int
        var backend = -1          // -1: not at a backend now
        var attempt = 0           // retries so far
        var ticket = 0            // the current attempt's name
        var elapsed: Int64 = 0    // timeouts and backoffs waited so far
        var inUse = true
    }
    public internal(set) var strategy: BalancingStrategy
    public internal(set) var picker: BackendPicker
    /// Health checks say the backend answers.
    public internal(set) var live: [Bool]
    /// The autoscaler has it in rotation (spares start out of it).
    public internal(set) var inRotation: [Bool]
    /// What the picker may choose now: live, in rotation, breaker not open.
    public internal(set) var eligible: [Bool]
    public internal(set) var inFlight: [Int]
    /// Each backend's queue length as it last reported it.
    public internal(set) var queueLength: [Int]
    public internal(set) var ewma: [Double]
    public internal(set) var forwarded: [Int]
    public internal(set) var histogram = LatencyHistogram()
    public internal(set) var completed = 0
    /// Requests answered with a failure (rejected or timed out, retries used up).
    public internal(set) var rejected = 0
    public internal(set) var retried = 0
    public internal(set) var timeouts = 0
    public internal(set) var breakers: [CircuitBreaker]
    public internal(set) var metrics: BalancerMetrics
    public internal(set) var autoscaler: Autoscaler?
    let config: BalancerConfig
    var missed: [Int]
    /// Each backend's incarnation as its last `hello` said (0: none yet).
    var incarnations: [Int]
    var answered: [Bool]
    var requests: [Request] = []
    var free: [Int] = []
    var nextTicket = 0
    /// Requests waiting for some backend to be eligible, oldest first.
    var waiting: [Int] = []

    init(layout: ClusterLayout, config: BalancerConfig) {
        let backends = max(0, layout.serverCount - 1)
        self.config = config
        strategy = config.strategy
        picker = BackendPicker(strategy: config.strategy, weights: config.effectiveWeights(backends: backends),
                               epsilon: config.epsilon)
        live = Array(repeating: true, count: backends)
        let active = config.autoscale.map { Swift.min($0.min, backends) } ?? backends
        inRotation = (0..<backends).map { $0 < active }
        eligible = inRotation
        inFlight = Array(repeating: 0, count: backends)
        queueLength = Array(repeating: 0, count: backends)
        ewma = Array(repeating: 0, count: backends)
        forwarded = Array(repeating: 0, count: backends)
        missed = Array(repeating: 0, count: backends)
        incarnations = Array(repeating: 0, count: backends)
        answered = Array(repeating: false, count: backends)
        breakers = Array(repeating: CircuitBreaker(), count: backends)
        metrics = BalancerMetrics(backends: backends)
        autoscaler = config.autoscale.map { Autoscaler(policy: $0) }
        requests.reserveCapacity(layout.clientCount)
    }

    mutating func start(_ context: inout NodeContext<BalancerNode>) {
        guard !live.isEmpty else { return }
        if config.healthInterval > 0 { context.setTimer(.health, after: config.healthInterval) }
        if config.metricsWindow > 0 { context.setTimer(.metrics, after: config.metricsWindow) }
        if let a = autoscaler { context.setTimer(.autoscale, after: a.policy.interval) }
    }

    mutating func timerFired(_ tag: BalancerTimer, _ context: inout NodeContext<BalancerNode>) {
        switch tag {
        case .health: healthRound(&context)
        case .metrics:
            metrics.closeWindow(length: config.metricsWindow, concurrency: config.concurrency, queues: queueLength)
            context.setTimer(.metrics, after: config.metricsWindow)
        case .autoscale: autoscaleRound(&context)
        case .timeout(let id): timedOut(id, &context)
        case .retry(let id): if id < requests.count, requests[id].inUse { dispatch(id, &context) }
        case .breaker(let b): cooled(b, &context)
        case .slot, .arrival: break
        }
    }

    /// `strategy NAME` switches strategy live.
    mutating func command(_ text: String, _ context: inout NodeContext<BalancerNode>) {
        let words = text.split(separator: " ").map(String.init)
        let names = BalancingStrategy.allCases.map(\.rawValue)
        guard words.count == 2, words[0] == "strategy", let s = BalancingStrategy(rawValue: words[1]) else {
            context.log("unknown command '\(text)': try strategy \(names.joined(separator: "|"))")
            return
        }
        strategy = s
        picker = picker.switched(to: s)
        context.log("strategy now \(s.rawValue)")
        context.stateChanged("strategy \(s.rawValue)")
    }

    mutating func receive(_ message: BalancerMessage, from: NodeID, _ context: inout NodeContext<BalancerNode>) {
        switch message {
        case .request(let seq, let key):
            let client = from.index - context.layout.serverCount
            guard client >= 0 else { return }
            let r = Request(client: client, seq: seq, key: key)
            let id: Int
            if let f = free.popLast() { id = f; requests[id] = r } else { id = requests.count; requests.append(r) }
            dispatch(id, &context)
        case .done(let id, let ticket, let service, let wait, let queue):
            let b = from.index - 1
            guard b >= 0, b < live.count else { return }
            queueLength[b] = queue
            metrics.busy[b] = SaturatingTime.add(metrics.busy[b], service)
            metrics.roundBusy[b] = SaturatingTime.add(metrics.roundBusy[b], service)
            let latency = SaturatingTime.add(service, wait)
            ewma[b] = ewma[b] == 0 ? Double(latency) : config.ewmaAlpha * Double(latency) + (1 - config.ewmaAlpha) * ewma[b]
            guard isCurrent(id, ticket, b) else { return }
            let total = SaturatingTime.add(requests[id].elapsed, latency)
            histogram.record(total)
            metrics.record(total, backend: b)
            inFlight[b] -= 1
            completed += 1
            succeeded(b, &context)
            if config.timeout > 0 { context.cancelTimer(.timeout(id)) }
            answer(id, ok: true, &context)
        case .rejected(let id, let ticket):
            let b = from.index - 1
            guard b >= 0, b < live.count, isCurrent(id, ticket, b) else { return }
            if config.timeout > 0 { context.cancelTimer(.timeout(id)) }
            attemptFailed(id, &context)
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

    func isCurrent(_ id: Int, _ ticket: Int, _ b: Int) -> Bool {
        id < requests.count && requests[id].inUse && requests[id].ticket == ticket && requests[id].backend == b
    }

    /// Sends a request to a backend, or parks it until one is eligible.
    mutating func dispatch(_ id: Int, _ context: inout NodeContext<BalancerNode>) {
        guard let b = picker.pick(live: eligible, inFlight: inFlight, latency: ewma, key: requests[id].key,
                                  random: { context.random(below: $0) }) else {
            requests[id].backend = -1
            waiting.append(id)
            return
        }
        nextTicket &+= 1
        requests[id].backend = b; requests[id].ticket = nextTicket
        inFlight[b] += 1; forwarded[b] += 1
        if breakers[b].state == .halfOpen { breakers[b].trialInFlight = true; refresh(b) }
        context.send(.forward(id: id, ticket: nextTicket), to: NodeID(b + 1))
        if config.timeout > 0 { context.setTimer(.timeout(id), after: config.timeout) }
    }

    /// Answers the client and frees the slot.
    mutating func answer(_ id: Int, ok: Bool, _ context: inout NodeContext<BalancerNode>) {
        let r = requests[id]
        requests[id].inUse = false; requests[id].backend = -1
        free.append(id)
        context.send(.response(seq: r.seq, ok: ok), to: NodeID(context.layout.serverCount + r.client))
    }

    /// Recomputes whether the picker may choose backend `b`; if it now may,
    /// sends it whatever was waiting.
    mutating func refresh(_ b: Int, _ context: inout NodeContext<BalancerNode>) {
        refresh(b)
        if eligible[b], !waiting.isEmpty {
            let parked = waiting
            waiting.removeAll()
            for id in parked where requests[id].inUse { dispatch(id, &context) }
        }
    }

    mutating func refresh(_ b: Int) {
        eligible[b] = live[b] && inRotation[b] && breakers[b].admits
    }

    mutating func healthRound(_ context: inout NodeContext<BalancerNode>) {
        for b in live.indices {
            if !answered[b] {
                missed[b] += 1
                if missed[b] >= 2, live[b] {
                    live[b] = false
                    refresh(b)
                    context.log("n\(b + 2) missed \(missed[b]) health checks: out of rotation")
                    context.stateChanged("n\(b + 2) down")
                    failOver(b, &context)
                }
            }
            answered[b] = false
            context.send(.ping, to: NodeID(b + 1))
        }
        context.setTimer(.health, after: config.healthInterval)
    }

    mutating func markUp(_ b: Int, _ context: inout NodeContext<BalancerNode>) {
        live[b] = true; missed[b] = 0
        context.log("n\(b + 2) answers again: back in rotation")
        context.stateChanged("n\(b + 2) up")
        refresh(b, &context)
    }

    /// Whatever backend `b` was serving is lost: send it elsewhere (not a
    /// retry: the balancer knows the work was lost, not that it failed).
    mutating func failOver(_ b: Int, _ context: inout NodeContext<BalancerNode>) {
        inFlight[b] = 0; queueLength[b] = 0
        if breakers[b].trialInFlight { breakers[b].trialInFlight = false; refresh(b) }
        for id in requests.indices where requests[id].inUse && requests[id].backend == b {
            if config.timeout > 0 { context.cancelTimer(.timeout(id)) }
            requests[id].backend = -1
            dispatch(id, &context)
        }
    }
}
