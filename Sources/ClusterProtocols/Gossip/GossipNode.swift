import ClusterSim

/// Broadcast by gossip: every server starts knowing one value; every round it
/// pushes what it knows to `fanout` random peers, which answer with what the
/// sender was missing (push–pull). Under loss and partitions rounds keep
/// retrying, so once the network heals every server ends up with every value.
public struct GossipNode: NodeStateMachine {
    public static let protocolName = "gossip"

    public struct Config: Sendable {
        public var fanout: Int
        /// Time between rounds (each node's rounds get jitter of a fifth of this).
        public var interval: Int64
        public init(fanout: Int = 2, interval: Int64 = 100_000) { self.fanout = fanout; self.interval = interval }
    }

    public enum Message: ProtocolMessage, Hashable {
        /// What the sender knows.
        case push([Int])
        /// What the receiver knew and the sender did not.
        case pull([Int])
        public var kind: String { if case .push = self { return "Push" } else { return "Pull" } }
        public var isReply: Bool { if case .pull = self { return true } else { return false } }
        public var description: String {
            switch self {
            case .push(let v): return "Push(\(v.map(String.init).joined(separator: ",")))"
            case .pull(let v): return "Pull(\(v.map(String.init).joined(separator: ",")))"
            }
        }
    }

    public enum Timer: String, Hashable, Sendable, CustomStringConvertible {
        case round
        public var description: String { rawValue }
    }

    public let id: NodeID
    public private(set) var known: Set<Int>
    public private(set) var rounds = 0
    let config: Config
    let servers: Int

    public init(id: NodeID, layout: ClusterLayout, config: Config, durable: NoDurableState?) {
        self.id = id; self.config = config; servers = layout.serverCount
        known = layout.isClient(id) ? [] : [id.index + 1]
    }

    public mutating func start(_ context: inout NodeContext<GossipNode>) {
        guard id.index < servers else { return }
        context.setTimer(.round, after: config.interval, jitter: config.interval / 5)
    }

    public mutating func receive(_ message: Message, from: NodeID, _ context: inout NodeContext<GossipNode>) {
        switch message {
        case .push(let values):
            learn(values, &context)
            let missing = known.subtracting(values).sorted()
            if !missing.isEmpty { context.send(.pull(missing), to: from) }
        case .pull(let values):
            learn(values, &context)
        }
    }

    mutating func learn(_ values: [Int], _ context: inout NodeContext<GossipNode>) {
        let before = known.count
        known.formUnion(values)
        if known.count > before { context.log("learned \(known.count - before) value(s); knows \(known.count)") }
    }

    public mutating func timerFired(_ tag: Timer, _ context: inout NodeContext<GossipNode>) {
        rounds += 1
        var peers = Array(0..<servers).filter { $0 != id.index }
        let values = known.sorted()
        for _ in 0..<min(config.fanout, peers.count) {
            let i = context.random(below: peers.count)
            context.send(.push(values), to: NodeID(peers.remove(at: i)))
        }
        context.setTimer(.round, after: config.interval, jitter: config.interval / 5)
    }

    public mutating func command(_ text: String, _ context: inout NodeContext<GossipNode>) {
        let words = text.split(separator: " ")
        guard words.count == 2, words[0] == "broadcast", let v = Int(words[1]) else {
            context.log("unknown command '\(text)': try 'broadcast 42'")
            return
        }
        learn([v], &context)
    }

    public var summary: NodeSummary {
        let shown = known.sorted().prefix(12).map(String.init).joined(separator: ",")
        return NodeSummary(role: "gossip", tone: .follower, epoch: nil,
                           fields: [.init("knows", "\(known.count)"), .init("values", shown + (known.count > 12 ? "…" : ""))],
                           details: ["round \(rounds)", "values: " + known.sorted().map(String.init).joined(separator: ", ")])
    }
}

/// Gossip's convergence check: every running server knows every value any server knows.
public enum GossipConvergence {
    public static func check(_ sim: Simulation<GossipNode>) -> String? {
        let up = sim.layout.servers.compactMap { sim.node($0) }
        let all = up.reduce(into: Set<Int>()) { $0.formUnion($1.known) }
        let behind = up.filter { $0.known != all }
        if behind.isEmpty { return nil }
        return "not converged: " + behind.map { "\(sim.layout.name($0.id)) knows \($0.known.count)/\(all.count)" }.joined(separator: ", ")
    }
}

enum GossipProtocol {
    static let parameters: [ParameterSpec] = [.count("fanout", 1...64), .timer("interval")]
    static let workload: [ParameterSpec] = []

    static let definition = ProtocolDefinition(
        name: "gossip", summary: "Broadcast by push–pull gossip: every node ends up with every value.",
        defaultServers: 5, defaultClients: 0,
        parameters: parameters, workload: workload,
        make: { scenario, options in
            let p = try ParameterSection(scenario.parameters, declared: parameters)
            _ = try ParameterSection(scenario.workload, declared: workload)
            let config = GossipNode.Config(fanout: try p.int("fanout", default: 2),
                                           interval: try p.duration("interval", default: 100_000))
            return Simulation<GossipNode>(scenario: scenario, config: config, options: options)
        })
}
