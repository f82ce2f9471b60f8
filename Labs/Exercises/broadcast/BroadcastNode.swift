import ClusterSim
import ExerciseKit

/// A broadcast server: it is handed values (`broadcast N`), keeps every value
/// it has seen in `values`, and gets every value to every other server.
///
/// A pure state machine: handlers read only the node's state and their
/// input, and act only through `context` (send, set a timer, log). No clock,
/// no I/O. The parts marked `todo` are yours; change anything else you like
/// (add message cases, timers, fields).
public struct BroadcastNode: BroadcastServer {
    public static let protocolName = "broadcast"
    public static var commands: [CommandUsage] { [BroadcastRequest.usage] }

    public enum Message: ProtocolMessage, Hashable {
        /// Values the sender wants the receiver to hold.
        case gossip([Int])
        /// The receiver's answer: these values are held now.
        case ack([Int])

        public var kind: String {
            switch self {
            case .gossip: return "Gossip"
            case .ack: return "Ack"
            }
        }
        public var isReply: Bool { if case .ack = self { return true } else { return false } }
        public var description: String {
            switch self {
            case .gossip(let vs): return "Gossip(" + vs.map(String.init).joined(separator: ",") + ")"
            case .ack(let vs): return "Ack(" + vs.map(String.init).joined(separator: ",") + ")"
            }
        }
    }

    public enum Timer: String, Hashable, Sendable, CustomStringConvertible {
        /// Time to resend what peers have not acknowledged.
        case retry
        public var description: String { rawValue }
    }

    public let id: NodeID
    let config: BroadcastConfig
    /// Every other server.
    let peers: [NodeID]
    public private(set) var values: Set<Int> = []

    public init(id: NodeID, layout: ClusterLayout, config: BroadcastConfig, durable: NoDurableState?) {
        self.id = id; self.config = config
        peers = layout.servers.filter { $0 != id }
        // config.neighbours(of: id) is the suggested topology (a ring).
    }

    public mutating func start(_ context: inout NodeContext<BroadcastNode>) {
        context.setTimer(.retry, after: config.retryInterval)
    }

    public mutating func command(_ text: String, _ context: inout NodeContext<BroadcastNode>) {
        guard let value = BroadcastRequest.value(in: text) else {
            context.log("unknown command '\(text)': try 'broadcast 42'")
            return
        }
        broadcast(value, &context)
    }

    /// This server is handed `value`: hold it (that acknowledges it) and start getting it to every other server.
    mutating func broadcast(_ value: Int, _ context: inout NodeContext<BroadcastNode>) {
        todo("hold a broadcast value and send it to the other servers", &context)
    }

    public mutating func receive(_ message: Message, from: NodeID, _ context: inout NodeContext<BroadcastNode>) {
        switch message {
        case .gossip:
            todo("hold gossiped values and acknowledge them", &context)
        case .ack:
            todo("note which values a peer acknowledged", &context)
        }
    }

    public mutating func timerFired(_ tag: Timer, _ context: inout NodeContext<BroadcastNode>) {
        todo("resend what peers have not acknowledged, then set the timer again", &context)
    }

    public var summary: NodeSummary {
        let shown = values.sorted().prefix(12).map(String.init).joined(separator: ",")
        return NodeSummary(role: "broadcast", tone: .follower,
                           fields: [.init("holds", "\(values.count)"), .init("values", shown + (values.count > 12 ? "…" : ""))],
                           details: ["values: " + values.sorted().map(String.init).joined(separator: ", ")])
    }
}
