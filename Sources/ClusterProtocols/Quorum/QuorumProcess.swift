import ClusterSim

/// The node type the engine runs for the quorum store: servers and clients
/// are both processes of the cluster, as in `RaftProcess`.
public struct QuorumProcess: NodeStateMachine {
    public typealias Message = QuorumMessage
    public typealias TimerTag = QuorumTimer
    public typealias Config = QuorumConfig
    public typealias Durable = QuorumDurable

    public static let protocolName = "quorum"

    public private(set) var server: QuorumServer?
    public private(set) var client: QuorumClient?
    /// Messages this process has received (the benchmark's deliveries).
    public private(set) var received = 0

    public init(id: NodeID, layout: ClusterLayout, config: QuorumConfig, durable: QuorumDurable?) {
        if layout.isClient(id) {
            client = QuorumClient(id: id, layout: layout, workload: config.workload)
        } else {
            server = QuorumServer(id: id, serverCount: layout.serverCount, config: config, durable: durable)
        }
    }

    public mutating func start(_ context: inout QuorumContext) {
        server?.start(&context)
        client?.start(&context)
    }

    public mutating func receive(_ message: QuorumMessage, from: NodeID, _ context: inout QuorumContext) {
        received &+= 1
        server?.receive(message, from: from, &context)
        client?.receive(message, from: from, &context)
    }

    public mutating func timerFired(_ tag: QuorumTimer, _ context: inout QuorumContext) {
        server?.timerFired(tag, &context)
        client?.timerFired(tag, &context)
    }

    public mutating func command(_ text: String, _ context: inout QuorumContext) {
        if server != nil { server!.command(text, &context) }
        if client != nil { client!.command(text, &context) }
    }

    /// Cheap: the full summary merges every SSTable.
    public var headline: NodeHeadline {
        server != nil ? NodeHeadline(role: "replica", tone: .follower) : NodeHeadline(role: "client")
    }

    public var summary: NodeSummary {
        server?.summary ?? client?.summary ?? NodeSummary(role: "?")
    }
}
