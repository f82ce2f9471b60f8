import ClusterSim
import Foundation  // log

/// Messages of the given balancer cluster.
public enum PickerMessage: ProtocolMessage, Hashable {
    /// Client → balancer.
    case request(seq: Int)
    /// Balancer → backend: request slot `id`.
    case forward(id: Int)
    /// Backend → balancer: slot `id` served.
    case done(id: Int)
    /// Balancer → client.
    case response(seq: Int, ok: Bool)

    public var kind: String {
        switch self {
        case .request: return "Request"
        case .forward: return "Forward"
        case .done: return "Done"
        case .response: return "Response"
        }
    }
    public var isReply: Bool {
        switch self { case .done, .response: return true; default: return false }
    }
    public var description: String {
        switch self {
        case .request(let s): return "Request(#\(s))"
        case .forward(let i): return "Forward(r\(i))"
        case .done(let i): return "Done(r\(i))"
        case .response(let s, let ok): return "Response(#\(s) \(ok ? "ok" : "failed"))"
        }
    }
}

/// A backend finishing the request in service; a client's next arrival.
public enum PickerTimer: Hashable, Sendable, CustomStringConvertible {
    case served
    case arrival
    public var description: String { self == .served ? "served" : "arrival" }
}

/// The given cluster of the `load-balancer` exercise: n1 is the balancer,
/// which asks the student's picker where each request goes; n2… are
/// backends serving one request at a time in FIFO order (exponential service
/// times; the first `slow` are `slowFactor` times slower); the clients send
/// requests as a Poisson process (open loop: they do not wait for answers)
/// and record each one in the history (`invoke` when sent, `ok`/`fail` when
/// answered), which is how the suite measures true end-to-end latency.
public struct PickerCluster<Picker: BackendPicking>: NodeStateMachine {
    public typealias Message = PickerMessage
    public typealias TimerTag = PickerTimer
    public typealias Config = LoadBalancerConfig
    public static var protocolName: String { "load-balancer-exercise" }

    /// The balancer's state (n1 only).
    public struct Balancer: Sendable {
        public internal(set) var picker: Picker
        /// Requests at each backend, as the balancer itself counts them.
        public internal(set) var inFlight: [Int]
        /// Requests forwarded to each backend so far.
        public internal(set) var forwarded: [Int]
        /// Requests that failed because the picker chose no backend (or a wrong one).
        public internal(set) var failed = 0
        var slots: [(client: NodeID, seq: Int, backend: Int)?] = []
        var free: [Int] = []
        var roundRobin = 0
    }

    /// A backend's state.
    public struct Backend: Sendable {
        let mean: Int64
        var queue: [Int] = []
        var head = 0
        public internal(set) var served = 0
        public var waiting: Int { queue.count - head }
    }

    /// A client's state.
    public struct Client: Sendable {
        let rate: Double, sendFor: Int64
        var elapsed: Int64 = 0
        public internal(set) var sent = 0
    }

    public let id: NodeID
    public let strategy: LoadBalancerConfig.Strategy
    public internal(set) var balancer: Balancer?
    public internal(set) var backend: Backend?
    public internal(set) var client: Client?

    public init(id: NodeID, layout: ClusterLayout, config: LoadBalancerConfig, durable: NoDurableState?) {
        self.id = id
        strategy = config.strategy
        let backends = max(0, layout.serverCount - 1)
        if layout.isClient(id) {
            client = Client(rate: config.rate / Double(max(1, layout.clientCount)), sendFor: config.sendFor)
        } else if id.index == 0 {
            balancer = Balancer(picker: Picker(backends: backends, config: config),
                                inFlight: Array(repeating: 0, count: backends), forwarded: Array(repeating: 0, count: backends))
        } else {
            backend = Backend(mean: config.meanService(ofBackend: id.index - 1))
        }
    }

    public mutating func start(_ context: inout NodeContext<Self>) {
        if client != nil { scheduleArrival(&context) }
    }

    public mutating func receive(_ message: PickerMessage, from: NodeID, _ context: inout NodeContext<Self>) {
        switch message {
        case .request(let seq): balancerReceived(seq: seq, from: from, &context)
        case .forward(let slot):
            guard backend != nil else { return }
            backend!.queue.append(slot)
            if backend!.waiting == 1 { context.setTimer(.served, after: draw(mean: backend!.mean, &context)) }
        case .done(let slot): balancerAnswered(slot: slot, from: from, &context)
        case .response(let seq, let ok):
            context.record(HistoryOperation(process: process(seq, context), type: ok ? .ok : .fail,
                                            f: "request", key: "#\(seq)", value: .null))
        }
    }

