import ClusterSim

/// The node the engine runs for `balancer`: n1 the load balancer, the other
/// servers backends, then the clients.
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
        if layout.isClient(id) { client = BalancerClient(config: config, clients: layout.clientCount) }
        else if id.index == 0 { balancer = LoadBalancer(layout: layout, config: config) }
        else { backend = BalancerBackend(index: id.index - 1, config: config) }
    }

    public mutating func start(_ context: inout NodeContext<BalancerNode>) {
        balancer?.start(&context)
        if backend != nil {
            context.persist(incarnation)
            context.send(.hello(incarnation: incarnation), to: NodeID(0))
        }
        client?.start(&context)
    }

    public mutating func receive(_ message: BalancerMessage, from: NodeID, _ context: inout NodeContext<BalancerNode>) {
        received &+= 1
        if balancer != nil { balancer!.receive(message, from: from, &context) }
        else if backend != nil { backend!.receive(message, from: from, &context) }
        else { client?.receive(message, &context) }
    }

    public mutating func timerFired(_ tag: BalancerTimer, _ context: inout NodeContext<BalancerNode>) {
        switch tag {
        case .slot(let i): backend?.finish(slot: i, &context)
        case .arrival: client?.arrive(&context)
        default: balancer?.timerFired(tag, &context)
        }
    }

    /// The balancer takes `strategy NAME`: a live switch, recorded in the run.
    public mutating func command(_ text: String, _ context: inout NodeContext<BalancerNode>) {
        guard balancer != nil else {
            context.log("ignores command '\(text)': only the balancer (n1) takes commands, e.g. strategy least_connections")
            return
        }
        balancer!.command(text, &context)
    }

    public var summary: NodeSummary {
        balancer?.summary ?? backend?.summary ?? client?.summary ?? NodeSummary(role: "?")
    }
}
