import ClusterSim

/// The node type the engine runs for `protocol: consul`: every node gossips
/// membership with SWIM (`MembershipNode`, unchanged — Consul's Serf is a
/// SWIM); the first `consulServers` nodes are also Raft servers holding the
/// catalog (`ConsulServer`), the others are agents running the service
/// (`ConsulAgent`); clients are catalog-driven load balancers.
public struct DiscoveryProcess: NodeStateMachine {
    public typealias Message = DiscoveryMessage
    public typealias TimerTag = DiscoveryTimer
    public typealias Durable = DiscoveryDurable
    public typealias Config = DiscoveryConfig

    public static let protocolName = "consul"

    public internal(set) var members: MembershipNode?
    public internal(set) var server: ConsulServer?
    public internal(set) var agent: ConsulAgent?
    public internal(set) var balancer: CatalogBalancer?

    static let gossip = EmbeddedHandler<MembershipNode, DiscoveryProcess>(message: { .swim($0) }, timer: { .swim($0) })

    public init(id: NodeID, layout: ClusterLayout, config: DiscoveryConfig, durable: DiscoveryDurable?) {
        if layout.isClient(id) {
            balancer = CatalogBalancer(id: id, layout: layout, config: config)
            return
        }
        members = MembershipNode(id: id, layout: layout, config: config.swim, durable: nil)
        if id.index < config.consulServers {
            server = ConsulServer(id: id, layout: layout, config: config, durable: durable?.raft)
        } else {
            agent = ConsulAgent(id: id, layout: layout, config: config, requests: durable?.agentRequests ?? 0)
        }
    }

    public mutating func start(_ context: inout DiscoveryContext) {
        if members != nil { Self.gossip.run(&context, drawsRandom: true) { members!.start(&$0) } }
        server?.start(&context)
        agent?.start(&context)
        balancer?.start(&context)
    }

    public mutating func receive(_ message: DiscoveryMessage, from: NodeID, _ context: inout DiscoveryContext) {
        if case .swim(let m) = message {
            guard members != nil else { return }
            let deadBefore = members!.dead
            Self.gossip.run(&context, drawsRandom: true) { members!.receive(m, from: from, &$0) }
            // A server hears of a failure (or a recovery) at once; the leader reconciles it.
            if server != nil, members!.dead != deadBefore { context.setTimer(.reconcile, after: 0) }
            return
        }
        server?.receive(message, from: from, &context)
        agent?.receive(message, from: from, &context)
        balancer?.receive(message, from: from, &context)
    }

    public mutating func timerFired(_ tag: DiscoveryTimer, _ context: inout DiscoveryContext) {
        if case .swim(let t) = tag {
            guard members != nil else { return }
            let deadBefore = members!.dead
            Self.gossip.run(&context, drawsRandom: true) { members!.timerFired(t, &$0) }
            if server != nil, members!.dead != deadBefore { context.setTimer(.reconcile, after: 0) }
            return
        }
        server?.timerFired(tag, &context, members: members)
        agent?.timerFired(tag, &context)
        balancer?.timerFired(tag, &context)
    }

    public mutating func command(_ text: String, _ context: inout DiscoveryContext) {
        let words = text.split(separator: " ").map(String.init)
        if server != nil { server!.command(words, &context) }
        else if agent != nil { agent!.command(words, &context) }
        else { context.log("ignores command '\(text)': the balancer looks its backends up by itself") }
    }

    /// Every command a server or an agent takes (which is which depends on
    /// `consul_servers`; a node given the other kind's command says so).
    public static let commands = [
        CommandUsage("check", ["SERVICE", "passing|warning|critical"], example: "check web critical",
                     help: "agent: the service turns this way; its check notices"),
        CommandUsage("register", ["SERVICE", "PORT", "[TAG,TAG]"], example: "register api 9090 v2",
                     help: "agent: a new service, synced to the catalog"),
        CommandUsage("deregister", ["SERVICE"], example: "deregister web", help: "agent: remove a service"),
        CommandUsage("lookup", ["SERVICE"], example: "lookup web", help: "the healthy instances, as DNS would answer"),
        CommandUsage("catalog", [], example: "catalog", help: "server: log every catalog entry"),
    ]

    public static func commands(at id: NodeID, in layout: ClusterLayout) -> [CommandUsage] {
        layout.isClient(id) ? [] : commands
    }
}
