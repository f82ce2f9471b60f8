import ClusterSim

public typealias PBFTContext = NodeContext<PBFTProcess>

/// The node type the engine runs for PBFT: replicas are the servers
/// (n1 the primary), clients follow them.
public struct PBFTProcess: NodeStateMachine, Hashable {
    public typealias Message = PBFTMessage
    public typealias TimerTag = PBFTTimer
    public typealias Config = PBFTConfig

    public static let protocolName = "pbft"

    public private(set) var replica: PBFTReplica?
    public private(set) var client: PBFTClient?

    public init(id: NodeID, layout: ClusterLayout, config: PBFTConfig, durable: NoDurableState?) {
        var c = config
        c.replicas = layout.serverCount
        if layout.isClient(id) { client = PBFTClient(id: id.index, layout: layout, config: c) } else {
            replica = PBFTReplica(id: id.index, config: c)
        }
    }

    public mutating func start(_ context: inout PBFTContext) { client?.start(&context) }

    public mutating func receive(_ message: PBFTMessage, from: NodeID, _ context: inout PBFTContext) {
        replica?.receive(message, from: from, &context)
        client?.receive(message, from: from, &context)
    }

    public mutating func timerFired(_ tag: PBFTTimer, _ context: inout PBFTContext) {}

    /// `request OP` at a client: the client sends it to the primary.
    public mutating func command(_ text: String, _ context: inout PBFTContext) {
        let words = text.split(separator: " ").map(String.init)
        guard client != nil, words.count == 2, words[0] == "request" else {
            context.log("ignores command '\(text)': a client takes 'request OP'")
            return
        }
        client!.submit(words[1], &context)
    }

    public static let commands = [CommandUsage("request", ["OP"], example: "request x", help: "the client sends OP to the primary")]

    /// Clients only: replicas take requests from clients, not from people.
    public static func commands(at id: NodeID, in layout: ClusterLayout) -> [CommandUsage] {
        layout.isClient(id) ? commands : []
    }

    public var summary: NodeSummary { replica?.summary ?? client?.summary ?? NodeSummary(role: "?") }
}

/// PBFT's normal case sets no timers here (no view change, no retransmission).
public enum PBFTTimer: Hashable, Sendable, CustomStringConvertible {
    public var description: String { switch self {} }
}
