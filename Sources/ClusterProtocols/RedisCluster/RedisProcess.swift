import ClusterSim

/// The node type the engine runs for Redis Cluster: servers (masters and
/// replicas) and clients are all processes of the cluster.
public struct RedisProcess: NodeStateMachine {
    public typealias Message = RedisMessage
    public typealias TimerTag = RedisTimer
    public typealias Config = RedisClusterConfig

    public static let protocolName = "redis"

    public private(set) var server: RedisServer?
    public private(set) var client: RedisClient?

    public init(id: NodeID, layout: ClusterLayout, config: RedisClusterConfig, durable: NoDurableState?) {
        if layout.isClient(id) {
            client = RedisClient(id: id, layout: layout, config: config)
        } else {
            server = RedisServer(id: id, layout: layout, config: config)
        }
    }

    public mutating func start(_ context: inout RedisContext) {
        server?.start(&context)
        client?.start(&context)
    }

    public mutating func receive(_ message: RedisMessage, from: NodeID, _ context: inout RedisContext) {
        server?.receive(message, from: from, &context)
        client?.receive(message, from: from, &context)
    }

    public mutating func timerFired(_ tag: RedisTimer, _ context: inout RedisContext) {
        server?.timerFired(tag, &context)
        client?.timerFired(tag, &context)
    }

    public mutating func command(_ text: String, _ context: inout RedisContext) {
        if server != nil { server!.command(text, &context) } else {
            context.log("ignores command '\(text)': clients run their own workload")
        }
    }

    public var summary: NodeSummary { server?.summary ?? client?.summary ?? NodeSummary(role: "?") }
    public var headline: NodeHeadline { server?.headline ?? client?.summary.headline ?? NodeHeadline(role: "?") }
}
