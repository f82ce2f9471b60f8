import ClusterSim

/// A closed-loop client: sends its next request when the previous one is answered.
public struct BalancerClient: Sendable {
    public let limit: Int
    public private(set) var sent = 0
    public private(set) var succeeded = 0
    public private(set) var failed = 0
    public var isDone: Bool { limit > 0 && succeeded + failed >= limit }

    mutating func next(_ context: inout NodeContext<BalancerNode>) {
        guard limit == 0 || sent < limit else { return }
        sent += 1
        context.send(.request(seq: sent), to: NodeID(0))
    }

    mutating func receive(_ message: BalancerMessage, _ context: inout NodeContext<BalancerNode>) {
        guard case .response(let seq, let ok) = message, seq == sent else { return }
        if ok { succeeded += 1 } else { failed += 1 }
        next(&context)
    }

    var summary: NodeSummary {
        NodeSummary(role: "client", tone: .neutral,
                    fields: [.init("sent", "\(sent)"), .init("ok", "\(succeeded)"), .init("failed", "\(failed)")])
    }
}

/// The node the engine runs for `balancer`: n1 the load balancer, the other
/// servers backends, then closed-loop clients.
public struct BalancerNode: NodeStateMachine {
    public typealias Message = BalancerMessage
    public typealias TimerTag = BalancerTimer
    public typealias Config = BalancerConfig
    /// A backend's incarnation: how many times it has started.
    public typealias Durable = Int
    public static let protocolName = "balancer"

    public private(set) var balancer: LoadBalancer?
    public private(set) var backend: BalancerBackend?
    public private(set) var client: BalancerClient?
    /// Messages this node has received (the benchmark's deliveries).
    public private(set) var received = 0
    let incarnation: Int

    public init(id: NodeID, layout: ClusterLayout, config: BalancerConfig, durable: Int?) {
        incarnation = (durable ?? 0) + 1
        if layout.isClient(id) { client = BalancerClient(limit: config.requestsPerClient) }
        else if id.index == 0 { balancer = LoadBalancer(layout: layout, config: config) }
        else { backend = BalancerBackend(index: id.index - 1, config: config) }
    }

    public mutating func start(_ context: inout NodeContext<BalancerNode>) {
        balancer?.start(&context)
        if backend != nil {
            context.persist(incarnation)
            context.send(.hello(incarnation: incarnation), to: NodeID(0))
        }
        client?.next(&context)
    }

    public mutating func receive(_ message: BalancerMessage, from: NodeID, _ context: inout NodeContext<BalancerNode>) {
        received &+= 1
        if balancer != nil { balancer!.receive(message, from: from, &context) }
        else if backend != nil { backend!.receive(message, from: from, &context) }
        else { client?.receive(message, &context) }
    }

    public mutating func timerFired(_ tag: BalancerTimer, _ context: inout NodeContext<BalancerNode>) {
        switch tag {
        case .health: balancer?.healthRound(&context)
        case .slot(let i): backend?.finish(slot: i, &context)
        }
    }

    public mutating func command(_ text: String, _ context: inout NodeContext<BalancerNode>) {
        context.log("ignores command '\(text)': clients run their own workload")
    }

    public var summary: NodeSummary {
        balancer?.summary ?? backend?.summary ?? client?.summary ?? NodeSummary(role: "?")
    }
}