    public mutating func timerFired(_ tag: PickerTimer, _ context: inout NodeContext<Self>) {
        switch tag {
        case .arrival:
            guard client != nil else { return }
            client!.sent += 1
            let seq = client!.sent
            context.record(HistoryOperation(process: process(seq, context), type: .invoke, f: "request", key: "#\(seq)", value: .null))
            context.send(.request(seq: seq), to: NodeID(0))
            scheduleArrival(&context)
        case .served:
            guard backend != nil, backend!.waiting > 0 else { return }
            let slot = backend!.queue[backend!.head]
            backend!.head += 1
            backend!.served += 1
            if backend!.head > 64, backend!.head * 2 > backend!.queue.count {
                backend!.queue.removeFirst(backend!.head); backend!.head = 0
            }
            context.send(.done(id: slot), to: NodeID(0))
            if backend!.waiting > 0 { context.setTimer(.served, after: draw(mean: backend!.mean, &context)) }
        }
    }

    /// Each request of a client is its own process in the history, so
    /// overlapping requests (open loop) pair up by number.
    func process(_ seq: Int, _ context: NodeContext<Self>) -> Int {
        (id.index - context.layout.serverCount) * 10_000_000 + seq
    }

    mutating func balancerReceived(seq: Int, from: NodeID, _ context: inout NodeContext<Self>) {
        // Taken out and put back, so the arrays are not copied on every request.
        guard var b = balancer.take() else { return }
        defer { balancer = b }
        let backends = b.inFlight.count
        guard context.layout.isClient(from), backends > 0 else { return }
        let choice: Int?
        if strategy == .roundRobin {
            choice = b.roundRobin; b.roundRobin = (b.roundRobin + 1) % backends
        } else {
            choice = b.picker.pick(&context)
        }
        guard let target = choice, (0..<backends).contains(target) else {
            if let bad = choice { context.log("the picker chose backend \(bad), which does not exist (0..<\(backends))") }
            b.failed += 1
            context.send(.response(seq: seq, ok: false), to: from)
            return
        }
        let slot: Int
        if let f = b.free.popLast() { slot = f; b.slots[slot] = (from, seq, target) }
        else { slot = b.slots.count; b.slots.append((from, seq, target)) }
        b.inFlight[target] += 1
        b.forwarded[target] += 1
        if strategy != .roundRobin { b.picker.forwarded(to: target, &context) }
        context.send(.forward(id: slot), to: NodeID(target + 1))
    }

    mutating func balancerAnswered(slot: Int, from: NodeID, _ context: inout NodeContext<Self>) {
        guard var b = balancer.take() else { return }
        defer { balancer = b }
        guard slot < b.slots.count, let s = b.slots[slot] else { return }
        b.slots[slot] = nil
        b.free.append(slot)
        b.inFlight[s.backend] -= 1
        if strategy != .roundRobin { b.picker.completed(at: s.backend, &context) }
        context.send(.response(seq: s.seq, ok: true), to: s.client)
    }

    mutating func scheduleArrival(_ context: inout NodeContext<Self>) {
        guard let c = client, c.rate > 0 else { return }
        let gap = draw(mean: Int64((1_000_000 / c.rate).rounded()), &context)
        client!.elapsed += gap
        if client!.elapsed <= c.sendFor { context.setTimer(.arrival, after: gap) }
    }

    /// An exponential draw with this mean (at least 1 µs).
    func draw(mean: Int64, _ context: inout NodeContext<Self>) -> Int64 {
        let u = (Double(context.random(below: 1 << 52)) + 1) / Double(1 << 52)
        return max(1, Int64((-log(u) * Double(mean)).rounded()))
    }

    public var summary: NodeSummary {
        if let b = balancer {
            var fields: [NodeSummary.Field] = [.init("strategy", strategy.rawValue), .init("failed", "\(b.failed)")]
            for i in b.inFlight.indices {
                fields.append(.init("n\(i + 2)", "\(b.inFlight[i]) in flight (picker: \(i < b.picker.inFlight.count ? String(b.picker.inFlight[i]) : "?")), \(b.forwarded[i]) sent"))
            }
            return NodeSummary(role: "balancer", tone: .leader, fields: fields)
        }
        if let k = backend {
            return NodeSummary(role: "backend", tone: k.waiting > 1 ? .warning : .follower,
                               fields: [.init("queue", "\(k.waiting)"), .init("served", "\(k.served)"), .init("mean", "\(k.mean)us")])
        }
        return NodeSummary(role: "client", tone: .neutral, fields: [.init("sent", "\(client?.sent ?? 0)")])
    }
}
