import ClusterSim

/// The node type the engine runs for Raft: servers and clients are both
/// processes of the cluster, as in Maelstrom.
///
/// A struct holding one of the two (rather than an enum) so that a handler
/// mutates the server in place instead of copying its log out and back.
public struct RaftProcess: NodeStateMachine {
    public typealias Message = RaftMessage
    public typealias TimerTag = RaftTimer
    public typealias Durable = RaftDurable
    public typealias Config = RaftConfig

    public static let protocolName = "raft"

    /// The server, if this process is one.
    public private(set) var server: RaftServer?
    /// The client, if this process is one.
    public private(set) var client: KVClient?
    /// Messages this process has received (for benchmarks).
    public private(set) var received = 0

    public init(id: NodeID, layout: ClusterLayout, config: RaftConfig, durable: RaftDurable?) {
        if layout.isClient(id) {
            client = KVClient(id: id, layout: layout, workload: config.workload)
        } else {
            server = RaftServer(id: id, serverCount: layout.serverCount, config: config, durable: durable)
        }
    }

    public init(_ server: RaftServer) { self.server = server }

    public mutating func start(_ context: inout RaftContext) {
        server?.start(&context)
        client?.start(&context)
    }

    public mutating func receive(_ message: RaftMessage, from: NodeID, _ context: inout RaftContext) {
        received &+= 1
        server?.receive(message, from: from, &context)
        client?.receive(message, from: from, &context)
    }

    public mutating func timerFired(_ tag: RaftTimer, _ context: inout RaftContext) {
        server?.timerFired(tag, &context)
        client?.timerFired(tag, &context)
    }

    public mutating func command(_ text: String, _ context: inout RaftContext) {
        if server != nil { server!.command(text, &context) } else {
            context.log("ignores command '\(text)': clients run their own workload")
        }
    }

    public var summary: NodeSummary {
        server?.summary ?? client?.summary ?? NodeSummary(role: "?")
    }

    public var headline: NodeHeadline {
        server?.headline ?? client?.summary.headline ?? NodeHeadline(role: "?")
    }
}

/// The timers of a Raft cluster's processes.
public enum RaftTimer: String, Hashable, Sendable, CustomStringConvertible {
    /// A follower or candidate that hears nothing this long starts an election.
    case election
    /// A leader's heartbeat.
    case heartbeat
    /// A leader's CheckQuorum deadline.
    case quorumCheck
    /// A client gives up on its operation.
    case requestTimeout
    /// A client tries another server.
    case retry

    public var description: String { rawValue }
}
