import ClusterSim

/// A node for engine tests: counts what it receives in volatile state and
/// persists a separate durable count, pings peers on a timer.
public struct PingNode: NodeStateMachine {
    public static let protocolName = "ping-test"
    public struct Config: Sendable {
        public var interval: Int64
        public var jitter: Int64
        public init(interval: Int64 = 10_000, jitter: Int64 = 2_000) { self.interval = interval; self.jitter = jitter }
    }
    public enum Message: ProtocolMessage, Hashable {
        case ping(Int), pong(Int)
        public var kind: String { if case .ping = self { return "Ping" } else { return "Pong" } }
        public var isReply: Bool { if case .pong = self { return true } else { return false } }
        public var description: String {
            switch self { case .ping(let n): return "Ping(\(n))"; case .pong(let n): return "Pong(\(n))" }
        }
    }
    public enum Timer: String, Hashable, Sendable, CustomStringConvertible {
        case tick
        public var description: String { rawValue }
    }
    public struct Durable: Sendable, Hashable { public var persistedPongs: Int }

    public let id: NodeID
    public var volatilePings = 0
    public var persistedPongs: Int
    public var restarts: Int
    let config: Config
    let servers: Int

    public init(id: NodeID, layout: ClusterLayout, config: Config, durable: Durable?) {
        self.id = id; self.config = config; servers = layout.serverCount
        persistedPongs = durable?.persistedPongs ?? 0
        restarts = durable == nil ? 0 : 1
    }

    public mutating func start(_ context: inout NodeContext<PingNode>) {
        context.setTimer(.tick, after: config.interval, jitter: config.jitter)
    }

    public mutating func receive(_ message: Message, from: NodeID, _ context: inout NodeContext<PingNode>) {
        switch message {
        case .ping(let n):
            volatilePings += 1
            context.send(.pong(n), to: from)
        case .pong:
            persistedPongs += 1
            context.persist(Durable(persistedPongs: persistedPongs))
        }
    }

    public mutating func timerFired(_ tag: Timer, _ context: inout NodeContext<PingNode>) {
        let peer = (id.index + 1 + context.random(below: servers - 1)) % servers
        context.send(.ping(volatilePings), to: NodeID(peer))
        context.setTimer(.tick, after: config.interval, jitter: config.jitter)
    }

    public var summary: NodeSummary {
        NodeSummary(role: "ping", fields: [.init("pings", "\(volatilePings)"), .init("pongs", "\(persistedPongs)")])
    }
}
